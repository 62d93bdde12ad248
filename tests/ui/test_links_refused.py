"""Links that cannot be turned against the reader, in the app: `f` on an HTML
anchor to `javascript:`, on one whose href holds a newline, on a Markdown
link that would be an option (`-x`), hands none of them to the opener; a web
address beside them is."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import make_app, notifications, reading, settle

SIZE = (120, 40)
NOTE = (
    "# Links\n\n"
    'One <a href="javascript:alert(1)">script</a>, two <a href="https://x.example&#10;--help">split</a>, '
    'three [dash](<-oProxyCommand=x>), four <a href="file:///etc/passwd">file</a>, '
    'five <a href="https://example.org/page">web</a>.\n'
)


@pytest.fixture
def note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READER_OPENER", "true")  # a program that opens nothing, found on the PATH
    path = tmp_path / "note.md"
    path.write_text(NOTE, "utf-8")
    return path


async def follow(pilot, label: str) -> list[str]:
    """`f` with the cursor on the link whose text is `label`: the notifications after it."""
    pane = reading(pilot.app).pane
    pane.move_cursor(pane.text.index(label))
    before = len(await notifications(pilot))
    await pilot.press("f")
    return (await notifications(pilot))[before:]


async def test_only_the_web_address_reaches_the_opener(note: Path) -> None:
    app = make_app(note)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        for label in ("script", "dash", "file"):
            messages = await follow(pilot, label)
            assert any("Copied to the clipboard (no browser" in m for m in messages), messages
            assert not any("Opened with" in m for m in messages)
        (message,) = await follow(pilot, "split")
        assert message == "split: its address holds control characters (refused), no address to open."
        messages = await follow(pilot, "web")
        assert any("https://example.org/page" in m and "Opened with true" in m for m in messages), messages
