"""The library index built by `reader index` in a child process, for the
app: its own interpreter, so that indexing never takes the UI's turn (the
GIL), and the same code and lock as the command line's."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from .building import Progress


class IndexRunner:
    """Runs `reader index CORPUS --progress lines` and hands each progress
    line to `on_progress`, then `on_end(ok)` when the process ends (from
    its own thread: the app posts a message)."""

    def __init__(
        self,
        corpus: Path,
        annotations: Path | None,
        on_progress: Callable[[Progress], None],
        on_end: Callable[[bool], None],
    ) -> None:
        self.command = [sys.executable, "-m", "reader", "index", str(corpus), "--progress", "lines"]
        if annotations is not None:
            self.command += ["--annotations", str(annotations)]
        self.on_progress = on_progress
        self.on_end = on_end
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        try:
            # No terminal: its standard input and error are not the UI's.
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
            )
        except OSError:
            self.on_end(False)
            return
        threading.Thread(target=self._follow, args=(self.process,), name="index-runner", daemon=True).start()

    def _follow(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                self.on_progress(Progress(**json.loads(line)))
            except (ValueError, TypeError):
                continue
        self.on_end(process.wait() == 0)

    def stop(self) -> None:
        """End the build now (the next one resumes from its last commit)."""
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(2.0)
            except subprocess.TimeoutExpired:
                process.kill()
