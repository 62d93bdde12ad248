"""First text on screen for an EPUB, beside the same book as plain text.

Run by hand, not by the test suite: `.venv/bin/python bench/open_epub.py --sizes 1,10 --runs 3`.
For each size (MiB of text), Don Quijote (../shared/corpora/books) is cut
into its chapters, repeated to the size, and packed with zipfile into an
EPUB 3 (one XHTML file a chapter, a paragraph a <p>, a nav document of the
chapters); the same paragraphs are written as a UTF-8 `.txt`. `reader FILE`
runs in a detached 120x40 tmux session (bench/open.py's harness: its own
state and cache folders each run, the screen polled every 10 ms) until the
first paragraph's words are on screen; medians of `--runs` runs, with peak
memory. Progress goes to stderr, the markdown to stdout.
"""

from __future__ import annotations

import argparse
import html
import importlib
import re
import shutil
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
harness = importlib.import_module("open")  # bench/open.py: the tmux harness

QUIJOTE = harness.ROOT.parent / "shared" / "corpora" / "books" / "don-quijote-latin1.txt"
MARKER = "TEXT BEGINS"
CHAPTER = re.compile(r"^Cap[íi]tulo [^\n]*$", re.M | re.I)


def chapters(mib: int) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of the book's chapters, repeated to about `mib` MiB of text."""
    text = QUIJOTE.read_bytes().decode("latin-1").replace("\r\n", "\n")
    cuts = [m.start() for m in CHAPTER.finditer(text)] + [len(text)]
    book = []
    for start, end in zip(cuts, cuts[1:]):
        title, _, body = text[start:end].partition("\n")
        paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
        book.append((title.strip(), paragraphs))
    out, size, copy = [], 0, 0
    while size < mib * harness.MIB:
        copy += 1
        for title, paragraphs in book:
            out.append((f"{title} ({copy})", paragraphs))
            size += sum(len(p) + 2 for p in paragraphs)
            if size >= mib * harness.MIB:
                break
    out[0] = (out[0][0], [f"{MARKER} here, at the first chapter.", *out[0][1]])
    return out


def write_text(path: Path, book: list[tuple[str, list[str]]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for title, paragraphs in book:
            f.write(title + "\n\n" + "\n\n".join(paragraphs) + "\n\n")


def write_epub(path: Path, book: list[tuple[str, list[str]]]) -> None:
    def xhtml(title: str, body: str) -> str:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"'
            ' xmlns:epub="http://www.idpf.org/2007/ops">'
            f"<head><title>{html.escape(title)}</title></head><body>{body}</body></html>"
        )

    names = [f"ch{n:04d}.xhtml" for n in range(len(book))]
    items = "".join(
        f'<item id="c{n}" href="{name}" media-type="application/xhtml+xml"/>' for n, name in enumerate(names)
    )
    refs = "".join(f'<itemref idref="c{n}"/>' for n in range(len(names)))
    nav = "".join(f'<li><a href="{name}">{html.escape(t)}</a></li>' for name, (t, _) in zip(names, book))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"'
            ' version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf"'
            ' media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        z.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Don Quijote</dc:title>'
            "<dc:creator>Miguel de Cervantes Saavedra</dc:creator><dc:language>es</dc:language></metadata>"
            f'<manifest>{items}<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml"'
            f' properties="nav"/></manifest><spine>{refs}</spine></package>',
        )
        z.writestr("OEBPS/nav.xhtml", xhtml("Contents", f'<nav epub:type="toc"><ol>{nav}</ol></nav>'))
        for name, (title, paragraphs) in zip(names, book):
            body = f"<h2>{html.escape(title)}</h2>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            z.writestr(f"OEBPS/{name}", xhtml(title, body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10", help="MiB of text, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is reported)")
    args = parser.parse_args()
    measured = harness.revision()
    workdir = Path(tempfile.mkdtemp(prefix="readerbench-epub-"))
    rows = ["| book | file | reader first text | peak RSS |", "|---|---|---|---|"]
    try:
        harness.start_server()
        for size in (int(s) for s in args.sizes.split(",") if s):
            book = chapters(size)
            epub, text = workdir / f"quijote_{size}mib.epub", workdir / f"quijote_{size}mib.txt"
            write_epub(epub, book)
            write_text(text, book)
            for path, kind in ((epub, "EPUB"), (text, "plain text")):
                harness.log(f"{path.name}: {path.stat().st_size / harness.MIB:.1f} MiB")
                first, _, rss = harness.measure(
                    [*harness.READER_CMD, str(path)], MARKER, None, args.runs, f"{kind} {size} MiB"
                )
                rows.append(
                    f"| Don Quijote, {size} MiB of text, {len(book)} chapters | {kind}, "
                    f"{path.stat().st_size / harness.MIB:.1f} MiB | {harness.secs(first)} | {harness.mib(rss)} |"
                )
    finally:
        harness.tmux("kill-server", check=False)
        shutil.rmtree(workdir, ignore_errors=True)
    command = " ".join([".venv/bin/python", "bench/open_epub.py", *sys.argv[1:]])
    print(
        f"## EPUB: first text on screen (bench/open_epub.py)\n\nCommand: `{command}`  \n"
        f"Date: {date.today().isoformat()}, reader at {measured}  \nMachine: {harness.machine()}\n"
    )
    print("\n".join(rows))
    print(
        f"\nMedians of {args.runs} runs; terminal {harness.WIDTH}x{harness.HEIGHT} (tmux); files in the page cache."
        " The EPUB's text is on screen once the whole book is read (zip, XML, rendering); a plain-text"
        " file shows its first 256 KiB while the rest is decoded."
    )


if __name__ == "__main__":
    main()
