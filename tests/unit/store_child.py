"""A second program saving annotations, for test_store.py (not a test itself).

    python store_child.py FOLDER REL TEXT_FILE COUNT [--wait]

Adds COUNT annotations to the document REL (0: until killed), saving after
each and printing its id once save() has returned: an id on stdout is an
acknowledged save. With --wait, prints "ready" and waits for a line on stdin
before the first save, so that two children can start together.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from reader.core.annotations.model import AnnotationSet, DocumentInfo, make_annotation
from reader.core.annotations.store import Store
from reader.core.text.reading import text_sha256


def main() -> None:
    folder, rel, text_file, count = sys.argv[1:5]
    text = Path(text_file).read_text("utf-8")
    store = Store(Path(folder))
    aset = store.load(rel) or AnnotationSet(DocumentInfo(rel, text_sha256(text), len(text), "utf-8"))
    if "--wait" in sys.argv:
        print("ready", flush=True)
        sys.stdin.readline()
    rng = random.Random()
    n = 0
    while n < int(count) or int(count) == 0:
        start = rng.randrange(len(text) - 50)
        annotation = make_annotation(text, start, start + rng.randint(1, 50), "yellow", note=f"note {n}\nsecond line")
        aset.put(annotation)
        aset = store.save(aset)
        print(annotation.id, flush=True)
        n += 1


if __name__ == "__main__":
    main()
