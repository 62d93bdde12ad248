"""The sidebar's list at 20,000 documents: only what is on screen is laid
out, and the keys and the mouse move through it as through a short one."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.content import Content

from reader.core.library.corpus import Document
from reader.ui.document_list import DocumentList

MANY = 20_000
HEIGHT = 20


class ListApp(App[None]):
    CSS = "DocumentList { height: 1fr; width: 36; }"

    def __init__(self, documents: list[Document]) -> None:
        super().__init__()
        self.documents = documents
        self.asked: set[str] = set()  # documents whose rows were laid out
        self.messages: list[tuple[str, str]] = []

    def prompt(self, doc: Document) -> Content:
        self.asked.add(doc.rel)
        # Every tenth title is long enough to wrap: rows of 2 and 3 lines.
        title = doc.title * (4 if doc.rel.endswith("0.txt") else 1)
        return Content.assemble(title, "\n", f"{len(doc.rel)} words")

    def compose(self) -> ComposeResult:
        yield DocumentList(self.documents, self.prompt)

    def on_document_list_highlighted(self, event: DocumentList.Highlighted) -> None:
        self.messages.append(("highlighted", event.doc.rel))

    def on_document_list_chosen(self, event: DocumentList.Chosen) -> None:
        self.messages.append(("chosen", event.doc.rel))


def many() -> list[Document]:
    return [Document(Path(f"/c/{n:05d}.txt"), f"{n:05d}.txt", title=f"Title {n:05d}") for n in range(MANY)]


def rows(listing: DocumentList) -> list[str]:
    """The rows on screen, without the scroll bar."""
    return [listing.render_line(y).crop(0, listing.text_width).text.rstrip() for y in range(listing.size.height)]


def bar(listing: DocumentList) -> str:
    return "".join(listing.render_line(y).text[listing.text_width :] for y in range(listing.size.height))


async def test_only_the_documents_on_screen_are_laid_out() -> None:
    app = ListApp(many())
    async with app.run_test(size=(40, HEIGHT)) as pilot:
        listing = app.query_one(DocumentList)
        listing.focus()
        await pilot.pause()
        assert rows(listing)[0].strip().startswith("Title 00000Title 00000")
        assert len(app.asked) <= 2 * HEIGHT  # a screen's worth (measured at two widths: is there a scroll bar?)
        await pilot.press("end")
        assert listing.current.rel == f"{MANY - 1:05d}.txt"
        assert rows(listing)[-1].strip().endswith("words")  # its last row at the bottom
        await pilot.press("pageup", "pageup", "home")
        assert listing.current.rel == "00000.txt"
        assert len(app.asked) < 5 * HEIGHT
        listing.show(list(reversed(app.documents)))  # a filter's answer: all of them, another order
        await pilot.pause()
        assert listing.current.rel == f"{MANY - 1:05d}.txt"
        assert len(app.asked) < 6 * HEIGHT


async def test_keys_move_the_highlight_and_keep_it_on_screen() -> None:
    app = ListApp(many())
    async with app.run_test(size=(40, HEIGHT)) as pilot:
        listing = app.query_one(DocumentList)
        listing.focus()
        await pilot.press("j", "j", "down", "k")
        assert listing.current.rel == "00002.txt"
        await pilot.press("k", "k", "k")  # past the top: around to the end, as OptionList
        assert listing.current.rel == f"{MANY - 1:05d}.txt"
        await pilot.press("home", *["j"] * 30)
        assert listing.current.rel == "00030.txt"
        assert any("Title 00030" in row for row in rows(listing))
        await pilot.press("pagedown")
        # A screen of rows further: 20 rows hold 9 to 10 documents of 2 or 3 rows.
        assert 38 <= int(listing.current.rel[:5]) <= 40
        assert any(f"Title {listing.current.rel[:5]}" in row for row in rows(listing))
        await pilot.press("enter")
        assert app.messages[-1] == ("chosen", listing.current.rel)
        assert ("highlighted", "00030.txt") in app.messages


async def test_the_wheel_scrolls_and_a_click_chooses() -> None:
    app = ListApp(many())
    async with app.run_test(size=(40, HEIGHT)) as pilot:
        listing = app.query_one(DocumentList)
        await pilot.pause()
        before = rows(listing)
        for _ in range(4):
            listing.post_message(events.MouseScrollDown(listing, 3, 3, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert rows(listing) != before and listing.current.rel == "00000.txt"  # the view moved, not the highlight
        assert not rows(listing)[0].startswith(" Title 00000")
        top = listing.screen_rows()[0][0]
        await pilot.click(DocumentList, offset=(3, 0))
        assert app.messages[-1] == ("chosen", app.documents[top].rel)
        for _ in range(8):
            listing.post_message(events.MouseScrollUp(listing, 3, 3, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert rows(listing) == before


async def test_a_short_list_has_no_scroll_bar_and_a_long_one_has() -> None:
    app = ListApp(many()[:3])
    async with app.run_test(size=(40, HEIGHT)) as pilot:
        listing = app.query_one(DocumentList)
        await pilot.pause()
        assert not listing.overflows and bar(listing) == ""
        listing.show(many())
        await pilot.pause()
        assert listing.overflows and bar(listing) == "┃" + "│" * (HEIGHT - 1)
        await pilot.press("end")
        assert bar(listing) == "│" * (HEIGHT - 1) + "┃"
