"""The installed `reader` in a real terminal: tmux runs it, tests type and read the screen."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

READER = Path(sys.executable).with_name("reader")


class Terminal:
    """A tmux session (120×40 unless told) on a private server, running one command."""

    def __init__(self, command: list[str], clipboard: bool = False, size: tuple[int, int] = (120, 40)) -> None:
        """`clipboard`: tmux takes OSC 52 from the program into a buffer
        (see buffers()), as a terminal that lets programs set its clipboard."""
        columns, rows = size
        self.socket = f"reader-e2e-{uuid.uuid4().hex[:8]}"
        # default-size too, so the program never sees tmux's 80×24 first.
        # The pty is set to 120×40 before the program starts too: now and then
        # the program read tmux's first size (80×24) and missed the resize.
        shell = f"stty cols {columns} rows {rows}; exec " + " ".join(_quote(part) for part in command)
        # Set before the session starts, so that nothing the program writes first is missed.
        options = ["start-server", ";", "set-option", "-g", "set-clipboard", "on", ";"] if clipboard else []
        self._tmux(
            "-f",
            "/dev/null",
            *options,
            "new-session",
            "-d",
            "-x",
            str(columns),
            "-y",
            str(rows),
            "-s",
            "e2e",
            shell,
            ";",
            "set-option",
            "-g",
            "default-size",
            f"{columns}x{rows}",
        )

    def _tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "e2e").stdout

    def title(self) -> str:
        return self._tmux("display-message", "-p", "-t", "e2e", "#{pane_title}").stdout.strip()

    def buffers(self) -> list[str]:
        """What the program put on the clipboard (OSC 52), newest first."""
        names = self._tmux("list-buffers", "-F", "#{buffer_name}").stdout.split()
        return [self._tmux("show-buffer", "-b", name).stdout for name in names]

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "e2e", *keys)

    def paste(self, text: str) -> None:
        """Paste `text` as a terminal does (bracketed, if the program asked for it)."""
        self._tmux("set-buffer", "-b", "e2e-paste", text)
        self._tmux("paste-buffer", "-p", "-d", "-b", "e2e-paste", "-t", "e2e")

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        """The screen once every one of `texts` is on it."""
        return self._poll(lambda screen: all(text in screen for text in texts), texts, timeout)

    def wait_for_pattern(self, pattern: str, timeout: float = 20.0) -> str:
        """The screen once `pattern` (a regular expression, case ignored) is
        on it: for words the pane may wrap at any space."""
        return self._poll(lambda screen: re.search(pattern, screen, re.IGNORECASE) is not None, pattern, timeout)

    def _poll(self, shown: Callable[[str], bool], what: object, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if shown(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{what!r} never appeared; the screen was:\n{screen}")

    def wait_until_gone(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} is still on screen")
            time.sleep(0.05)

    def running(self) -> bool:
        return self._tmux("has-session", "-t", "e2e").returncode == 0

    def quit(self) -> None:
        """`q`, and the program has ended within 10 s."""
        self.keys("q")
        deadline = time.monotonic() + 10
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not self.running()

    def close(self) -> None:
        self._tmux("kill-server")


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


@pytest.fixture
def terminal():
    assert shutil.which("tmux"), "tmux is needed for the end-to-end tests (.ci/run installs it)"
    assert READER.exists(), f"the installed console script is missing: {READER}"
    opened: list[Terminal] = []

    def start(*args: str, clipboard: bool = False, size: tuple[int, int] = (120, 40)) -> Terminal:
        opened.append(Terminal([str(READER), *args], clipboard, size))
        return opened[-1]

    yield start
    for term in opened:
        term.close()
