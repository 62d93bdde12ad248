"""The user's keys with the installed `reader` in tmux: config.toml's [keys]
rebinds find on a real book, and a bad entry is a warning on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import SHARED

QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config.toml: find on ctrl+f, and an id that is no binding (tmux passes the environment on)."""
    folder = tmp_path / "config"
    (folder / "reader").mkdir(parents=True)
    (folder / "reader" / "config.toml").write_text(
        '[keys]\n"reading.find" = ["ctrl+f"]\n"reading.fnd" = "x"\n', "utf-8"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def test_find_rebound_in_config_and_a_bad_entry_warned(terminal, tmp_path: Path, config_home: Path) -> None:
    (tmp_path / "quijote.txt").write_bytes(QUIJOTE.read_bytes())
    term = terminal(str(tmp_path / "quijote.txt"))
    term.wait_for("El ingenioso hidalgo", "latin-1")
    # The warning, wrapped in its toast.
    term.wait_for('config.toml [keys]: "reading.fnd" is not a binding (?', "lists them)")
    term.wait_for("^f Find")  # the footer names the key in force
    term.keys("C-f", "dulcinea del toboso")
    term.wait_for("/dulcinea del toboso", "1/")
    term.keys("Escape")
    term.wait_until_gone("/dulcinea")
    # `/` is no longer find's key: had it opened the find bar, `?` would
    # be typed there, not open the help.
    term.keys("/", "?")
    term.wait_for("Keys  (esc closes; rebind one in config.toml's [keys] by its id)", "app.help")
    term.keys("Escape")
    term.wait_until_gone("Keys  (esc closes")
    term.quit()
