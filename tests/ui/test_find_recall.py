"""Find in a document (`/`) with a half-remembered sentence, with real key presses."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_find_recall import QUERY, WHITENESS

from .conftest import found_on_screen, make_app, screen_text, settle


async def test_slash_finds_the_sentence_of_a_half_remembered_query(tmp_path: Path) -> None:
    path = tmp_path / "moby-dick.txt"
    path.write_text(WHITENESS, "utf-8")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *QUERY)
        await settle(pilot)
        assert str(app.query_one("#find-count").render()) == "1/1"
        # The words typed are the current match, on screen; those forgotten between them are not marked.
        current = found_on_screen(app, current=True)
        assert " ".join(current).split() == QUERY.split()
        shown = " ".join(" ".join(screen_text(app)).split())
        assert "the whiteness of the whale that above all things appalled me" in shown
