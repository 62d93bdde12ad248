"""JSON-LD in (issue 5): our own export comes back the same, a second
import adds nothing, a file from another tool is anchored, bad input is
refused before anything is written."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.annotations.store import Store
from reader.core.export.exporting import collect, to_jsonld, to_markdown
from reader.core.export.importing import ImportFormatError, import_jsonld
from reader.core.library.corpus import open_corpus
from reader.core.library.rule import Library

from .export_helpers import DOC1, DOC2, TERBIUM, annotate, annotate_gone, read_export, text_of


def exported_json(seeds: Path) -> str:
    return to_jsonld(collect(open_corpus(seeds), Store(Library.of(seeds))))


def stored(folder: Path | Library, rel: str) -> dict:
    aset = Store(folder).load(rel)
    return {} if aset is None else aset.annotations


def test_round_trip_into_an_empty_store(seeds, tmp_path):
    annotate(seeds, DOC2, TERBIUM, "green", note="# note\n\nwith *Markdown*", tags=["rare-earths", "trade"])
    annotate(seeds, DOC2, "tech for the Chinese", "pink")
    annotate(seeds, DOC1, "Peter Alexander", "blue", note="中文 😀", nth=1)
    annotate_gone(seeds, "gone/old.txt")  # its document is gone: comes back as it went, orphaned
    empty = tmp_path / "empty"
    report = import_jsonld(exported_json(seeds), open_corpus(seeds), Store(empty))
    assert (report.added, report.updated, report.unchanged, report.skipped, report.orphaned) == (4, 0, 0, 0, 1)
    for rel in (DOC1, DOC2):
        assert stored(empty, rel) == stored(Library.of(seeds), rel)  # ids, quotes, positions, all
    (orphan,) = stored(empty, "gone/old.txt").values()
    (original,) = stored(Library.of(seeds), "gone/old.txt").values()
    assert dataclasses.replace(orphan, start=original.start, end=original.end) == original
    assert (orphan.start, orphan.end) == (0, 0)  # an orphan's representation
    # The same export, from either store.
    assert to_jsonld(collect(open_corpus(seeds), Store(empty))) == exported_json(seeds)


def test_importing_twice_adds_nothing(seeds, tmp_path):
    annotate(seeds, DOC2, TERBIUM, note="n", tags=["t"])
    annotate(seeds, DOC1, "Peter Alexander")
    data = exported_json(seeds)
    folder = tmp_path / "again"
    import_jsonld(data, open_corpus(seeds), Store(folder))
    files = {p: p.read_bytes() for p in folder.rglob("*.toml")}
    report = import_jsonld(data, open_corpus(seeds), Store(folder))
    assert (report.added, report.updated, report.unchanged) == (0, 0, 2)
    assert {p: p.read_bytes() for p in folder.rglob("*.toml")} == files
    # and into the store it came from: nothing changes there either
    report = import_jsonld(data, open_corpus(seeds), Store(Library.of(seeds)))
    assert (report.added, report.updated, report.unchanged) == (0, 0, 2)


def test_the_later_version_wins(seeds):
    a = annotate(seeds, DOC2, TERBIUM, note="old")
    data = json.loads(exported_json(seeds))
    item = data["first"]["items"][0]
    later = (a.updated + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    item["modified"], item["body"] = later, [{"type": "TextualBody", "purpose": "commenting", "value": "newer"}]
    corpus, store = open_corpus(seeds), Store(Library.of(seeds))
    assert import_jsonld(json.dumps(data), corpus, store).updated == 1
    (b,) = stored(Library.of(seeds), DOC2).values()
    assert (b.id, b.note, b.updated) == (a.id, "newer", a.updated + timedelta(hours=1))
    # an older version of it changes nothing
    item["modified"] = (a.updated - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    item["body"][0]["value"] = "older"
    report = import_jsonld(json.dumps(data), corpus, store)
    assert (report.updated, report.unchanged) == (0, 1)
    assert [x.note for x in stored(Library.of(seeds), DOC2).values()] == ["newer"]


def test_a_deleted_annotation_is_not_brought_back_by_an_older_copy(seeds):
    annotate(seeds, DOC2, TERBIUM)
    data = exported_json(seeds)
    store = Store(Library.of(seeds))
    aset = store.load(DOC2)
    aset.delete(next(iter(aset.annotations)))
    store.save(aset)
    report = import_jsonld(data, open_corpus(seeds), Store(Library.of(seeds)))
    assert (report.added, report.unchanged) == (0, 1)
    assert stored(Library.of(seeds), DOC2) == {}


def foreign(*items: dict) -> str:
    return json.dumps(
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "AnnotationCollection",
            "first": {"type": "AnnotationPage", "items": list(items)},
        }
    )


def test_a_file_from_another_tool_is_anchored(seeds, tmp_path):
    text = text_of(seeds, DOC2)
    item = {
        "id": "urn:uuid:6f1b3c1e-1f7a-4c1e-9d2a-3b7d0c6e2a11",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "Terbium!"},
        "target": {
            "source": f"https://example.org/corpus/{DOC2}",
            "selector": {"type": "TextQuoteSelector", "exact": TERBIUM},
        },
        "created": "2026-01-02T03:04:05.678+01:00",
    }
    tagged = {
        "type": "Annotation",
        "motivation": "tagging",
        "body": [{"type": "TextualBody", "value": "trade"}],
        "target": {
            "source": DOC2,
            "selector": [
                {"type": "TextQuoteSelector", "exact": "tech for the Chinese", "prefix": "and ", "suffix": "."}
            ],
        },
    }
    folder = tmp_path / "foreign"
    report = import_jsonld(foreign(item, tagged), open_corpus(seeds), Store(folder))
    assert (report.added, report.orphaned, report.skipped) == (2, 0, 0)
    by_quote = {a.exact: a for a in stored(folder, DOC2).values()}
    a = by_quote[TERBIUM]
    start = text.index(TERBIUM)
    assert (a.id, a.start, a.end, a.kind, a.note, a.tags) == (
        item["id"],
        start,
        start + len(TERBIUM),
        "yellow",
        "Terbium!",
        (),
    )
    assert (a.prefix, a.suffix) == (text[start - 32 : start], text[a.end : a.end + 32])
    assert a.created == a.updated == datetime(2026, 1, 2, 2, 4, 5, 678000, tzinfo=UTC)
    b = by_quote["tech for the Chinese"]
    assert b.tags == ("trade",) and b.note == "" and b.id.startswith("urn:reader:")
    # no id: one derived from what it says, so a second import adds nothing
    again = import_jsonld(foreign(item, tagged), open_corpus(seeds), Store(folder))
    assert (again.added, again.unchanged) == (0, 2)
    assert len(stored(folder, DOC2)) == 2


def test_a_quote_not_in_the_text_is_kept_as_an_orphan(seeds, tmp_path):
    item = {
        "id": "x1",
        "type": "Annotation",
        "target": {
            "source": DOC2,
            "selector": [
                {"type": "TextQuoteSelector", "exact": "words that are nowhere", "prefix": "p", "suffix": "s"},
                {"type": "TextPositionSelector", "start": 10, "end": 32},
            ],
        },
    }
    folder = tmp_path / "orphans"
    report = import_jsonld(foreign(item), open_corpus(seeds), Store(folder))
    assert (report.added, report.orphaned) == (1, 1)
    (a,) = stored(folder, DOC2).values()
    assert (a.start, a.end, a.exact, a.prefix, a.suffix) == (0, 0, "words that are nowhere", "p", "s")
    sections = read_export(to_markdown(collect(open_corpus(seeds), Store(folder))))
    assert [s.heading for s in sections] == ["Notes from reader", "Orphaned annotations", "Pressure ... Pain ... Ouch!"]
    assert sections[2].entries[0].quote == "words that are nowhere"


@pytest.mark.parametrize(
    "data, message",
    [
        ("{not json", "not valid JSON"),
        ("3", "not W3C Web Annotations"),
        ('{"type": "Person"}', "its type is Person"),
        ('{"label": "no type, no items"}', "it has no type"),
        ('{"type": "AnnotationCollection", "first": "https://example.org/page1"}', "pages are not in the file"),
        ('{"type": "AnnotationCollection", "items": 3}', "without a list of items"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(seeds, tmp_path, data, message):
    folder = tmp_path / "nothing"
    with pytest.raises(ImportFormatError, match=message) as caught:
        import_jsonld(data, open_corpus(seeds), Store(folder))
    assert isinstance(caught.value, ValueError) and "\n" not in str(caught.value)
    assert not folder.exists()


def test_items_that_cannot_be_used_are_skipped_with_a_warning(seeds, tmp_path):
    good = {
        "id": "ok",
        "type": "Annotation",
        "target": {"source": DOC2, "selector": {"type": "TextQuoteSelector", "exact": TERBIUM}},
    }
    items = [
        good,
        "text",
        {
            "id": "img",
            "type": "Annotation",
            "target": {"source": DOC2, "selector": {"type": "FragmentSelector", "value": "xywh=1,2,3,4"}},
        },
        {
            "id": "far",
            "type": "Annotation",
            "target": {
                "source": "https://elsewhere.org/other.txt",
                "selector": {"type": "TextQuoteSelector", "exact": "x"},
            },
        },
        {
            "id": "up",
            "type": "Annotation",
            "target": {"source": "../outside.txt", "selector": {"type": "TextQuoteSelector", "exact": "x"}},
        },
    ]
    report = import_jsonld(foreign(*items), open_corpus(seeds), Store(tmp_path / "some"))
    assert (report.added, report.skipped, len(report.warnings)) == (1, 4, 4)
    assert all("\n" not in w for w in report.warnings)
    assert any("img" in w and "no TextQuoteSelector" in w for w in report.warnings)


def test_a_bad_annotation_file_is_not_written_over(seeds):
    bad = Store(Library.of(seeds)).path_for(DOC2)
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not = [toml")
    item = {
        "id": "a",
        "type": "Annotation",
        "target": {"source": DOC2, "selector": {"type": "TextQuoteSelector", "exact": TERBIUM}},
    }
    report = import_jsonld(foreign(item), open_corpus(seeds), Store(Library.of(seeds)))
    assert (report.added, report.skipped) == (0, 1)
    assert DOC2 in report.warnings[0]
    assert bad.read_bytes() == b"not = [toml"


def test_sources_as_paths_and_urls(seeds, tmp_path):
    def item(n: int, source: str) -> dict:
        return {
            "id": f"s{n}",
            "type": "Annotation",
            "target": {"source": source, "selector": {"type": "TextQuoteSelector", "exact": TERBIUM}},
        }

    sources = [f"file://{seeds / DOC2}", str(seeds / DOC2), f"./{DOC2}", f"urn:x:/{DOC2}"]
    folder = tmp_path / "sources"
    report = import_jsonld(foreign(*(item(n, s) for n, s in enumerate(sources))), open_corpus(seeds), Store(folder))
    assert (report.added, report.skipped) == (4, 0)
    assert sorted(stored(folder, DOC2)) == ["s0", "s1", "s2", "s3"]
    assert [p.name for p in folder.rglob("*.toml")] == [DOC2 + ".toml"]


def test_strings_that_cannot_be_written_are_replaced(seeds, tmp_path):
    # % keeps the JSON's braces single.
    data = (
        '{"type": "AnnotationCollection", "items": [{"id": "bad\\ud800", "type": "Annotation", '  # noqa: UP031
        '"bodyValue": "lone \\udfff", "target": {"source": "%s", "selector": '
        '{"type": "TextQuoteSelector", "exact": "nowhere \\ud83d"}}}]}' % DOC2
    )
    folder = tmp_path / "surrogates"
    assert import_jsonld(data, open_corpus(seeds), Store(folder)).added == 1
    (a,) = stored(folder, DOC2).values()
    assert (a.id, a.note, a.exact) == ("bad\ufffd", "lone \ufffd", "nowhere \ufffd")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10**6)
    | st.text(max_size=8)
    | st.sampled_from(["Annotation", "TextQuoteSelector", "TextPositionSelector", "tagging", DOC2, TERBIUM]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "target",
                    "source",
                    "selector",
                    "exact",
                    "prefix",
                    "suffix",
                    "start",
                    "end",
                    "body",
                    "value",
                    "purpose",
                    "motivation",
                    "created",
                    "modified",
                    "reader:kind",
                    "bodyValue",
                    "items",
                    "first",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(json_values, max_size=4))
def test_any_json_is_imported_or_refused_never_a_crash(seeds, tmp_path_factory, items):
    folder = tmp_path_factory.mktemp("fuzz")
    report = import_jsonld(
        json.dumps({"type": "AnnotationCollection", "items": items}), open_corpus(seeds), Store(folder)
    )
    assert report.read == len(items)
    for path in folder.rglob("*.toml"):  # what was written reads back
        Store(folder).load(path.relative_to(folder).as_posix().removesuffix(".toml"))


ITEM = {
    "id": "one",
    "type": "Annotation",
    "target": {"source": DOC2, "selector": {"type": "TextQuoteSelector", "exact": TERBIUM}},
}
CONTEXT_KEY = {"@context": "http://www.w3.org/ns/anno.jsonld"}


def spelled(node: dict, keys: str) -> dict:
    """`node` as other tools write it: "plain" (id, type), "at" (@id, @type),
    "bare" (no id nor type: read by its keys)."""
    if keys == "plain":
        return node
    renamed = {}
    for key, value in node.items():
        if key in ("id", "type") and keys == "at":
            renamed["@" + key] = value
        elif key not in ("id", "type") or keys != "bare":
            renamed[key] = value
    return renamed


SHAPES = {
    "a single annotation": lambda item, keys: spelled(item, keys),
    "an array of annotations": lambda item, keys: [spelled(item, keys)],
    "an annotation page": lambda item, keys: spelled({"type": "AnnotationPage", "items": [spelled(item, keys)]}, keys),
    "a collection with its first page": lambda item, keys: spelled(
        {
            "id": "urn:c",
            "type": "AnnotationCollection",
            "first": spelled({"id": "urn:c:1", "type": "AnnotationPage", "items": [spelled(item, keys)]}, keys),
        },
        keys,
    ),
    "a collection with a list of one page": lambda item, keys: {
        "type": "AnnotationCollection",
        "first": [{"type": "AnnotationPage", "items": [spelled(item, keys)]}],
    },
    "a collection with its own items (older exports)": lambda item, keys: {
        "type": "AnnotationCollection",
        "items": [spelled(item, keys)],
    },
}


@pytest.mark.parametrize("with_context", [True, False])
@pytest.mark.parametrize("keys", ["plain", "at", "bare"])
@pytest.mark.parametrize("shape", SHAPES)
def test_what_other_tools_write_is_read(seeds, tmp_path, shape, keys, with_context):
    data = SHAPES[shape](ITEM, keys)
    if with_context and isinstance(data, dict):
        data = {**CONTEXT_KEY, **data}
    elif with_context:
        data = [{**CONTEXT_KEY, **item} for item in data]
    folder = tmp_path / "read"
    report = import_jsonld(json.dumps(data), open_corpus(seeds), Store(folder))
    assert (report.added, report.skipped) == (1, 0)
    (a,) = stored(folder, DOC2).values()
    assert a.exact == TERBIUM and (a.id == "one") == (keys != "bare")  # without an id, one is derived


def test_a_type_iri_and_elements_that_are_not_annotations(seeds, tmp_path):
    items = [
        {**ITEM, "id": "iri", "type": "http://www.w3.org/ns/oa#Annotation"},
        {**ITEM, "id": "prefixed", "@type": ["oa:Annotation"]},
        {**ITEM, "id": "person", "type": "Person"},
        7,
        {"no": "target"},
    ]
    folder = tmp_path / "mixed"
    report = import_jsonld(json.dumps(items), open_corpus(seeds), Store(folder))
    assert (report.added, report.skipped) == (2, 3)
    assert sorted(stored(folder, DOC2)) == ["iri", "prefixed"]
    assert any("not an Annotation" in w and "person" in w for w in report.warnings)


def test_our_ids_and_paths_come_back_whatever_they_hold(seeds, tmp_path):
    odd = seeds / "sub dir" / "ü #1.txt"
    odd.parent.mkdir()
    odd.write_text("Some words to quote, in a file with an odd name.\n", "utf-8")
    rel = "sub dir/ü #1.txt"
    items = [
        {
            "id": "has space/ü",
            "type": "Annotation",
            "target": {"source": rel, "selector": {"type": "TextQuoteSelector", "exact": "words to quote"}},
        },
        {**ITEM, "id": "urn:reader:annotation:urn%3Areader%3Aannotation%3Ax"},  # ours, and it held our prefix
        {**ITEM, "id": "http://example.org/anno/1"},
    ]
    first, second = tmp_path / "first", tmp_path / "second"
    import_jsonld(foreign(*items), open_corpus(seeds), Store(first))
    exported = to_jsonld(collect(open_corpus(seeds), Store(first)))
    assert "urn:reader:document:sub%20dir/%C3%BC%20%231.txt" in exported
    report = import_jsonld(exported, open_corpus(seeds), Store(second))
    assert (report.added, report.skipped, report.orphaned) == (3, 0, 0)
    assert sorted(stored(second, rel)) == ["has space/ü"]
    assert sorted(stored(second, DOC2)) == ["http://example.org/anno/1", "urn:reader:annotation:x"]
    assert to_jsonld(collect(open_corpus(seeds), Store(second))) == exported


def test_a_collection_whose_next_pages_are_elsewhere_is_refused_not_half_read(seeds, tmp_path):
    data = json.dumps(
        {
            "type": "AnnotationCollection",
            "first": {"type": "AnnotationPage", "next": "https://example.org/page/2", "items": []},
        }
    )
    with pytest.raises(ImportFormatError, match="next pages are not in the file"):
        import_jsonld(data, open_corpus(seeds), Store(tmp_path / "none"))
    assert not (tmp_path / "none").exists()
