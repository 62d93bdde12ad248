"""First text on screen for an EPUB and a saved web page, beside the same text as plain text.

Run by hand, not by the test suite:
`.venv/bin/python bench/open_formats.py --sizes 1,10 --page-sizes 1 --runs 3`.
For each of `--sizes` (MiB of text), Don Quijote (../shared/corpora/books) is
cut into its chapters, repeated to the size, and packed with zipfile into an
EPUB 3 (one XHTML file a chapter, a paragraph a <p>, a nav document of the
chapters). For each of `--page-sizes`, the same chapters become one article
of a saved news page (`<meta charset>`, styles, scripts and JSON-LD in the
head; a nav menu, a site header, an <article> with its <h1>, byline and
date, the chapters as <h2> sections, a related-stories aside, a footer and
more scripts). Beside each, the same text is written as a UTF-8 `.txt`.
`reader FILE` runs in a detached 120x40 tmux session (bench/open.py's
harness: its own state and cache folders each run, the screen polled every
10 ms) until the first paragraph's words are on screen; medians of `--runs`
runs, with peak memory. Progress goes to stderr, the markdown to stdout.
"""

from __future__ import annotations

import argparse
import html
import importlib
import re
import shlex
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


def write_text(path: Path, book: list[tuple[str, list[str]]], head: tuple[str, ...] = ()) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.writelines(line + "\n\n" for line in head)
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


# The saved web page: what a news site's article page holds around its text.
ARTICLE_TITLE = "Don Quijote, read again from the first chapter"
BYLINE = "By Miguel de Cervantes Saavedra"
PAGE_HEAD = """<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | La Gaceta de la Mancha</title>
<meta name="description" content="La novela entera, capítulo a capítulo.">
<meta name="author" content="Miguel de Cervantes Saavedra">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="La Gaceta de la Mancha">
<meta property="article:published_time" content="2024-05-06T08:00:00+02:00">
<link rel="canonical" href="https://gaceta.example/cultura/don-quijote">
<link rel="stylesheet" href="/static/site.css">
<style>body{{font-family:Georgia,serif;margin:0}}.menu{{display:flex;gap:1em}}.ad{{min-height:250px}}</style>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","author":{{"@type":"Person","name":"Miguel de Cervantes Saavedra"}},
"datePublished":"2024-05-06T08:00:00+02:00",
"publisher":{{"@type":"Organization","name":"La Gaceta de la Mancha"}}}}</script>
<script>window.dataLayer=window.dataLayer||[];
function gtag(){{dataLayer.push(arguments)}}gtag("js",new Date());</script>
<script async src="https://ads.example/tag.js"></script>
</head>
<body class="article-page">
<a class="skip" href="#main">Saltar al contenido</a>
<header class="site-header"><a class="logo" href="/">La Gaceta de la Mancha</a>
<nav class="menu" aria-label="Secciones"><ul>
<li><a href="/">Portada</a></li><li><a href="/espana">España</a></li><li><a href="/mundo">Mundo</a></li>
<li><a href="/economia">Economía</a></li><li><a href="/cultura">Cultura</a></li>
<li><a href="/deportes">Deportes</a></li>
<li><a href="/opinion">Opinión</a></li><li><a href="/suscribete">Suscríbete</a></li></ul></nav>
<form class="search" action="/buscar"><input name="q" placeholder="Buscar"><button>Buscar</button></form>
</header>
<div class="ad" id="ad-top">Publicidad</div>
<main id="main"><article class="story">
<header class="story-header"><p class="kicker"><a href="/cultura">Cultura</a></p>
<h1>{title}</h1>
<p class="byline"><a rel="author" href="/autores/cervantes">{byline}</a> ·
<time datetime="2024-05-06T08:00:00+02:00">6 de mayo de 2024</time></p></header>
<div class="story-body">
"""
PAGE_FOOT = """</div>
<footer class="story-footer"><p>Etiquetas: <a href="/tags/novela">novela</a>, <a href="/tags/clasicos">clásicos</a></p>
<div class="share"><a href="https://twitter.example/share">Compartir</a>
<a href="mailto:?subject=Quijote">Enviar</a></div>
</footer></article>
<aside class="related"><h2>Más leídas</h2><ol>
<li><a href="/cultura/lazarillo">El Lazarillo, quinientos años después</a></li>
<li><a href="/cultura/celestina">La Celestina en escena</a></li>
<li><a href="/economia/molinos">Los molinos de viento vuelven a La Mancha</a></li></ol></aside>
</main>
<div class="ad" id="ad-bottom">Publicidad</div>
<footer class="site-footer"><ul><li><a href="/aviso-legal">Aviso legal</a></li>
<li><a href="/privacidad">Privacidad</a></li>
<li><a href="/cookies">Cookies</a></li><li><a href="/contacto">Contacto</a></li></ul>
<p>© 2024 La Gaceta de la Mancha. Todos los derechos reservados.</p></footer>
<div id="cookie-banner" role="dialog"><p>Usamos cookies para mejorar su experiencia.</p><button>Aceptar</button></div>
<script>document.querySelector("#cookie-banner button").onclick=function(){this.parentNode.remove()};</script>
<script src="/static/comments.js" defer></script>
</body>
</html>
"""


def write_page(path: Path, book: list[tuple[str, list[str]]]) -> None:
    """The book as the article of a saved news page, in UTF-8."""
    with path.open("w", encoding="utf-8") as f:
        f.write(PAGE_HEAD.format(title=html.escape(ARTICLE_TITLE), byline=html.escape(BYLINE)))
        for title, paragraphs in book:
            f.write(f"<h2>{html.escape(title)}</h2>\n")
            f.writelines(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
        f.write(PAGE_FOOT)


def measure_row(path: Path, kind: str, what: str, runs: int) -> str:
    """A table row: `reader path`'s first text on screen and peak memory, medians of `runs`."""
    size = path.stat().st_size / harness.MIB
    harness.log(f"{path.name}: {size:.1f} MiB")
    first, _, rss = harness.measure([*harness.READER_CMD, str(path)], MARKER, None, runs, f"{kind} {path.name}")
    return f"| {what} | {kind}, {size:.1f} MiB | {harness.secs(first)} | {harness.mib(rss)} |"


def sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10", help="EPUBs: MiB of text, comma-separated")
    parser.add_argument("--page-sizes", default="1", help="saved web pages: MiB of text, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is reported)")
    args = parser.parse_args()
    measured = harness.revision()
    workdir = Path(tempfile.mkdtemp(prefix="readerbench-formats-"))
    rows = ["| text | file | reader first text | peak RSS |", "|---|---|---|---|"]
    try:
        harness.start_server()
        for size in sizes(args.sizes):
            book = chapters(size)
            epub, text = workdir / f"quijote_{size}mib.epub", workdir / f"quijote_{size}mib.txt"
            write_epub(epub, book)
            write_text(text, book)
            what = f"Don Quijote, {size} MiB of text, {len(book)} chapters"
            rows += [measure_row(epub, "EPUB", what, args.runs), measure_row(text, "plain text", what, args.runs)]
        for size in sizes(args.page_sizes):
            book = chapters(size)
            page, text = workdir / f"article_{size}mib.html", workdir / f"article_{size}mib.txt"
            write_page(page, book)
            write_text(text, book, head=(ARTICLE_TITLE, BYLINE))
            what = f"Don Quijote as one article, {size} MiB of text, {len(book)} sections"
            rows += [
                measure_row(page, "saved web page", what, args.runs),
                measure_row(text, "plain text", what, args.runs),
            ]
    finally:
        harness.tmux("kill-server", check=False)
        shutil.rmtree(workdir, ignore_errors=True)
    if harness.revision() != measured:
        harness.log(f"warning: reader changed during the run ({measured} -> {harness.revision()})")
    command = shlex.join([".venv/bin/python", "bench/open_formats.py", *sys.argv[1:]])
    print(
        f"## EPUB and web pages: first text on screen (bench/open_formats.py)\n\nCommand: `{command}`  \n"
        f"Date: {date.today().isoformat()}, reader at {measured}  \nMachine: {harness.machine()}\n"
    )
    print("\n".join(rows))
    print(
        f"\nMedians of {args.runs} runs; terminal {harness.WIDTH}x{harness.HEIGHT} (tmux); files in the page cache."
        " An EPUB's or a page's text is on screen once the whole file is read (zip, XML, article extraction,"
        " rendering); a plain-text file shows its first 256 KiB while the rest is decoded."
    )


if __name__ == "__main__":
    main()
