"""Ways around a document on the reading screen: the outline and the
section the reader is in, reflowing hard-wrapped text, following links, the
details view, and the reading position kept for next time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from ..core.jumps import Place
from ..core.library.corpus import Document
from ..core.library.wikilinks import resolve
from ..core.positions import POSITION_CONTEXT, Mark, Position
from ..core.text.decoding import printable_line
from ..core.text.links import openable
from ..core.text.reading import Link, ReadingText
from ..core.text.reflow import Reflow, hard_wrap_width
from .reading_pane import ReadingPane
from .reading_parts import ReadingParts

if TYPE_CHECKING:
    from ..core.text.outline import Entry

SAVE_POSITION_AFTER = 2.0  # seconds of stillness before a reading position is written


@dataclass
class Outlined(Message):
    """A document's outline was built in a worker."""

    text: str
    entries: list[Entry]


def system_opener() -> list[str] | None:
    """The command that hands a URL to the user's browser: $READER_OPENER,
    else `open` on macOS, else `xdg-open` where there is a display (in a
    bare console it could start a text browser over the reader)."""
    if os.environ.get("READER_OPENER"):
        return os.environ["READER_OPENER"].split()
    if sys.platform == "darwin":
        return ["open"]
    if (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and shutil.which("xdg-open"):
        return ["xdg-open"]
    return None


class Navigating(ReadingParts):
    """The reading screen's ways around (o, r, f, i), and its positions."""

    # -- when a document is shown ----------------------------------------------------

    def show_reading(self, doc: Document, reading: ReadingText, keep: bool) -> None:
        """Put a loaded document in the pane: at its remembered position
        unless the reader has moved in its start already (`keep`)."""
        pane = self.pane
        text = reading.text
        if reading.title:
            doc.title = reading.title
        width = None if reading.markup else hard_wrap_width(text)
        reflow = Reflow(text, width) if width else None
        top, cursor = pane.anchor_offset if keep else 0, None
        stored = self.positions.get(doc.rel)
        goto = self.document.goto if self.document is not None else None
        if goto is not None:  # a jump back to a place in it
            top = cursor = max(0, min(goto, len(text) - 1))
        elif stored is not None and not (keep and pane.anchor_offset):
            top, cursor = stored.place_in(text)
        pane.show_text(text, top=top, markup=reading.markup, reflow=reflow, cursor=cursor)
        if reading.markup is not None and reading.markup.headings:
            # Known already (a book's contents, Markdown's headings): `o` need not wait.
            from ..core.text.outline import outline

            self._outlined(text, outline(text, reading.markup))
        else:
            # Once the text is drawn: a book's outline takes tens of ms,
            # which a worker would take from the first frame (one interpreter).
            self.call_after_refresh(self._build_outline, text, reading)

    @work(thread=True, exclusive=True, group="outline", description="outline")
    def _build_outline(self, text: str, reading: ReadingText) -> None:
        from ..core.text.outline import outline  # first used here, once the first screen is drawn

        self.post_message(Outlined(text, outline(text, reading.markup)))

    def on_outlined(self, message: Outlined) -> None:
        self._outlined(message.text, message.entries)

    def _outlined(self, text: str, entries: list[Entry]) -> None:
        if text is self.pane.text and self.document is not None:
            self.document.outline = entries
            self.document.outlined = True
            self.update_status()

    # -- the reading position --------------------------------------------------------

    def remember_position(self, save_later: bool = True) -> None:
        """Keep the reader's place in the open document; `save_later`: write
        it once the reader stops moving (else the caller saves)."""
        doc, pane = self.current, self.pane
        if doc is None or not pane.text or pane.partial or self.reading is None:
            return
        before = self.positions.fraction(doc.rel)
        if before is None and pane.anchor_offset == 0 and pane.cursor == 0:
            return  # only glanced at (a preview from the sidebar): not begun
        fraction = pane.fraction
        self.positions.remember(
            doc.rel,
            Position(
                pane.anchor_offset,
                pane.cursor,
                round(fraction, 4),
                pane.text[pane.anchor_offset : pane.anchor_offset + POSITION_CONTEXT],
            ),
        )
        if (before is None or int(before * 100) != int(fraction * 100)) and self.sidebar.is_attached:
            self.sidebar.refresh_documents([doc])
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        if save_later:
            self._position_timer = self.set_timer(SAVE_POSITION_AFTER, self.positions.save)

    # -- actions ---------------------------------------------------------------------

    def action_outline(self) -> None:
        from .outline_screen import OutlineScreen  # the modal screens: imported when first opened

        if not self.pane.text or self.document is None:
            return
        if not self.document.outlined:  # a big book's is still being built, in a worker
            self.notify("The outline is still being made: o again in a moment.")
            return
        self.app.push_screen(OutlineScreen(self.document.doc.title, self.document.outline, self.section()), self._jump)

    def _jump(self, entry: Entry | None) -> None:
        if entry is not None:
            pane = self.pane
            self.record_jump()
            pane.scroll_to_offset(entry.start)
            pane.move_cursor(entry.start)
            pane.focus()

    # -- jumps and marks ---------------------------------------------------------------

    def action_jump_back(self) -> None:
        doc = self.current
        place = self.jumps.back(self.here(doc)) if doc and self.pane.text else None
        if place is None:
            self.notify("No jump to go back to.")
        else:
            self._go_to(place)

    def action_jump_forward(self) -> None:
        doc = self.current
        place = self.jumps.forward(self.here(doc)) if doc and self.pane.text else None
        if place is None:
            self.notify("No jump to go forward to (ctrl+o goes back).")
        else:
            self._go_to(place)

    def _go_to(self, place: Place) -> None:
        doc = next((d for d in self.corpus.documents if d.rel == place.rel), None)
        if doc is None:
            return
        if doc is self.current:
            self.pane.move_cursor(place.offset)
            if place.top is not None:
                self.pane.scroll_to_offset(place.top)
        else:
            self.open_document(doc, goto=place.offset, jump=False)

    def action_percent(self) -> None:
        """N% (or Np, as in less): that far through the document."""
        percent = self.pane.take_count()
        pane = self.pane
        if percent is None:
            self.notify("Type how far first: 50% goes to the middle.")
        elif pane.text:
            self.record_jump()
            offset = len(pane.text) * min(percent, 100) // 100
            pane.scroll_to_offset(offset)
            pane.move_cursor(offset)

    def action_letter(self, purpose: str, letter: str) -> None:
        """The letter typed after `m` (`purpose` "mark") or `'` ("go_to_mark")."""
        doc, pane = self.current, self.pane
        if doc is None or not pane.text:
            return
        if purpose == "mark":
            if letter == "'":
                return
            self.positions.set_mark(
                doc.rel, letter, Mark(pane.cursor, pane.text[pane.cursor : pane.cursor + POSITION_CONTEXT])
            )
            self.positions.save()
            self.notify(f"Mark {letter} set: ' {letter} comes back here.")
        elif letter == "'":
            place = self.jumps.swap(self.here(doc))
            if place is None:
                self.notify("No jump yet to go back from.")
            else:
                self._go_to(place)
        else:
            mark = self.positions.marks(doc.rel).get(letter)
            if mark is None:
                self.notify(f"No mark {letter} in this document: m {letter} sets it.")
            else:
                self.record_jump()
                pane.move_cursor(mark.place_in(pane.text))

    def action_reflow(self) -> None:
        pane = self.pane
        if not pane.reflowable:
            self.notify("This document's lines are not hard-wrapped: there is nothing to reflow.")
            return
        if pane.reflow is None:
            pane.set_reflow(Reflow(pane.text, hard_wrap_width(pane.text) or 72))
            self.notify("Paragraphs reflowed to the window (r: the original lines).")
        else:
            pane.set_reflow(None)
            self.notify("The original lines (r: reflow the paragraphs).")
        self.update_status()

    def action_follow_link(self) -> None:
        pane = self.pane
        link = pane.link_at(pane.cursor)
        if link is None:
            later = [link for link in pane.links_on_screen() if link.start >= pane.cursor]
            link = later[0] if later else None
        if link is None:
            self.notify("No link at the cursor or below it on screen.")
            return
        pane.move_cursor(link.start)
        self.open_link(link)

    def on_reading_pane_link_clicked(self, message: ReadingPane.LinkClicked) -> None:
        self.open_link(message.link)

    def open_link(self, link: Link) -> None:
        if link.target is not None:  # a place in this document (a book's chapter, a note)
            self.record_jump()
            self.pane.move_cursor(min(link.target, len(self.pane.text)))
            return
        if link.wiki:
            self.open_wiki_link(link.wiki)
            return
        shown = printable_line(self.pane.text[link.start : link.end])
        if not link.url:
            self.notify(f"{shown}: {link.label or 'a link'}, no address to open.")
            return
        url = printable_line(link.url)
        about = f"{link.label}\n" if link.label else ""
        # Any other (file:, javascript:, a program's own, "-x") is only shown and copied.
        opener = system_opener() if openable(link.url) else None
        self.app.copy_to_clipboard(link.url)
        if opener is None:
            self.notify(
                f"{about}{url}\nCopied to the clipboard (no browser to hand it to here).",
                title=shown,
                markup=False,
                timeout=10,
            )
            return
        try:
            subprocess.Popen(
                [*opener, link.url],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as err:
            self.notify(
                f"{about}{url}\n{opener[0]} failed: {err.strerror}. Copied to the clipboard.",
                title=shown,
                markup=False,
                severity="warning",
                timeout=10,
            )
            return
        self.notify(f"{about}{url}\nOpened with {opener[0]}.", title=shown, markup=False, timeout=6)

    def open_wiki_link(self, target: str) -> None:
        """Open the document of the library a [[wiki link]] names, or say there is none."""
        doc = resolve(target, self.corpus.documents)
        if doc is None:
            self.notify(f"No document called {printable_line(target)}.", markup=False, severity="warning")
        else:
            self.open_document(doc)

    def action_details(self) -> None:
        doc, reading = self.current, self.reading
        if doc is None:
            return
        fields = [("File", printable_line(doc.rel)), ("Size", f"{doc.size:,} bytes")]
        if doc.words is not None:
            fields.append(("Words", f"{doc.words:,}"))
        book = reading.markup.metadata.get("format") if reading is not None and reading.markup else None
        if reading is not None and book:
            fields.append(("Format", printable_line(book)))
            if reading.encoding != book:  # a web page's charset (an EPUB's "encoding" is its version)
                fields.append(("Encoding", reading.encoding))
            fields += [("Repaired", printable_line(repair)) for repair in reading.repairs]
        elif reading is not None:
            fields.append(("Encoding", reading.encoding))
            fields.append(
                (
                    "Shown as",
                    "Markdown, rendered"
                    if reading.markup
                    else "hard-wrapped text" + (", reflowed" if self.pane.reflow else ", original lines")
                    if self.pane.reflowable
                    else "plain text",
                )
            )
            fields += [("Repaired", printable_line(repair)) for repair in reading.repairs]
        if doc.problem:
            fields.append(("Problem", doc.problem))
        metadata = (
            {}
            if reading is None or reading.markup is None
            else {
                printable_line(k): printable_line(v)
                for k, v in reading.markup.metadata.items()
                if k not in ("title", "format")
            }
        )
        from .details_screen import DetailsScreen

        self.app.push_screen(DetailsScreen(doc.title, fields, metadata))
