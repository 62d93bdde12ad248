"""Export (issue 5): Markdown read back with markdown-it-py, every quote and
note whole and in its place; stable bytes; filters; orphans kept; W3C
JSON-LD. Real files in tmp_path."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.annotations.model import Annotation, make_annotation
from reader.core.annotations.store import Store
from reader.core.export.exporting import (
    ExportedAnnotation,
    ExportedDocument,
    ExportError,
    annotation_uri,
    blockquote,
    collect,
    document_uri,
    place,
    to_jsonld,
    to_markdown,
)
from reader.core.library.corpus import open_corpus
from reader.core.library.rule import Library
from reader.core.text.reading import ReadingText, text_sha256

from .export_helpers import (
    DOC1,
    DOC2,
    DOC4,
    MD,
    T0,
    TERBIUM,
    annotate,
    annotate_gone,
    collapse,
    plain,
    read_export,
    text_of,
)


def export(seeds: Path, **filters) -> str:
    return to_markdown(collect(open_corpus(seeds), Store(Library.of(seeds)), **filters))


# -- Markdown ------------------------------------------------------------------------


def test_the_sample_layout(seeds):
    text = text_of(seeds, DOC2)
    annotate(seeds, DOC2, TERBIUM, note="Compare *tech*.", tags=["rare-earths", "trade"])
    start = text.index(TERBIUM)
    line, percent = text[:start].count("\n") + 1, start * 100 // len(text)
    assert export(seeds) == (
        "# Notes from reader\n\n"
        "## Pressure ... Pain ... Ouch!\n\n"
        f"`{DOC2}`\n\n"
        f"> {TERBIUM}\n\n"
        f"Line {line} · {percent}% · yellow\n\n"
        "+ Note:\n\n"
        "  Compare *tech*.\n\n"
        "Tags: #rare-earths #trade\n"
    )


def test_documents_in_corpus_order_annotations_in_reading_order(seeds):
    later = annotate(seeds, DOC2, "tech for the Chinese", "green")
    first = annotate(seeds, DOC2, TERBIUM, note="# not a heading of the export\n\n---\n\n1. a list", tags=["t"])
    other = annotate(seeds, DOC1, "Peter Alexander", "blue", nth=1)
    sections = read_export(export(seeds))
    assert [(s.level, s.heading, s.path) for s in sections] == [
        (1, "Notes from reader", None),
        (2, "Peter Alexander", DOC1),
        (2, "Pressure ... Pain ... Ouch!", DOC2),
    ]
    assert [e.quote for e in sections[1].entries] == [other.exact]
    assert [e.quote for e in sections[2].entries] == [first.exact, later.exact]
    entry = sections[2].entries[0]
    assert entry.note == first.note
    assert entry.note_blocks == ["paragraph_open", "heading_open", "hr", "ordered_list_open"]
    assert entry.tags == "Tags: #t"
    text = text_of(seeds, DOC2)
    line = text[: later.start].count("\n") + 1
    assert sections[2].entries[1].where == f"Line {line} · {later.start * 100 // len(text)}% · green"
    assert sections[2].entries[1].note is None


def test_a_multi_line_quote_stays_one_blockquote(seeds):
    text = text_of(seeds, DOC2)
    start = text.index("So now we know.")
    quote = text[start : text.index("For all America")]  # across a line break
    assert "\n" in quote
    annotate(seeds, DOC2, quote)
    (entry,) = read_export(export(seeds))[1].entries
    assert entry.quote == collapse(quote)


TRICKY = [
    "# heading",
    "---",
    "***",
    "> quoted",
    "* item",
    "- item",
    "+ item",
    "1. one",
    "2) two",
    "=====",
    "`code`",
    "```",
    "~~~",
    "<b>html</b>",
    "<!-- comment",
    "<div>",
    "[link](http://x)",
    "![img](y)",
    "*em* _em_ **strong**",
    "~~struck~~",
    "a | b",
    "|---|---|",
    "&amp; &copy; &#35;",
    "back\\slash\\",
    "trailing  ",
    "    indented code",
    "\tTab",
    "中文字",
    "😀",
    "[x]: /url",
    "<http://auto.link>",
    "a\\",
    "\\#",
    "    ",
    "Setext",
    "- - -",
    "_ _ _",
    "1986. A great year",
    "#hashtag",
    "<",
    "| a | b |\n|---|---|\n| c | d |",
    "Title\n===",
    "para\n---",
]

line_text = st.lists(
    st.sampled_from(TRICKY)
    | st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\r\n") | st.sampled_from("#>*`<-_1. \t"),
        max_size=12,
    ),
    min_size=1,
    max_size=3,
).map(" ".join)
multi_line = st.lists(line_text | st.sampled_from(["", " \t", "\u00a0", "\r"]), min_size=1, max_size=5).map("\n".join)
tag_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=8)


def as_written(note: str) -> str:
    """A note as the export keeps it: blank lines empty, leading tabs as
    spaces, no blank lines around it."""
    lines = []
    for line in note.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        body = line.lstrip(" \t")
        lines.append(line[: len(line) - len(body)].expandtabs(4) + body if body else "")
    return "\n".join(lines).strip("\n")


@st.composite
def exported(draw) -> list[ExportedDocument]:
    documents = []
    for n in range(draw(st.integers(1, 3))):
        quotes = draw(st.lists(multi_line.filter(str.strip), min_size=1, max_size=4))
        text = "Intro.\n" + "\n\n".join(quotes) + "\nThe end."
        annotations, at = [], len("Intro.\n")
        for quote in quotes:
            a = make_annotation(
                text,
                at,
                at + len(quote),
                draw(st.sampled_from(["yellow", "*kind*", "<k>"])),
                draw(multi_line | st.just("")),
                draw(st.lists(tag_text, max_size=3)),
            )
            annotations.append(a)
            at += len(quote) + 2
        title = draw(line_text)
        rel = draw(st.sampled_from(["a.txt", "dir/b `tick`.md", "``odd``", " spaced "])) + str(n)
        documents.append(
            ExportedDocument(rel, title, text, place(ReadingText(text, "utf-8"), text_sha256(text), annotations))
        )
    return documents


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exported(), st.booleans())
def test_nothing_in_a_quote_or_note_breaks_the_structure(documents, header):
    sections = read_export(to_markdown(documents, header=header))
    if header:
        assert (sections[0].level, sections[0].heading) == (1, "Notes from reader")
        sections = sections[1:]
    assert len(sections) == len(documents)
    for section, d in zip(sections, documents):
        assert section.level == 2
        assert collapse(section.heading) == collapse(d.title) or (
            not d.title.strip() and section.heading == collapse(d.rel)
        )
        assert section.path == collapse(d.rel) or section.path == d.rel
        assert section.paragraphs == []
        assert len(section.entries) == len(d.annotations)
        for entry, e in zip(section.entries, d.annotations):
            a = e.annotation
            assert entry.quote == collapse(a.exact)
            assert entry.where.endswith(f"· {a.kind}")
            assert entry.note == (as_written(a.note) or None)
            assert entry.tags == ("Tags: " + " ".join("#" + t for t in a.tags) if a.tags else None)


def test_quote_escapes_read_back_as_typed():
    quote = "\n".join(TRICKY)
    tokens = MD.parse(blockquote(quote))
    assert [t.type for t in tokens if t.level == 0] == ["blockquote_open", "blockquote_close"]
    assert {t.type for t in tokens[1:-1]} == {"paragraph_open", "inline", "paragraph_close"}
    assert collapse(" ".join(plain(t) for t in tokens if t.type == "inline")) == collapse(quote)
    rendered = MD.render(blockquote("<b>html</b> & <script>x</script>"))
    assert "<b>" not in rendered and "<script>" not in rendered


def test_exporting_twice_gives_the_same_bytes(seeds):
    annotate(seeds, DOC2, TERBIUM, note="n", tags=["a"])
    annotate(seeds, DOC1, "Peter Alexander", "blue")
    (seeds / DOC4).unlink()  # and an orphan, in its section
    annotate_gone(seeds, DOC4)
    first = export(seeds), to_jsonld(collect(open_corpus(seeds), Store(Library.of(seeds))))
    second = export(seeds), to_jsonld(collect(open_corpus(seeds), Store(Library.of(seeds))))
    assert first == second
    assert first[0].encode("utf-8") == second[0].encode("utf-8")


def test_the_header_can_be_left_out(seeds):
    annotate(seeds, DOC2, TERBIUM)
    documents = collect(open_corpus(seeds), Store(Library.of(seeds)))
    assert to_markdown(documents, header=False) == to_markdown(documents).removeprefix("# Notes from reader\n\n")
    assert to_markdown([]) == "# Notes from reader\n" and to_markdown([], header=False) == ""


# -- filters -------------------------------------------------------------------------


def test_filters(seeds):
    annotate(seeds, DOC2, TERBIUM, "yellow", tags=["Trade"])
    annotate(seeds, DOC2, "tech for the Chinese", "green", tags=["tech"])
    annotate(seeds, DOC1, "Peter Alexander", "green", tags=["trade"])
    corpus, store = open_corpus(seeds), Store(Library.of(seeds))

    def quotes(**filters) -> list[tuple[str, str]]:
        return [(d.rel, e.annotation.exact) for d in collect(corpus, store, **filters) for e in d.annotations]

    assert quotes(doc=DOC2) == [(DOC2, TERBIUM), (DOC2, "tech for the Chinese")]
    assert quotes(doc=str(seeds / DOC2)) == quotes(doc=DOC2)  # a path to the file
    assert quotes(tag="trade") == [(DOC1, "Peter Alexander"), (DOC2, TERBIUM)]  # case ignored
    assert quotes(tag="#tech") == [(DOC2, "tech for the Chinese")]
    assert quotes(kind="green") == [(DOC1, "Peter Alexander"), (DOC2, "tech for the Chinese")]
    assert quotes(doc=DOC2, kind="green", tag="tech") == [(DOC2, "tech for the Chinese")]
    assert quotes(kind="purple") == []
    assert quotes(doc="003_66d8e60a35b94f19.txt") == []  # in the corpus, no notes


def test_a_doc_not_in_the_corpus_is_a_one_line_error(seeds):
    with pytest.raises(ExportError) as caught:
        collect(open_corpus(seeds), Store(Library.of(seeds)), doc="nope.txt")
    assert isinstance(caught.value, ValueError)
    assert "nope.txt" in str(caught.value) and "\n" not in str(caught.value)


# -- orphans -------------------------------------------------------------------------


def test_orphans_have_their_own_section_and_are_never_dropped(seeds):
    kept = annotate(seeds, DOC2, TERBIUM)
    lost = annotate(seeds, DOC2, "tech for the Chinese", note="*still here*")
    path = seeds / DOC2
    # Its words are gone: the app would find no place for its note either.
    path.write_text(path.read_text("utf-8").replace("tech for the Chinese", "—"), "utf-8")
    gone = annotate_gone(seeds, "gone/old.txt")
    sections = read_export(export(seeds))
    assert [(s.level, s.heading, s.path) for s in sections] == [
        (1, "Notes from reader", None),
        (2, "Pressure ... Pain ... Ouch!", DOC2),
        (2, "Orphaned annotations", None),
        (3, "Pressure ... Pain ... Ouch!", DOC2),
        (3, "gone/old.txt", "gone/old.txt"),
    ]
    assert [e.quote for e in sections[1].entries] == [kept.exact]
    (orphan,) = sections[3].entries
    assert (orphan.quote, orphan.where, orphan.note) == (lost.exact, "Orphaned · yellow", "*still here*")
    (orphan,) = sections[4].entries
    assert (orphan.quote, orphan.note) == (gone.exact, "lost note")
    assert sections[4].paragraphs == ["The document is no longer in the corpus."]


def test_a_moved_quote_is_found_and_says_so(seeds):
    a = annotate(seeds, DOC2, TERBIUM)
    path = seeds / DOC2
    path.write_text("A new first line.\n" + path.read_text("utf-8"), "utf-8")
    (d,) = collect(open_corpus(seeds), Store(Library.of(seeds)))
    (e,) = d.annotations
    text = text_of(seeds, DOC2)
    assert (e.state, e.start, e.end) == ("moved", a.start + 18, a.end + 18)
    assert e.line == text[: e.start].count("\n") + 1
    assert read_export(to_markdown([d]))[1].entries[0].where.endswith("· yellow · moved")


# -- files that cannot be used ------------------------------------------------------------


def test_a_bad_annotation_file_is_named_and_never_written(seeds):
    annotate(seeds, DOC2, TERBIUM)
    bad = seeds.parent / "annotations" / "seeds" / (DOC1 + ".toml")
    bad.write_bytes(b"[document\nthis is not TOML")
    corpus, store = open_corpus(seeds), Store(Library.of(seeds))
    with pytest.raises(ExportError) as caught:
        collect(corpus, store)
    message = str(caught.value)
    assert f"annotations/seeds/{DOC1}.toml" in message and "\n" not in message
    problems: list[str] = []
    documents = collect(corpus, store, on_error=problems.append)
    assert [d.rel for d in documents] == [DOC2]
    assert len(problems) == 1 and DOC1 in problems[0]
    assert bad.read_bytes() == b"[document\nthis is not TOML"


def test_an_export_does_not_disturb_the_apps_saves(seeds):
    # Store.load remembers what it read as the base of the next save: an
    # export through the app's Store must not move that base, or the app's
    # next save would write over what another program saved meanwhile.
    first = annotate(seeds, DOC2, TERBIUM)
    app_store = Store(Library.of(seeds))
    aset = app_store.load(DOC2)
    theirs = annotate(seeds, DOC2, "tech for the Chinese")  # another program
    collect(open_corpus(seeds), app_store)
    aset.put(dataclasses.replace(first, note="edited in the app"))
    app_store.save(aset)
    assert {a.exact: a.note for a in Store(Library.of(seeds)).load(DOC2).annotations.values()} == {
        TERBIUM: "edited in the app",
        theirs.exact: "",
    }


# -- JSON-LD ----------------------------------------------------------------------------


def test_jsonld_shape(seeds):
    a = annotate(seeds, DOC2, TERBIUM, "green", note="**why** it matters", tags=["rare-earths", "trade"])
    lost = annotate(seeds, DOC2, "torture each other")
    path = seeds / DOC2
    path.write_text(path.read_text("utf-8").replace("torture each other", "talk"), "utf-8")
    a = dataclasses.replace(a, start=a.start - 14, end=a.end - 14)  # it moved: 18 characters became 4
    data = json.loads(to_jsonld(collect(open_corpus(seeds), Store(Library.of(seeds)))))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == 2
    item, orphan = data["first"]["items"]
    assert item == {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"urn:reader:annotation:{a.id}",
        "type": "Annotation",
        "motivation": "commenting",
        "created": "2026-11-23T08:00:00Z",
        "modified": "2026-11-23T08:00:00Z",
        "body": [
            {"type": "TextualBody", "purpose": "commenting", "value": "**why** it matters", "format": "text/markdown"},
            {"type": "TextualBody", "purpose": "tagging", "value": "rare-earths"},
            {"type": "TextualBody", "purpose": "tagging", "value": "trade"},
        ],
        "target": {
            "source": f"urn:reader:document:{DOC2}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": TERBIUM, "prefix": a.prefix, "suffix": a.suffix},
                {"type": "TextPositionSelector", "start": a.start, "end": a.end},
            ],
        },
        "reader:kind": "green",
        "reader:anchoring": "moved",
    }
    assert orphan["id"] == f"urn:reader:annotation:{lost.id}" and orphan["reader:anchoring"] == "orphaned"
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]
    assert orphan["motivation"] == "highlighting" and "body" not in orphan


def test_jsonld_bytes(seeds):
    annotate(seeds, DOC2, TERBIUM, note="中文 😀")
    out = to_jsonld(collect(open_corpus(seeds), Store(Library.of(seeds))))
    assert "中文 😀" in out  # not \\u escapes
    assert out.endswith("}\n") and out.startswith('{\n  "@context"')


any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@st.composite
def any_documents(draw) -> list[ExportedDocument]:
    documents = []
    for rel in draw(st.lists(any_text, max_size=3)):
        text = draw(any_text | st.none())
        annotations = []
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, 30))
            annotations.append(
                Annotation(
                    draw(any_text),
                    draw(any_text),
                    start,
                    start + draw(st.integers(0, 5)),
                    draw(any_text),
                    draw(any_text),
                    draw(any_text),
                    draw(any_text),
                    tuple(draw(st.lists(any_text, max_size=2))),
                    T0,
                    T0,
                )
            )
        reading, sha256 = (ReadingText(text, "utf-8"), text_sha256(text)) if text is not None else (None, "")
        documents.append(ExportedDocument(rel, draw(any_text), text, place(reading, sha256, annotations)))
    return documents


@settings(max_examples=200, deadline=None)
@given(any_documents())
def test_jsonld_is_laid_out_as_json_dumps_would(documents):
    out = to_jsonld(documents)
    data = json.loads(out)
    # json.dumps's layout, with DEL and the C1 controls escaped too (terminals obey some of them raw).
    as_json_dumps = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert out == re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", as_json_dumps)
    assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out) is None
    items = [(d, e) for d in documents for e in d.annotations]
    assert data["total"] == len(data["first"]["items"]) == len(items)
    for item, (d, e) in zip(data["first"]["items"], items):
        a = e.annotation
        assert (item["id"], item["reader:kind"], item["target"]["source"]) == (
            annotation_uri(a.id),
            a.kind,
            document_uri(d.rel),
        )
        assert URI.fullmatch(item["id"]) and URI.fullmatch(item["target"]["source"])  # whatever the id and path
        assert item["target"]["selector"][0]["exact"] == a.exact
        bodies = item.get("body", [])
        assert [b["value"] for b in bodies if b["purpose"] == "tagging"] == list(a.tags)
        assert [b["value"] for b in bodies if b["purpose"] == "commenting"] == ([a.note] if a.note else [])


# An absolute URI (RFC 3986), as the W3C's test suite checks ids and sources.
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")


def exported_annotation(id: str, start: int | None, note: str = "", tags: tuple[str, ...] = ()) -> ExportedAnnotation:
    a = Annotation(id, "green", start or 0, (start or 0) + 5, "quote", "pre", "post", note, tags, T0, T0)
    if start is None:
        return ExportedAnnotation(a, "orphaned", None, None, None, None)
    return ExportedAnnotation(a, "exact", start, start + 5, 1, 0)


def one_document(*annotations: ExportedAnnotation, rel: str = "a.txt") -> list[ExportedDocument]:
    return [ExportedDocument(rel, "A", "pre" * 20 + "quote" + "post" * 20, list(annotations))]


def test_jsonld_a_collection_with_an_id_and_its_annotations_in_its_first_page():
    documents = one_document(
        exported_annotation("01NOTE", 60, "a note", ("t",)),
        exported_annotation("01MARK", 60),
        exported_annotation("01LOST", None),
    )
    data = json.loads(to_jsonld(documents))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld" and data["type"] == "AnnotationCollection"
    assert URI.fullmatch(data["id"]) and data["id"].startswith("urn:reader:collection:")
    assert data["total"] == 3 and "items" not in data
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["partOf"] == data["id"] and page["startIndex"] == 0
    assert URI.fullmatch(page["id"]) and page["id"] != data["id"] and data["last"] == page["id"]
    assert [item["id"] for item in page["items"]] == [
        "urn:reader:annotation:01NOTE",
        "urn:reader:annotation:01MARK",
        "urn:reader:annotation:01LOST",
    ]
    for item in page["items"]:  # each one whole, taken out of the file
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld" and item["type"] == "Annotation"
        assert item["target"]["source"] == "urn:reader:document:a.txt"
    assert [item["motivation"] for item in page["items"]] == ["commenting", "highlighting", "highlighting"]
    assert [len(item["target"]["selector"]) for item in page["items"]] == [2, 2, 1]  # an orphan has no position


def test_jsonld_the_collections_id_names_the_annotations_exported():
    note, mark = exported_annotation("01NOTE", 60, "a note"), exported_annotation("01MARK", 60)
    edited = dataclasses.replace(note, annotation=dataclasses.replace(note.annotation, note="edited"))

    def collection_id(*annotations: ExportedAnnotation) -> str:
        return json.loads(to_jsonld(one_document(*annotations)))["id"]

    assert collection_id(note, mark) == collection_id(note, mark) == collection_id(edited, mark)
    assert len({collection_id(note, mark), collection_id(note), collection_id(mark, note)}) == 3
    empty = json.loads(to_jsonld([]))
    assert (empty["total"], empty["first"]["items"]) == (0, []) and URI.fullmatch(empty["id"])


def test_jsonld_ids_and_sources_are_uris():
    documents = one_document(
        exported_annotation("http://example.org/anno/1", 60),  # a URI already: kept
        exported_annotation("has space/ü", 60),
        exported_annotation("urn:reader:annotation:x", 60),  # ours, wrapped again
        rel="sub dir/ü #1.txt",
    )
    items = json.loads(to_jsonld(documents))["first"]["items"]
    assert [item["id"] for item in items] == [
        "http://example.org/anno/1",
        "urn:reader:annotation:has%20space%2F%C3%BC",
        "urn:reader:annotation:urn%3Areader%3Aannotation%3Ax",
    ]
    assert items[0]["target"]["source"] == "urn:reader:document:sub%20dir/%C3%BC%20%231.txt"
