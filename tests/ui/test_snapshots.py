"""Pictures of the main screens, compared with the accepted ones in __snapshots__/.

After an intended change of the look: `pytest tests/ui/test_snapshots.py --snapshot-update`,
then look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import make_app, settle


def test_main_screen_on_the_seeds(snap_compare, seeds: Path) -> None:
    assert snap_compare(make_app(seeds), terminal_size=(120, 40), run_before=settle)


def test_help_screen(snap_compare, seeds: Path) -> None:
    assert snap_compare(make_app(seeds), terminal_size=(120, 40), press=["question_mark"], run_before=settle)


def test_sidebar_filtering(snap_compare, seeds: Path) -> None:
    assert snap_compare(make_app(seeds), terminal_size=(120, 40), press=["slash", *"rare erth"], run_before=settle)


def test_find_in_a_document(snap_compare, seeds: Path) -> None:
    async def find(pilot) -> None:
        await settle(pilot)
        await pilot.press("tab", "slash", *"rare erth exprt controls")
        await settle(pilot)

    assert snap_compare(make_app(seeds), terminal_size=(120, 40), run_before=find)


def test_search_all_documents(snap_compare, seeds: Path) -> None:
    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press("s", *"beijing")
        await settle(pilot)

    assert snap_compare(make_app(seeds), terminal_size=(120, 40), run_before=search)


def test_highlights_a_note_and_a_selection(snap_compare, seeds: Path) -> None:
    async def annotate(pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("j", "v", "e", "e", "e", "1")
        await pilot.press("j", "j", "0", "v", "right_parenthesis", "a", *"Who blinks first?", "ctrl+s")
        await pilot.press("j", "j", "v", "e", "e")  # a selection being made

    assert snap_compare(make_app(seeds), terminal_size=(120, 40), run_before=annotate)


def test_notes_panel(snap_compare, seeds: Path) -> None:
    async def annotate(pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press(
            "j",
            "v",
            "e",
            "e",
            "e",
            "2",
            "j",
            "j",
            "0",
            "v",
            "right_parenthesis",
            "a",
            *"Who blinks first?",
            "tab",
            *"trade",
            "ctrl+s",
            "t",
        )

    assert snap_compare(make_app(seeds), terminal_size=(120, 40), run_before=annotate)


def test_markdown_rendered_with_its_outline(snap_compare, seeds: Path) -> None:
    async def outline(pilot) -> None:
        await settle(pilot)
        await pilot.press("end", "enter")  # 004: Markdown with front matter, wiki links, timestamps
        await settle(pilot)
        await pilot.press("o", *"strat")
        await settle(pilot)

    assert snap_compare(make_app(seeds), terminal_size=(120, 40), run_before=outline)


def test_a_wide_terminal_centres_a_column_of_80(snap_compare, seeds: Path) -> None:
    async def wide(pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter", "j", "j")
        await settle(pilot)

    assert snap_compare(make_app(seeds), terminal_size=(220, 40), run_before=wide)


def test_the_sidebar_hidden(snap_compare, seeds: Path) -> None:
    async def hidden(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", "backslash")
        await settle(pilot)

    assert snap_compare(make_app(seeds), terminal_size=(120, 40), run_before=hidden)
