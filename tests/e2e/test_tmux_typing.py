"""Typed and pasted at full speed into every input, and the sidebar at 20,000
documents: the installed `reader` in a real terminal."""

from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path

from ..conftest import SHARED

DOC = "002_49671702ffe5f58f.txt"  # "Pressure ... Pain ... Ouch!"


def test_every_input_takes_a_fast_burst_whole(terminal, seeds: Path) -> None:
    # Each burst goes in one write with the key that opens its input, a
    # backspace inside it, as when typing fast or pasting.
    term = terminal(str(seeds))
    term.wait_for("China Morning Missive", "words")
    term.keys("/", "pressure paix", "BSpace", "n", "Enter")  # the sidebar's filter
    term.wait_for(f"Pressure ... Pain ... Ouch! — {DOC}")
    term.wait_for("v Select")  # the text has the focus
    # Select three words, write the note and its tags, save: all in one go.
    term.keys(
        "j", "v", "e", "e", "e", "a", "Who blinks firstt", "BSpace", "?", "Tab", "trade chinx", "BSpace", "a", "C-s"
    )
    term.wait_until_gone("ctrl+s")
    term.wait_for("Who blinks first?")  # the note line: the cursor is in the highlight
    saved = tomllib.loads((seeds.parent / "annotations" / "seeds" / f"{DOC}.toml").read_text("utf-8"))
    (note,) = saved["annotation"]
    assert (note["note"], note["tags"]) == ("Who blinks first?", ["trade", "china"])
    # A paste right after `/` (bracketed, as terminals paste).
    term.keys("/")
    term.paste("negotiaters")
    term.wait_for_pattern(r"/negotiaters .* [12]/2")  # (from the cursor: past the first, the second is current)
    term.keys("Escape")
    term.wait_until_gone("/negotiaters")
    term.keys("s", "beijngg", "BSpace", "Left", "Left", "i")  # search all: "beijing"
    term.wait_for("beijing", "hits in 4 documents")
    term.keys("Escape")
    term.wait_until_gone("hits in 4 documents")
    term.quit()


def prose() -> list[str]:
    text = (SHARED / "corpora" / "editions" / "pride-and-prejudice-2015.txt").read_text("ascii")
    return [" ".join(p.split()) for p in re.split(r"\r?\n\s*\r?\n", text) if len(p.split()) >= 8]


def test_the_sidebar_lists_and_filters_20000_documents(terminal, tmp_path: Path) -> None:
    library = tmp_path / "library"
    rng = random.Random(20)
    paragraphs = prose()
    for n in range(20_000):
        folder = library / f"{n // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        title = "Letters of Dulcinea" if n == 17_345 else f"{n} " + " ".join(rng.choice(paragraphs).split()[:4])
        (folder / f"doc-{n:05d}.txt").write_text(f"{title}\n\n{rng.choice(paragraphs)}\n", "ascii")
    term = terminal(str(library))
    term.wait_for("00/doc-00000.txt", "utf-8")
    term.keys("End")  # the last of 20,000, previewed
    term.wait_for("19999 ", "— 19/doc-19999.txt")
    term.keys("PageUp", "Home")
    term.wait_for("— 00/doc-00000.txt")
    term.keys("/", "leters of dulcinea")  # a typo, typed at full speed
    # First once its title is read (the titles are filled in as the words are counted).
    screen = term.wait_for("Letters of Dulcinea", timeout=60).splitlines()
    assert screen[1].strip().startswith("Letters of Dulcinea")  # under the filter field
    term.keys("Enter")
    term.wait_for("Letters of Dulcinea — 17/doc-17345.txt")
    term.quit()
