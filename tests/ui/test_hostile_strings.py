"""Nothing from data reaches the terminal raw: file names, every field of an
annotation and the config's kinds hold terminal controls (OSC 0 sets the
title, OSC 52 the clipboard, CSI 2J wipes the screen, C1 controls, NUL) and
markup; every screen draws them as visible symbols and plain text.

What is checked is what the terminal would be sent: the screen's full update
rendered as Textual's driver writes it, in which nothing but colours and
cursor moves may be a control sequence."""

from __future__ import annotations

import re
from pathlib import Path

from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, TextArea

from reader.core.config import DEFAULT_KINDS, Config, Kind
from reader.core.text.decoding import decode
from reader.core.text.reading import text_sha256
from reader.ui.app import ReaderApp
from reader.ui.details_screen import DetailsScreen
from reader.ui.export_screen import ExportScreen
from reader.ui.help_screen import HelpScreen
from reader.ui.note_editor import NoteEditor
from reader.ui.notes_panel import NotesPanel
from reader.ui.outline_screen import OutlineScreen
from reader.ui.search_screen import SearchScreen

from .conftest import make_app, reading, settle

SIZE = (120, 40)
TITLE = "\x1b]0;PWNED\x07"
CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"
WIPE = "\x1b[2J"
# What each is drawn as: the controls as symbols, the rest of the sequence as text.
SEEN = {
    TITLE: "␛]0;PWNED␇",
    CLIPBOARD: "␛]52;c;aGVsbG8=␇",
    WIPE: "␛[2J",
    "\x9b": "\ufffd",
    "\x9d": "\ufffd",
    "\x00": "␀",
    "[bold]": "[bold]",
    "[/y]": "[/y]",
    "[red]": "[red]",
}

# File names (no NUL or slash: no file system takes them). The annotated document sorts first.
ANNOTATED = f"[bold]{TITLE}[red]\x9b.txt"
CLIP_NAME = f"clip{CLIPBOARD}.txt"
ESC_NAME = "esc\x1b]0;PWNED\x1b\\.txt"  # OSC 0 ended by ST
WIPE_NAME = f"wipe{WIPE}\x9d[red].txt"
MARKDOWN = "notes.md"

KIND = f"k{TITLE}[bold]"  # the config's first kind
ORPHAN_KIND = f"gone{CLIPBOARD}[red]"  # a kind the config does not know
NOTE = f"note {TITLE} [bold]\x00\nline two {CLIPBOARD} \x9b [/y]"
TAGS = (WIPE, "[red]", "t\x9d\x00", CLIPBOARD)
EXACT = f"{WIPE}[red]gone\x9d"  # the orphan's quote: no text holds raw controls
PASSAGE = "the passage with a note"
HEADLINE = f"{CLIPBOARD}[bold]Hostile\x9d"  # the first line: the annotated document's title

CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
# What the driver itself writes between the rows: cursor moves, colours, newlines.
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*[mH]|\n")


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / ANNOTATED).write_bytes(f"{HEADLINE}\n\nSome text before {PASSAGE}, and after it.\n".encode())
    for name in (CLIP_NAME, ESC_NAME, WIPE_NAME):
        (corpus / name).write_bytes(b"* * *\n")  # no letter: the file name is its title
    (corpus / MARKDOWN).write_bytes(
        f"---\ntitle: md{TITLE}\nauthor: a{CLIPBOARD}[red]\n---\n\n# Heading {WIPE}[bold]\x9b\n\n"
        "Entities &#27;]0;PWNED&#7; and &#x9b;.\n\n## Second [/y] &#0;\n\ntext\n".encode()
    )
    return corpus


def toml_string(text: str) -> str:
    """A TOML basic string, every character but the printable ones escaped."""
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text) + '"'


def annotation_table(
    id: str, kind: str, start: int, end: int, exact: str, context: tuple[str, str], note: str, tags: tuple[str, ...]
) -> str:
    prefix, suffix = context
    return (
        f"[[annotation]]\nid = {toml_string(id)}\nkind = {toml_string(kind)}\nstart = {start}\nend = {end}\n"
        f"exact = {toml_string(exact)}\nprefix = {toml_string(prefix)}\nsuffix = {toml_string(suffix)}\n"
        f"note = {toml_string(note)}\n"
        f"tags = [{', '.join(map(toml_string, tags))}]\n"
        "created = 2026-01-02T03:04:05Z\nupdated = 2026-01-02T03:04:05Z\n"
    )


def write_annotations(app: ReaderApp, rel: str, tables: list[str]) -> None:
    """An annotation file written by hand, for the document's text as it is."""
    text = decode((app.corpus.root / rel).read_bytes()).text
    path = app.notebook.store.path_for(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'[document]\npath = {toml_string(rel)}\nsha256 = "{text_sha256(text)}"\n'
        f'length = {len(text)}\nencoding = "utf-8"\n\n' + "\n".join(tables),
        "utf-8",
    )


def hostile_app(tmp_path: Path, orphan: bool = True) -> ReaderApp:
    """The app on the hostile corpus. Its annotated document has a note in
    place (on PASSAGE) and, with `orphan`, one whose quote is nowhere."""
    corpus = write_corpus(tmp_path)
    app = make_app(corpus, config=Config((Kind(KIND, "#f2d45c"), *DEFAULT_KINDS[1:])))
    text = decode((corpus / ANNOTATED).read_bytes()).text
    start, end = text.index(PASSAGE), text.index(PASSAGE) + len(PASSAGE)
    tables = [annotation_table(f"01JD{TITLE}", KIND, start, end, PASSAGE, (text[:start], text[end:]), NOTE, TAGS)]
    if orphan:
        tables.append(
            annotation_table(f"02JD{CLIPBOARD}", ORPHAN_KIND, 0, 0, EXACT, (f"{CLIPBOARD} [bold]", TITLE), NOTE, TAGS)
        )
    write_annotations(app, ANNOTATED, tables)
    write_annotations(
        app, CLIP_NAME, [annotation_table("03JD", "green", 0, 5, "* * *", ("", "\n"), f"other {WIPE}", ())]
    )
    return app


def drawn(app: ReaderApp) -> str:
    """The screen's rows as text. Asserts that no row's text holds a
    control character, and that the terminal would be sent no control
    sequence but those of the colours and cursor moves."""
    # What the terminal is sent, as App.export_screenshot composes it: Textual
    # has no public way to the frame's segments (a screenshot is SVG).
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    rows = ["".join(segment.text for strip in line for segment in strip) for line in update.strips]
    raw = [CONTROL.findall(row) for row in rows if CONTROL.search(row)]
    assert not raw, f"raw control characters drawn: {raw}"
    left = OWN_SEQUENCES.sub("", update.render_segments(app.console))
    assert not CONTROL.search(left), f"a raw control character is sent: {CONTROL.findall(left)}"
    return "\n".join(rows)


def seen(*raw: str) -> list[str]:
    """What these strings look like on screen."""
    out = []
    for text in raw:
        for control, symbol in SEEN.items():
            text = text.replace(control, symbol)
        out.append(text)
    return out


def assert_shows(app: ReaderApp, *raw: str) -> str:
    screen = drawn(app)
    for text in seen(*raw):
        assert text in screen, f"{text!r} is not on screen:\n{screen}"
    return screen


async def test_every_screen_draws_hostile_data_as_symbols_and_plain_text(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert reading(app).current.rel == ANNOTATED
        # The sidebar: titles from the text and from file names.
        assert_shows(app, HEADLINE, CLIP_NAME, "esc␛]0;PWNED␛\\.txt", WIPE_NAME)
        # The reading pane and the status line (title, then the file name).
        await pilot.press("enter")
        await settle(pilot)
        app.clear_notifications()  # of the orphan, over what the screens below show
        await pilot.press("backslash")  # the sidebar hidden: room in the status line for the file name
        assert_shows(app, HEADLINE, ANNOTATED)
        await pilot.press("backslash")
        # The note line, with the cursor on the highlight.
        await pilot.press("right_square_bracket")
        assert reading(app).note_line.has_class("-shown")
        assert_shows(app, KIND, f"note {TITLE} [bold]\x00 line two {CLIPBOARD}", f"#{WIPE} #[red] #t\x9d\x00")

        # The notes panel: this document, filtered, then all documents.
        await pilot.press("t")
        assert isinstance(app.screen, NotesPanel)
        assert_shows(app, PASSAGE, EXACT, "[orphaned]", f"note {TITLE} [bold]\x00", f"#{WIPE} #[red] #t\x9d\x00")
        await pilot.press(*"passage")
        screen = assert_shows(app, PASSAGE)
        assert "gone" not in screen
        await pilot.press(*["backspace"] * len("passage"), "ctrl+t")
        await settle(pilot)
        assert_shows(app, f"— {CLIP_NAME}", f"other {WIPE}", EXACT)
        await pilot.press("escape")

        # The note editor: the note, its tags and the quote as symbols.
        await pilot.press("c")
        assert isinstance(app.screen, NoteEditor)
        assert_shows(
            app,
            f"“{PASSAGE}”",
            f"note {TITLE} [bold]\x00",
            f"line two {CLIPBOARD} \x9b [/y]",
            f"{WIPE} [red] t\x9d\x00",
        )
        # A paste into the note is drawn as symbols too.
        app.post_message(events.Paste(f" pasted{TITLE}"))
        await pilot.pause()
        assert_shows(app, f"pasted{TITLE}")
        await pilot.press("escape", "escape")  # discard the change

        # Export: the notification names the file, symbols and all.
        await pilot.press("E")
        assert isinstance(app.screen, ExportScreen)
        assert_shows(app, HEADLINE)
        await pilot.press("enter")
        await settle(pilot)
        assert_shows(app, "Notes exported", "␛]0;PWNED␇[red]")

        # The command palette, listing and searching the documents.
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert_shows(app, CLIP_NAME, "[red].txt")
        await pilot.press(*"wipe")
        await settle(pilot)
        assert_shows(app, WIPE_NAME)
        await pilot.press("escape")
        await settle(pilot)

        # Details of the document.
        await pilot.press("i")
        assert isinstance(app.screen, DetailsScreen)
        assert_shows(app, ANNOTATED, HEADLINE)
        await pilot.press("escape")

        # Search all documents.
        await pilot.press("s")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"hostile")
        await settle(pilot)
        assert_shows(app, HEADLINE, "1 hit")
        await pilot.press("escape")
        await settle(pilot)

        # Help: the kinds from the config name the highlight keys.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        for _ in range(10):
            if seen(KIND)[0] in drawn(app):
                break
            await pilot.press("pagedown")
        assert_shows(app, f"Highlight the selection: {KIND}")
        await pilot.press("escape")


async def test_a_markdown_documents_title_front_matter_and_outline_are_symbols(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        while reading(app).current.rel != MARKDOWN:
            await pilot.press("down")
            await settle(pilot)
        await pilot.press("enter")
        assert_shows(app, f"md{TITLE}", f"Heading {WIPE}[bold]\x9b")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OutlineScreen)
        assert_shows(app, f"Outline — md{TITLE}", f"Heading {WIPE}[bold]\x9b", "Second [/y]")
        await pilot.press("escape", "i")
        assert isinstance(app.screen, DetailsScreen)
        assert_shows(app, f"a{CLIPBOARD}[red]")


async def test_a_note_left_as_shown_keeps_its_bytes_and_an_edited_one_is_saved_as_seen(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "c")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("ctrl+s")  # saved as it was shown: nothing changes
        (noted,) = (a for a in app.notebook.get(ANNOTATED).annotations.values() if a.kind == KIND)
        assert (noted.note, noted.tags) == (NOTE, TAGS)
        await pilot.press("c")
        editor = app.screen
        await pilot.press(*"!")
        assert editor.query_one(TextArea).text.endswith("[/y]!")
        await pilot.press("tab", "end", *" new", "ctrl+s")
        (noted,) = (a for a in app.notebook.get(ANNOTATED).annotations.values() if a.kind == KIND)
        assert noted.note == seen(NOTE)[0] + "!"
        assert noted.tags == (*seen(*TAGS), "new")


async def test_text_pasted_into_an_input_is_drawn_as_symbols(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "slash")
        app.post_message(events.Paste(f"x{TITLE}{WIPE}"))
        await settle(pilot)
        assert reading(app).find_bar.query_one(Input).value == seen(f"x{TITLE}{WIPE}")[0]
        assert_shows(app, f"x{TITLE}{WIPE}")


async def test_an_empty_corpus_is_named_in_symbols(tmp_path: Path) -> None:
    corpus = tmp_path / f"e{TITLE}[red]"
    corpus.mkdir()
    app = make_app(corpus)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot)
        assert_shows(app, f"No documents in {corpus}.")
