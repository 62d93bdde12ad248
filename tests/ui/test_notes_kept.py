"""Notes are never lost in the app: a refused save is undone and said, the
note editor keeps what was typed, odd files never crash it, and an
unexpected error leaves a log and the note being written."""

from __future__ import annotations

import os
import re
from pathlib import Path

from reader.core.annotations.store import Store
from reader.core.library.rule import Library
from reader.ui.note_editor import NoteEditor

from .conftest import make_app, note_line, notifications, reading, settle

SIZE = (120, 40)
DOC = "002_49671702ffe5f58f.txt"


async def open_third(pilot) -> None:
    await settle(pilot)
    await pilot.press("down", "down", "enter")
    await settle(pilot)
    assert reading(pilot.app).current.rel == DOC


async def said(pilot) -> str:
    return " ".join(await notifications(pilot))


async def test_a_refused_save_is_undone_on_screen_and_said(seeds: Path, monkeypatch) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_third(pilot)
        await pilot.press("j", "v", "e", "1")  # saved: the folder now exists
        assert len(reading(app).pane.highlights) == 1
        path = Store(Library.of(seeds)).path_for(DOC)
        before = sorted(os.listdir(path.parent)), path.read_bytes()
        real_fsync = os.fsync

        def disk_full(fd: int) -> None:  # the write of the new file fails, as on a full disk
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", disk_full)
        await pilot.press("j", "v", "e", "2")
        assert "Not saved" in await said(pilot)
        shown = await said(pilot)
        assert "No space left on device" in shown and "undone" in shown
        # Memory says what the disk says: one highlight, not two.
        assert len(reading(app).pane.highlights) == 1 and len(app.notebook.get(DOC).annotations) == 1
        await pilot.press("v", "e", "2")  # the same keys again make no duplicate either
        assert len(app.notebook.get(DOC).annotations) == 1
        assert (sorted(os.listdir(path.parent)), path.read_bytes()) == before  # nothing left behind
        monkeypatch.setattr(os, "fsync", real_fsync)
        # Room again: the next change saves, and only it.
        await pilot.press("j", "v", "e", "3")
        saved = Store(Library.of(seeds)).load(DOC)
        assert sorted(a.kind for a in saved.annotations.values()) == ["blue", "yellow"]


async def test_the_note_editor_keeps_what_was_typed_when_a_save_fails(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_third(pilot)
        await pilot.press("j", "v", "e", "1")
        path = Store(Library.of(seeds)).path_for(DOC)
        await pilot.press("c")
        await pilot.press(*"a thought worth keeping")
        path.write_text("[document\nbroken by another program")  # refused from now on
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NoteEditor)  # still open, with the text
        assert "a thought worth keeping" in app.screen.edit.note
        assert "Not saved" in await said(pilot)
        assert path.read_text() == "[document\nbroken by another program"


FAR_FUTURE = """[document]
path = "{doc}"
sha256 = "{sha}"
length = {length}
encoding = "utf-8"

[[annotation]]
id = "01FUTURE0000000000000000000"
kind = "yellow"
start = {start}
end = {end}
exact = "{exact}"
prefix = ""
suffix = ""
note = "from the far future"
created = 9999-12-31T23:59:59Z
updated = 9999-12-31T23:59:59Z
"""


async def test_dates_far_in_the_future_do_not_crash_edit_delete_or_undo(seeds: Path) -> None:
    from reader.core.library.corpus import load, open_corpus
    from reader.core.text.reading import text_sha256

    text = load(next(d for d in open_corpus(seeds).documents if d.rel == DOC)).text
    start = text.index("Now that negotiators")
    path = Store(Library.of(seeds)).path_for(DOC)
    path.parent.mkdir(parents=True)
    path.write_text(
        FAR_FUTURE.format(
            doc=f"seeds/{DOC}",
            sha=text_sha256(text),
            length=len(text),
            start=start,
            end=start + 20,
            exact="Now that negotiators",
        ),
        "utf-8",
    )
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await open_third(pilot)
        await pilot.press("right_square_bracket", "c", *" edited")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, NoteEditor)
        assert note_line(app) == "▌ yellow  from the far future edited"
        await pilot.press("x")
        assert len(reading(app).pane.highlights) == 0
        await pilot.press("u")
        assert len(reading(app).pane.highlights) == 1
    assert "from the far future edited" in path.read_text("utf-8")


async def test_deeply_nested_tags_are_refused_in_one_line(seeds: Path) -> None:
    path = Store(Library.of(seeds)).path_for(DOC)
    path.parent.mkdir(parents=True)
    path.write_text(
        '[document]\npath = "x"\nsha256 = ""\nlength = 0\nencoding = ""\n\n[[annotation]]\n'
        f"tags = {'[' * 5000}{']' * 5000}\n",
        "utf-8",
    )
    app = make_app(seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_third(pilot)
        (toast,) = [n for n in await notifications(pilot) if "nested too deeply" in n]
        title, message = toast.split("\n", 1)
        assert title == "Annotations not loaded" and "\n" not in message
        before = path.read_text("utf-8")
        await pilot.press("j", "v", "e", "1")  # refused, and said: never written over
        assert path.read_text("utf-8") == before


async def test_an_unexpected_error_leaves_a_log_and_the_note(seeds: Path, state_home: Path) -> None:
    app = make_app(seeds)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_third(pilot)
            await pilot.press("j", "v", "e", "a", *"half a thought")
            await pilot.press("ctrl+s")
            await pilot.press("c", *" more")  # typed, not saved, when the bug strikes

            def broken() -> None:
                raise RuntimeError("a bug")

            app.call_later(broken)
            await pilot.pause()
    except RuntimeError:
        pass  # run_test re-raises the app's error for tests; a user sees the log line instead
    assert app.return_code == 1
    assert app.crash_log is not None and "RuntimeError: a bug" in app.crash_log.read_text()
    assert app.crash_log.parent == state_home / "reader"
    (recovered,) = app.recovered
    assert re.search(r"half a thought more", recovered.read_text())


async def test_the_sidebar_marks_documents_whose_notes_need_a_look(seeds: Path) -> None:
    from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation
    from reader.core.library.corpus import load, open_corpus
    from reader.core.text.reading import text_sha256

    text = load(next(d for d in open_corpus(seeds).documents if d.rel == DOC)).text
    aset = AnnotationSet(DocumentInfo(DOC, text_sha256(text), len(text), "utf-8"))
    start = text.index("Now that negotiators")
    aset.put(make_annotation(text, start, start + 20, "yellow"))
    Store(Library.of(seeds)).save(aset)
    (seeds / DOC).write_text(text.replace("Now that negotiators", "Then"), "utf-8")  # its words are gone
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert reading(app).current.rel != DOC  # never opened, yet marked
        assert "⚑ 1 orphaned" in str(reading(app).sidebar.prompt(reading(app).sidebar.shown[2]))


async def test_a_bad_file_for_a_document_named_like_markup_is_said_not_crashed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "notes [/y] and [bold].txt"  # a folder "notes [" holding "y] and [bold].txt"
    (corpus / name).parent.mkdir()
    (corpus / name).write_text("Some words.\n", "utf-8")
    path = Store(Library.of(corpus)).path_for(name)
    path.parent.mkdir(parents=True)
    path.write_text("[[annotation]\nnot toml", "utf-8")
    app = make_app(corpus)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        shown = await said(pilot)
        assert "notes [/y] and [bold].txt.toml" in shown and "line 1" in shown
        await pilot.press("tab", "v", "e", "1")  # refused, said again, never written
        assert "Annotating this document is refused" in await said(pilot)
    assert path.read_text("utf-8") == "[[annotation]\nnot toml"
    assert app.return_code in (0, None)
