"""The reading width (a centred column of at most 80 cells, `=` and `-`),
the sidebar hidden and shown (`\\`), the status line, and the theme kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from reader.core.config import Config
from reader.core.settings import Settings
from reader.ui.help_screen import HelpScreen
from reader.ui.reading_pane import ReadingPane

from ..conftest import SHARED
from .conftest import make_app, notifications, reading, screen_text, settle, whole_screen

WIDE = (220, 40)
QUIJOTE = SHARED / "corpora" / "books" / "don-quijote-latin1.txt"


@pytest.fixture
def books(tmp_path: Path, seeds: Path) -> Path:
    """A folder with Don Quijote first, and two seeds."""
    folder = tmp_path / "books"
    folder.mkdir()
    shutil.copy(QUIJOTE, folder / "0-quijote.txt")
    for seed in sorted(seeds.iterdir())[:2]:
        shutil.copy(seed, folder / seed.name)
    return folder


def status_text(app) -> str:
    return str(reading(app).status.render())


def text_columns(app) -> list[tuple[int, int]]:
    """(first, last + 1) cell of the text drawn on each row of the pane, where there is text."""
    pane = reading(app).pane
    found = []
    for y in range(pane.content_size.height):
        row = pane.render_line(y).text[: pane.content_size.width - 2]  # without the gap and scroll bar
        if row.strip():
            found.append((len(row) - len(row.lstrip()), len(row.rstrip())))
    return found


async def open_book(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("o", *"primero", "enter")  # Capítulo primero: prose, past the front matter
    await settle(pilot)
    await pilot.press(*["j"] * 5)


async def test_at_220_columns_prose_is_a_centred_column_of_80(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=WIDE) as pilot:
        await open_book(pilot)
        pane = reading(app).pane
        assert pane.text_width == 80
        columns = text_columns(app)
        assert len(columns) > 30
        left = pane.text_left
        assert all(left <= first and last <= left + 80 for first, last in columns)
        assert max(last for _, last in columns) > left + 70  # reflowed to the measure, not to the original lines
        # Centred: as much room left of the column as right of it, the scroll bar included.
        assert abs(left - (pane.content_size.width - left - 80)) <= 1
        assert max(len(line) for line in screen_text(app)) <= 80


async def test_wider_and_narrower_are_kept_for_the_next_start(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await open_book(pilot)
        pane = reading(app).pane
        passage = pane.text[pane.anchor_offset : pane.anchor_offset + 30]
        await pilot.press("equals_sign")
        assert pane.text_width == 84
        assert "Text width: 84 columns" in await notifications(pilot)
        await pilot.press("plus", "minus", "minus", "minus")
        assert pane.text_width == 76
        assert max(last - first for first, last in text_columns(app)) <= 76
        # Still at the same passage.
        start, end = pane.screen_rows()[0]
        assert start <= pane.text.index(passage) < end + 1
    again = make_app(books)
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert reading(again).pane.text_width == 76


async def test_the_width_stays_within_20_and_the_pane(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_book(pilot)
        pane = reading(app).pane
        assert pane.text_width == pane.content_size.width - 2 == 60  # a narrow pane: all of it
        await pilot.press("minus")  # narrows at once, from what is shown
        assert pane.text_width == 56
        await pilot.press(*["minus"] * 12)
        assert pane.text_width == 20
        await pilot.press(*["equals_sign"] * 20)
        assert pane.text_width == 60
    # Wider than the pane showed nothing and is not kept: the width set last is.
    assert Settings().width(80) == 60


async def test_config_sets_the_default_width(books: Path) -> None:
    app = make_app(books, config=Config(width=64))
    async with app.run_test(size=WIDE) as pilot:
        await open_book(pilot)
        assert reading(app).pane.text_width == 64
        assert max(last - first for first, last in text_columns(app)) <= 64


async def test_a_click_in_the_centred_column_lands_on_its_word(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=WIDE) as pilot:
        await open_book(pilot)
        pane = reading(app).pane
        y, (start, end) = next((y, row) for y, row in enumerate(pane.screen_rows()) if end_is_word(pane, row))
        word = re.search(r"\w{4,}", pane.text[start:end])
        assert word is not None
        x = pane.gutter.left + pane.text_left + word.start() + 1
        await pilot.mouse_down(pane, offset=(x, y))
        await pilot.mouse_up(pane, offset=(x, y))
        assert pane.cursor == start + word.start() + 1


def end_is_word(pane: ReadingPane, row: tuple[int, int]) -> bool:
    return re.search(r"\w{4,}", pane.text[row[0] : row[1]]) is not None and "\t" not in pane.text[row[0] : row[1]]


async def test_backslash_hides_and_shows_the_sidebar(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=WIDE) as pilot:
        await open_book(pilot)
        await pilot.press("tab")  # the sidebar has the focus
        screen = reading(app)
        assert not isinstance(app.focused, ReadingPane)
        await pilot.press("backslash")
        await pilot.pause()
        assert not screen.sidebar.display
        assert isinstance(app.focused, ReadingPane)
        pane = screen.pane
        assert pane.content_size.width == 218
        assert pane.text_width == 80 and abs(2 * pane.text_left + 80 - 218) <= 1
        await pilot.press("backslash")
        await pilot.pause()
        assert screen.sidebar.display
        assert pane.content_size.width == 182
        assert isinstance(app.focused, ReadingPane)  # showing it takes nothing away from the reader


async def test_a_single_file_opens_without_the_sidebar(tmp_path: Path) -> None:
    book = tmp_path / "quijote.txt"
    shutil.copy(QUIJOTE, book)
    app = make_app(book)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = reading(app)
        assert not screen.sidebar.display
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("backslash")
        await pilot.pause()
        assert screen.sidebar.display


async def test_keys_typed_in_a_field_are_text_not_layout(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=WIDE) as pilot:
        await open_book(pilot)
        await pilot.press("slash", "a", "-", "=", "\\")
        assert app.query_one("#find Input", Input).value == "a-=\\"
        assert reading(app).pane.text_width == 80
        assert reading(app).sidebar.display


async def test_help_lists_the_layout_keys(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(str(static.render()) for static in app.screen.query("Static"))
        assert re.search(r"=, \+\s+Wider text", shown)
        assert re.search(r"-\s+Narrower text", shown)
        assert re.search(r"\\\s+Hide / show the sidebar", shown)


async def test_the_status_line_says_the_line_and_the_time_left(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=WIDE) as pilot:
        await open_book(pilot)
        screen = reading(app)
        pane = screen.pane
        await pilot.press("j", "j", "j")
        line = pane.text.count("\n", 0, pane.cursor) + 1
        status = status_text(app)
        assert f"L {line:,}" in status
        assert re.search(r"\d+ min left · ", status)
        assert "latin-1" in status.lower() or "cp1252" in status.lower()
        assert re.search(r"\d+%$", status.rstrip())
        section = screen.section()
        assert section is not None and section.title[:20] in status
        # The time left is that of the words from the cursor to the next chapter.
        following = next(e.start for e in screen.document.outline if e.start > pane.cursor)
        words = len(pane.text[pane.cursor : following].split())
        minutes = int(re.search(r"(\d+) min left", status).group(1))
        assert abs(minutes - words / 250) <= 1


async def test_at_80_columns_the_status_line_keeps_the_line_and_percentage(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_book(pilot)
        await pilot.press("backslash")
        await pilot.pause()
        status = status_text(app)
        assert len(status) <= 78
        assert re.search(r"L [\d,]+ · (.* · )?\d+%$", status.rstrip())
        assert status.startswith(reading(app).current.title[:15])


async def test_a_notification_never_covers_the_percentage(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await open_book(pilot)
        before = whole_screen(app)
        assert re.search(r"\d+%\s*$", before[-2])  # the status line, above the footer
        for n in range(3):
            app.notify(f"A long notification number {n} " * 4, timeout=30)
        assert len(await notifications(pilot)) == 3
        await pilot.pause()
        after = whole_screen(app)
        assert after[-2:] == before[-2:]  # the status line and the footer, untouched
        assert any("A long notification number 2" in row for row in after)


async def test_the_theme_chosen_is_used_at_the_next_start(books: Path) -> None:
    app = make_app(books)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.theme != "nord"
        app.theme = "nord"
        await pilot.pause()
    again = make_app(books)
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert again.current_theme.name == "nord"


async def test_a_theme_that_no_longer_exists_falls_back_to_the_default(books: Path) -> None:
    settings = Settings()
    settings.set_theme("a-theme-since-removed")
    settings.save()
    app = make_app(books)
    default = app.theme
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.theme == default
        assert app.current_theme.name == default
