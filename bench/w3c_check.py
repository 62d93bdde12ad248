"""The JSON-LD export against the W3C Web Annotation test suite's own assertions.

Run by hand, not by the test suite:

    .venv/bin/python bench/w3c_check.py /path/to/web-annotation-tests [EXPORT.json]

The suite (github.com/w3c/web-annotation-tests, not part of this repository)
is a set of `.test` files, each a JSON list of assertions: JSON Schemas
(draft-04) under `annotations/` and `collections/` that refer to shared
definitions under `definitions/`. This script runs them as the suite's own
harness (JSONtest.js in the web-platform-tests) does: the assertions in
order; each one's result is "expected" when the data is `expectedResult`
(default "valid"); an unexpected one is a failure when its
`onUnexpectedResult` starts with "fail" (default "failAndContinue"), and is
merely "not implemented" when it starts with "pass" (the suite's optional
features, all "should" or "may"); "...AndSkip" skips the rest of its list,
"...AndAbort" the rest of the test. A nested list is a level of its own.

The `.test` files under `annotations/` are run on every annotation of the
export, each taken out of the file as it is (so it must carry its own
@context); those under `collections/` on the collection, which is what the
page tests ask for too ("an Annotation Collection with an embedded Page").

Formats are checked (the harness's Ajv checks them): "uri" as an absolute
RFC 3986 URI, "date-time" as RFC 3339, both a little stricter than Ajv.

Without EXPORT.json, the project's seeds are copied to a temporary folder
and annotated (highlights with and without notes, notes in Markdown, tags,
orphans of an edited document and of a document that is gone), and the
export of that is checked. Exit 1 when any MUST assertion fails.

Needs the jsonschema package, for this script only:
`.venv/bin/pip install jsonschema`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

try:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4
except ImportError:
    sys.exit("bench/w3c_check.py needs jsonschema: .venv/bin/pip install jsonschema")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation  # noqa: E402
from reader.core.annotations.store import Store  # noqa: E402
from reader.core.export.exporting import collect, to_jsonld  # noqa: E402
from reader.core.library.corpus import load, open_corpus  # noqa: E402
from reader.core.text.reading import text_sha256  # noqa: E402

# Folder -> what its tests are run on, the first that matches.
SUBJECTS = (("collections/pages/", "page"), ("collections/", "collection"), ("annotations/", "annotation"))
ACTIONS = ("continue", "skip", "abort")

_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)")

FORMATS = jsonschema.FormatChecker([])  # only these two: the suite uses no other format


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or _URI.fullmatch(value) is not None


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if _DATE_TIME.fullmatch(value) is None:
        return False
    try:  # the ranges: month 13 or hour 25 match the pattern
        datetime.fromisoformat(value[:19].replace(" ", "T").replace("t", "T"))
    except ValueError:
        return False
    return True


# -- the suite ----------------------------------------------------------------------


@dataclass
class Assertion:
    name: str  # the file's name without .json, or "inline N"
    schema: dict
    kind: str  # assertionType: "must", "should" or "may"
    expected: str  # "valid" or "invalid"
    on_unexpected: str  # failAndContinue, passAndSkip, ...
    title: str
    message: str

    @property
    def counts(self) -> bool:
        """An unexpected result is a failure (not "not implemented")."""
        return self.on_unexpected.startswith("fail")

    @property
    def action(self) -> str:
        """What an unexpected result does to the assertions after it."""
        return next((a for a in ACTIONS if self.on_unexpected.lower().endswith(a)), "continue")


@dataclass
class Test:
    path: str  # inside the suite
    name: str
    subject: str  # "annotation", "collection" or "page" (see SUBJECTS)
    assertions: list  # of Assertion, or of nested lists
    skip_failures: tuple[str, ...] = ()


def registry(suite: Path) -> Registry:
    """Every definitions/*.json under the id it gives itself ("annotations.json"),
    which is how the assertions refer to them."""
    resources = []
    for path in sorted((suite / "definitions").glob("*.json")):
        contents = json.loads(path.read_text("utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT4)
        resources.append((contents.get("id", path.name), resource))
    return Registry().with_resources(resources)


def _assertion(reference: object, test_folder: Path, suite: Path, n: int) -> Assertion:
    if isinstance(reference, str):
        contents, name = _load(reference, test_folder, suite), Path(reference).stem
    elif isinstance(reference, dict) and "assertionFile" in reference:  # a file, some keys overridden
        contents = {
            **_load(reference["assertionFile"], test_folder, suite),
            **{k: v for k, v in reference.items() if k != "assertionFile"},
        }
        name = Path(reference["assertionFile"]).stem
    elif isinstance(reference, dict):
        contents, name = reference, f"inline {n}"
    else:
        raise ValueError(f"an assertion that is neither a file nor a schema: {reference!r}")
    title = re.sub(r"[*_]", "", contents.get("title", name)).split(" - [")[0]
    return Assertion(
        name,
        contents,
        contents.get("assertionType", "must"),
        contents.get("expectedResult", "valid"),
        contents.get("onUnexpectedResult", "failAndContinue"),
        title,
        contents.get("errorMessage", contents.get("message", "")),
    )


def _load(reference: str, test_folder: Path, suite: Path) -> dict:
    # As the harness does: a name with a slash is from the suite's top, without one from the test's folder.
    return json.loads(((suite if "/" in reference else test_folder) / reference).read_text("utf-8"))


def _assertions(listed: list, test_folder: Path, suite: Path) -> list:
    return [
        _assertions(item, test_folder, suite) if isinstance(item, list) else _assertion(item, test_folder, suite, n)
        for n, item in enumerate(listed, 1)
    ]


def tests(suite: Path) -> list[Test]:
    found = []
    for path in sorted(suite.glob("*/**/*.test")):
        rel = path.relative_to(suite)
        subject = next((what for folder, what in SUBJECTS if rel.as_posix().startswith(folder)), None)
        if subject is None:
            continue
        data = json.loads(path.read_text("utf-8"))
        found.append(
            Test(
                rel.as_posix(),
                data.get("name", rel.name),
                subject,
                _assertions(data.get("assertions", []), path.parent, suite),
                tuple(data.get("skipFailures", ())),
            )
        )
    # The MUSTs first: they are the verdict.
    return sorted(found, key=lambda t: ("Musts" not in t.path, t.path))


def flat(assertions: list) -> Iterator[Assertion]:
    for a in assertions:
        if isinstance(a, list):
            yield from flat(a)
        else:
            yield a


# -- running ------------------------------------------------------------------------


@dataclass
class Tally:
    passed: int = 0  # subjects where the result was the expected one
    unexpected: int = 0
    skipped: int = 0
    first: str = ""  # the first subject with an unexpected result, and why

    def verdict(self, a: Assertion, test: Test) -> str:
        if not self.unexpected:
            return "pass" if self.passed else "skipped"
        if a.counts and a.kind not in test.skip_failures:
            return "FAIL"
        return "not implemented"


@dataclass
class Run:
    validators: dict[int, jsonschema.Draft4Validator] = field(default_factory=dict)
    tallies: dict[int, Tally] = field(default_factory=dict)  # both by id(Assertion)

    def check(self, test: Test, subjects: list[tuple[str, dict]], registry: Registry) -> None:
        for a in flat(test.assertions):
            self.tallies[id(a)] = Tally()
            self.validators[id(a)] = jsonschema.Draft4Validator(a.schema, registry=registry, format_checker=FORMATS)
        for label, subject in subjects:
            self._level(test.assertions, label, subject)

    def _level(self, assertions: list, label: str, subject: dict) -> str:
        """The assertions of one list on one subject; "abort" to stop the test."""
        action = "continue"
        for a in assertions:
            if isinstance(a, list):
                if self._level(a, label, subject) == "abort":
                    action = "abort"
                continue
            tally = self.tallies[id(a)]
            if action != "continue":
                tally.skipped += 1
                continue
            error = next(self.validators[id(a)].iter_errors(subject), None)
            if (error is None) == (a.expected == "valid"):
                tally.passed += 1
                continue
            tally.unexpected += 1
            if not tally.first:
                why = error.message if error is not None else "valid, where it should not be"
                tally.first = f"{label}: {why[:160]}"
            action = a.action
        return action


def subjects_of(test: Test, data: object) -> list[tuple[str, object]]:
    """What `test` is run on in `data`: the collection itself for the
    collection's tests, the collection (with its embedded page) or a page
    for the page's tests, every annotation for the annotation's."""
    top = _type(data)
    if test.subject == "collection":
        return [("the collection", data)] if top == "AnnotationCollection" else []
    if test.subject == "page":
        embedded = top == "AnnotationCollection" and isinstance(data.get("first"), dict)
        return [("the page", data)] if embedded or top == "AnnotationPage" else []
    return [
        (f"annotation {item.get('id', n) if isinstance(item, dict) else n}", item)
        for n, item in enumerate(_annotations(data), 1)
    ]


def _type(data: object) -> str | None:
    kind = data.get("type") if isinstance(data, dict) else None
    return next((t for t in kind if isinstance(t, str)), None) if isinstance(kind, list) else kind


def _annotations(data: object) -> list:
    """The annotations of a file: a collection's first page's, a page's, the
    annotation itself, or those of a JSON array."""
    if isinstance(data, list):
        return data
    top = _type(data)
    if top == "AnnotationCollection":
        first = data.get("first")
        page = first if isinstance(first, dict) else data  # an older export of ours had them in the collection
        return page.get("items") if isinstance(page.get("items"), list) else []
    if top == "AnnotationPage":
        return data.get("items") if isinstance(data.get("items"), list) else []
    return [data]


def report(run: Run, suite_tests: list[Test], collection: object, registry: Registry) -> int:
    """Print every assertion's result and a summary; the number of MUST failures."""
    must_passed = must_failed = must_skipped = optional_met = optional_not = 0
    checked = set()  # what the tests were run on, for the summary
    for test in suite_tests:
        subjects = subjects_of(test, collection)
        if not subjects:
            print(f"\n{test.path}: not applicable (the file is not a {test.subject})")
            continue
        run.check(test, subjects, registry)
        checked.add(f"{len(subjects)} annotations" if test.subject == "annotation" else f"the {test.subject}")
        print(f"\n{test.path} ({len(subjects)} {test.subject}{'s' if len(subjects) != 1 else ''}): {test.name}")
        for a in flat(test.assertions):
            tally = run.tallies[id(a)]
            verdict = tally.verdict(a, test)
            counted = f"{tally.passed}/{len(subjects)}"
            print(f"  {verdict:<15} {a.kind:<6} {counted:>9}  {a.name}: {a.title}")
            if verdict == "FAIL":
                print(f"  {'':<15} {'':<6} {'':>9}  {a.message} First: {tally.first}")
            if a.kind == "must" and a.counts:
                must_passed += verdict == "pass"
                must_failed += verdict == "FAIL"
                must_skipped += verdict == "skipped"
            else:
                optional_met += verdict == "pass"
                optional_not += verdict != "pass"
    skipped = f", {must_skipped} skipped (after a failure that skips the rest)" if must_skipped else ""
    print(
        f"\nMUST assertions: {must_passed} passed, {must_failed} failed{skipped} (each on {', '.join(sorted(checked))})"
    )
    print(f"Optional assertions (should/may): {optional_met} met, {optional_not} not implemented")
    return must_failed


# -- an export to check -----------------------------------------------------------------


NOTES = [
    "Check this against the 2019 figures.",
    "# A heading in a note\n\n- one\n- *two*",
    'He says "terbium" \\ not <b>dysprosium</b> — which? 中文 😀',
    "line one\nline two\ttabbed",
]


def generated_export(folder: Path, seed: int = 20261201) -> str:
    """The seeds annotated, some annotations orphaned, exported as JSON-LD."""
    rng = random.Random(seed)
    corpus = folder / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    store = Store(folder / "annotations")
    documents = open_corpus(corpus).documents
    for doc in documents:
        text = load(doc).text
        aset = AnnotationSet(DocumentInfo(doc.rel, text_sha256(text), len(text), "utf-8"))
        for _ in range(6):
            start = rng.randrange(len(text) - 120)
            note = rng.choice(NOTES) if rng.random() < 0.5 else ""  # else a highlight without a note
            tags = rng.sample(["rare-earths", "trade", "a tag with spaces", "#hash"], 2) if rng.random() < 0.4 else ()
            aset.put(
                make_annotation(text, start, start + rng.randint(1, 120), rng.choice(["yellow", "green"]), note, tags)
            )
        store.save(aset)
    edited = documents[0].path  # its annotations' quotes gone: orphans with a quote and no position
    edited.write_text("\n".join(line[: len(line) // 3] for line in load(documents[0]).text.split("\n")), "utf-8")
    documents[1].path.unlink()  # a document that is gone: its annotations orphaned too
    return to_jsonld(collect(open_corpus(corpus), store))


def describe(annotations: list) -> str:
    """How many annotations, of which kinds: what the check was run on."""
    counts: dict[str, int] = {}
    for item in annotations:
        item = item if isinstance(item, dict) else {}
        bodies = item.get("body") if isinstance(item.get("body"), list) else []
        purposes = {b.get("purpose") for b in bodies if isinstance(b, dict)}
        for label, present in (
            ("with a note", "commenting" in purposes),
            ("with tags", "tagging" in purposes),
            ("highlights without a note", "commenting" not in purposes),
            (str(item.get("reader:anchoring", "from another tool")), True),
        ):
            counts[label] = counts.get(label, 0) + present
    return f"{len(annotations)} annotations: " + ", ".join(f"{n} {label}" for label, n in counts.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("suite", type=Path, help="a checkout of github.com/w3c/web-annotation-tests")
    parser.add_argument("export", type=Path, nargs="?", help="a JSON-LD export (default: one made here)")
    args = parser.parse_args()
    if args.export is not None:
        data = args.export.read_text("utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="reader-w3c-") as name:
            data = generated_export(Path(name))
    try:
        collection = json.loads(data)
    except json.JSONDecodeError as err:  # the harness fails such input before any assertion
        print(f"FAIL: not JSON: {err}")
        sys.exit(1)
    print(f"Checking {args.export or 'an export of the seeds, annotated here'}: {describe(_annotations(collection))}")
    suite_tests = tests(args.suite)
    if not suite_tests:
        sys.exit(f"no .test files under {args.suite}/annotations or /collections")
    sys.exit(1 if report(Run(), suite_tests, collection, registry(args.suite)) else 0)


if __name__ == "__main__":
    main()
