"""Find the documents of a corpus, and what the sidebar says about each."""

from __future__ import annotations

import codecs
import errno
import functools
import io
import os
import re
import stat
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rich.cells import cell_len, get_character_cell_size

from ..text.decoding import SNIFF, BinaryFile, decode, printable_line
from ..text.markdown import RENDER_MAX, front_matter, is_markdown, render
from ..text.reading import ConversionError, ReadingText

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
EPUB_SUFFIXES = {".epub"}
PAGE_SUFFIXES = {".html", ".htm"}  # a saved web page: its article is read
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | EPUB_SUFFIXES | PAGE_SUFFIXES
SKIPPED_FOLDERS = {"annotations"}
TITLE_MAX = 80


class DocumentError(Exception):
    """A document that cannot be shown; the message says why, for the user,
    and `problem` how the sidebar marks it, where that is known."""

    def __init__(self, message: str, problem: str | None = None) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass
class Document:
    path: Path  # as found, maybe a link
    rel: str  # path inside the corpus, with forward slashes
    size: int = 0
    mtime: int = 0  # nanoseconds, as found
    problem: str | None = None  # "binary", "unreadable", "broken link", "broken EPUB", "DRM", "zip bomb"
    title: str = ""
    words: int | None = None  # None until counted
    distinction: str = ""  # what tells it apart from documents of the same title (labels.py)

    def __post_init__(self) -> None:
        if not self.title:
            self.title = printable_line(Path(self.rel).name)

    @property
    def label(self) -> str:
        """What the sidebar, the notes panel and search all call it."""
        return label_of(self.title, self.distinction)


SEPARATOR = " · "  # between a title and what tells its document apart


def label_of(title: str, distinction: str) -> str:
    return f"{title}{SEPARATOR}{distinction}" if distinction else title


@dataclass
class Corpus:
    root: Path
    documents: list[Document]
    single_file: bool = False


def open_corpus(path: Path) -> Corpus:
    """The corpus at `path`: a folder (searched recursively) or one file."""
    if path.is_dir():
        return Corpus(path, scan(path))
    if path.exists() or path.is_symlink():
        return Corpus(path.parent, [_entry(path, path.parent)], single_file=True)
    raise FileNotFoundError(f"no such file or folder: {path}")


def scan(root: Path) -> list[Document]:
    """Every document below `root`, in natural order of their paths.

    Hidden files and folders and the `annotations/` folder are skipped.
    Files with a text suffix are listed whatever they hold (a binary one is
    marked); files without a suffix only when their first bytes are text.
    """
    found: list[Document] = []
    for folder, dirs, files in os.walk(root, onerror=None):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS]
        for name in files:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            suffix = path.suffix.lower()
            if suffix in DOCUMENT_SUFFIXES:
                found.append(_entry(path, root))
            elif not suffix and _looks_like_text(path):
                found.append(_entry(path, root))
    found.sort(key=lambda d: natural_key(d.rel))
    return found


def _entry(path: Path, root: Path) -> Document:
    rel = path.relative_to(root).as_posix()
    try:
        info = path.stat()
    except FileNotFoundError:
        return Document(path, rel, problem="broken link")
    except OSError as err:
        return Document(path, rel, problem=f"unreadable ({err.strerror})")
    size = info.st_size
    if not stat.S_ISREG(info.st_mode):
        # A FIFO blocks whoever opens it, a device (a link to /dev/zero) never
        # ends: listed, never opened.
        return Document(path, rel, problem=f"not a file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'special')})")
    if not os.access(path, os.R_OK):
        return Document(path, rel, size=size, mtime=info.st_mtime_ns, problem="unreadable (permission denied)")
    return Document(path, rel, size=size, mtime=info.st_mtime_ns)


_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}
# Opening a FIFO must not wait for a writer, nor a terminal become ours.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


def open_document_file(path: Path, rel: str) -> BinaryIO:
    """The document at `path` opened for reading; DocumentError (its problem
    "not a file (a FIFO)" and so on) unless it is a regular file *now*: a stat
    before the open would let a file swapped for a FIFO in between block us."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        if err.errno == errno.ENXIO:  # a socket cannot be opened at all: say what it is
            _refuse_special(os.stat(path).st_mode, rel)
        raise
    try:
        _refuse_special(os.fstat(fd).st_mode, rel)
        os.set_blocking(fd, True)  # a regular file: read as usual
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refuse_special(mode: int, rel: str) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "special")
        raise DocumentError(
            f"{printable_line(rel)} is not a file ({kind}): reader never opens one.", f"not a file ({kind})"
        )


def _looks_like_text(path: Path) -> bool:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # never opened: see _entry
        with open_document_file(path, path.name) as f:
            head = f.read(SNIFF)
        decode(head, final=len(head) < SNIFF)
    except (OSError, DocumentError, BinaryFile):
        return False
    return True


def natural_key(rel: str) -> list[int | str]:
    """Sorts `ch2` before `ch10`: runs of digits compare as numbers, the rest
    without case."""
    # re.split with a group puts the digit runs at the odd places; the others
    # may hold a digit \d is not ("²"), which int() would refuse.
    return [int(part) if i % 2 else part.lower() for i, part in enumerate(re.split(r"(\d+)", rel))]


def load(doc: Document) -> ReadingText:
    """The reading text of a document, or DocumentError saying why not."""
    name = printable_line(doc.rel)
    if doc.problem == "broken link":
        raise DocumentError(f"{name} is a link to a file that does not exist.")
    try:
        with open_document_file(doc.path, doc.rel) as f:
            info = os.fstat(f.fileno())
            key = (str(doc.path), info.st_size, info.st_mtime_ns)
            with _rendered_lock:
                cached = _rendered.get(key)
                if cached is not None:
                    _rendered.move_to_end(key)
            if cached is not None:
                return cached
            if is_converted(doc.rel):
                reading = _convert_file(doc.rel, name, f)
                _keep_rendered(key, reading)
                return reading
            data = [f.read()]
    except FileNotFoundError:
        raise DocumentError(f"{name} is gone: it was moved or deleted.") from None
    except OSError as err:
        raise DocumentError(f"{name} cannot be read: {err.strerror}.") from None
    try:
        # Hand the only reference over, so decode() can free the raw bytes
        # as soon as it has replaced them (a 100 MB file is held once, not twice).
        reading = decode(data.pop())
    except BinaryFile as err:
        raise DocumentError(f"{name} is not text: {err}.") from None
    if len(reading.text) <= RENDER_MAX and is_markdown(doc.rel, reading.text):
        reading = render(reading)
        _keep_rendered(key, reading)
    return reading


def is_converted(rel: str) -> bool:
    """Whether a document is read whole and converted (an EPUB, a web page),
    not decoded as text."""
    return Path(rel).suffix.lower() in EPUB_SUFFIXES | PAGE_SUFFIXES


def convert(rel: str, data: bytes | BinaryIO) -> ReadingText:
    """The reading text of an EPUB or a web page (is_converted), or ConversionError."""
    # Imported here: lxml and the extractor are not needed to start.
    if Path(rel).suffix.lower() in EPUB_SUFFIXES:
        from ..text.epub import read_epub

        return read_epub(data if not isinstance(data, bytes) else io.BytesIO(data))
    from ..text.page import read_page

    return read_page(data if isinstance(data, bytes) else data.read())


def _convert_file(rel: str, name: str, f: BinaryIO) -> ReadingText:
    try:
        return convert(rel, f)
    except ConversionError as err:
        raise DocumentError(f"{name}: {err}.", err.problem) from None


# Rendered Markdown and EPUB, kept while the file is unchanged: rendering is
# the slow step (about 1.5 MB a second), and corpus search reads every
# document again at each keystroke.
RENDERED_CACHE = 64 * 1024 * 1024  # characters
_rendered: OrderedDict[tuple, ReadingText] = OrderedDict()
_rendered_lock = threading.Lock()


def _keep_rendered(key: tuple, reading: ReadingText) -> None:
    with _rendered_lock:
        _rendered[key] = reading
        total = sum(len(r.text) for r in _rendered.values())
        while total > RENDERED_CACHE and len(_rendered) > 1:
            total -= len(_rendered.popitem(last=False)[1].text)


def looks_like_markdown(doc: Document) -> bool:
    """Whether load() will render the document, as Markdown or EPUB (from its
    name and first bytes), so that a caller can tell a slow opening coming."""
    if is_converted(doc.rel):
        return True
    try:
        with open_document_file(doc.path, doc.rel) as f:
            head = f.read(4096)
    except (OSError, DocumentError):
        return False
    return is_markdown(doc.rel, head.decode("utf-8", "replace"))


HEAD = 256 * 1024


def load_head(doc: Document) -> ReadingText | None:
    """The reading text of the start of a large document, to show while the
    whole is decoded: cut after its last newline (else space), where every
    step of the pipeline is local, so it is a prefix of the whole reading
    text. None where no such cut is safe (UTF-16/32, no break) or the bytes
    are not text (load() then says why)."""
    if is_converted(doc.rel):
        return None  # a zip, a page: its text is known once the whole is read
    try:
        with open_document_file(doc.path, doc.rel) as f:
            head = f.read(HEAD)
    except (OSError, DocumentError):
        return None
    if len(head) < HEAD or b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if is_markdown(doc.rel, head[:SNIFF].decode("utf-8", "replace")):
        return None  # its rendering is not a prefix of the whole one's
    cut = head.rfind(b"\n")
    if cut < 0:
        cut = head.rfind(b" ")
    if cut <= 0:
        return None
    try:
        return decode(head[: cut + 1])
    except BinaryFile:
        return None


def describe(doc: Document) -> None:
    """Fill in the title and word count (reads the whole file, in chunks)."""
    if doc.problem:
        return
    if is_converted(doc.rel):
        _describe_converted(doc)
        return
    try:
        with open_document_file(doc.path, doc.rel) as f:
            head = f.read(SNIFF)
            try:
                reading = decode(head, final=len(head) < SNIFF)
            except BinaryFile:
                doc.problem = "binary"
                return
            doc.title = title_of(reading.text) or doc.title
            words = count_words_in(_decoded_chunks(f, head, reading.codec))
    except DocumentError as err:
        doc.problem = err.problem
        return
    except OSError as err:
        doc.problem = f"unreadable ({err.strerror})"
        return
    doc.words = words


def _describe_converted(doc: Document) -> None:
    try:
        reading = load(doc)  # kept: the book is read once, for the sidebar and for opening it
    except DocumentError as err:
        doc.problem = err.problem or "unreadable"
        return
    doc.title = book_label(reading) or doc.title
    doc.words = count_words(reading.text)


def book_label(reading: ReadingText) -> str:
    """A book's (or an article's) title and author as the sidebar shows them."""
    metadata = reading.markup.metadata if reading.markup else {}
    title, author = metadata.get("title", ""), metadata.get("author", "")
    author = re.sub(r"^by\s+", "", author, flags=re.I)  # a creator given as "by Robert A. Beezer"
    return _shorten(printable_line(f"{title}, by {author}" if title and author else title))


def _decoded_chunks(f: BinaryIO, head: bytes, codec: str) -> Iterator[str]:
    # The whole file, head first, in the head's encoding; a character cut
    # between two chunks is decoded whole.
    decoder = codecs.getincrementaldecoder(codec)("replace")
    yield decoder.decode(head)
    # Small chunks: counting holds the GIL, and the UI thread needs it often.
    while chunk := f.read(1 << 18):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF))


@functools.cache
def _cjk() -> re.Pattern[str]:
    """A character of a script written without spaces, Hangul too (compiled
    when first used: so wide a class takes ~4 ms to compile)."""
    return re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES) + "]")


@functools.cache
def _maybe_cjk() -> re.Pattern[str]:
    """A character from the first of CJK_RANGES on: a text without one has
    no CJK. Compiled in a third of _cjk()'s time, which most texts, and the
    first screen, never need then."""
    return re.compile("[^\x00-\u303f]")


_ASCII_WORD_STARTS = str.maketrans({c: " " if chr(c).isspace() else "x" for c in range(128)})


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of non-space, and each CJK
    character on its own (those scripts put no spaces between words)."""
    if text.isascii():
        # A word starts where a non-space follows a space: one translate and
        # one count, both in C, are four times faster than split().
        return (" " + text).translate(_ASCII_WORD_STARTS).count(" x")
    if _maybe_cjk().search(text) is None:
        return len(text.split())
    spaced, cjk = _cjk().subn(" ", text)
    return len(spaced.split()) + cjk


def count_words_in(pieces: Iterable[str]) -> int:
    """count_words of the pieces joined, without joining them: a word cut
    between two pieces counts once."""
    words, last = 0, " "
    for piece in pieces:
        if piece:
            words += count_words(piece)
            if _in_word(last) and _in_word(piece[0]):
                words -= 1
            last = piece[-1]
    return words


def _in_word(ch: str) -> bool:
    return not ch.isspace() and not any(lo <= ord(ch) <= hi for lo, hi in CJK_RANGES)


_MEANINGFUL = re.compile(r"[^\W_]")  # a letter or digit: "___" is a rule
# Feeds scraped from the web repeat an avatar's alt text before each post.
_NOISE = re.compile(r"'s avatar$", re.I)
# A label line: one short word, a colon, a value ("评价: 推荐", "Date: 2021-01-01",
# "tags: a, b"). One word only, so that "Chapter One: the start" is a title.
_LABEL = re.compile(r"([^\W\d_][\w.-]{0,23})\s*[:：]\s*(\S.*)")
# What a Project Gutenberg book's first line says before its title: "The
# Project Gutenberg EBook of ", "The Project Gutenberg eBook, ", "Project Gutenberg's ".
_GUTENBERG = re.compile(r"\W*(?:the\s+)?project\s+gutenberg(?:\s+e-?(?:book|text)s?(?:\s+of\b|,)?|'s|’s)\s*", re.I)
# Its header's fields, a value running on over indented lines; before the text starts.
_HEADER_FIELD = re.compile(r"^(title|author):[ \t]*(\S.*(?:\n[ \t]+\S.*)*)", re.I | re.M)
GUTENBERG_HEADER = 16 * 1024  # characters: where a Gutenberg book's `Title:` and `Author:` are looked for


def title_of(text: str) -> str:
    """The front matter's title; else a Project Gutenberg book's `Title:`
    and `Author:`; else the first line with a letter or digit that is not a
    label line (`Date: 2021-01-01`), unless that is `Title: …`, whose value is."""
    fields, body = front_matter(text)
    if fields.get("title"):
        return _shorten(printable_line(fields["title"]))
    lines = [line.strip().lstrip("#").strip() for line in text[body:].split("\n", 200)[:200]]
    lines = [line for line in lines if _MEANINGFUL.search(line) and not _NOISE.search(line)]
    if not lines:
        return ""
    preamble = _GUTENBERG.match(lines[0])
    if preamble is not None:
        return _shorten(printable_line(_gutenberg_title(text[body:], lines[0][preamble.end() :] or lines[0])))
    return _shorten(printable_line(_first_title_line(lines)))


def _first_title_line(lines: list[str]) -> str:
    for line in lines:
        label = _LABEL.fullmatch(line)
        if label is None:
            return line
        if label[1].casefold() == "title":
            return label[2]
    return lines[0]  # nothing but label lines: the first says most


def _gutenberg_title(text: str, fallback: str) -> str:
    """ "Pride and Prejudice, by Jane Austen", from the header's fields (else
    `fallback`: the first line without what Gutenberg says before the title)."""
    header = text[:GUTENBERG_HEADER]
    header = header[: header.find("*** START")] if "*** START" in header else header
    fields: dict[str, str] = {}
    for field in _HEADER_FIELD.finditer(header):
        fields.setdefault(field[1].casefold(), " ".join(field[2].split()))
    title = fields.get("title")
    if not title:
        return fallback
    author = fields.get("author")
    return f"{title}, by {author}" if author else title


def _shorten(title: str) -> str:
    """At most TITLE_MAX terminal cells (a CJK character takes two), cut
    at a space where one is near the end."""
    if cell_len(title) <= TITLE_MAX:
        return title
    fit, cells = 0, 0
    while cells + get_character_cell_size(title[fit]) < TITLE_MAX:
        cells += get_character_cell_size(title[fit])
        fit += 1
    cut = title.rfind(" ", 0, fit)
    return title[: cut if cut > fit // 2 else fit].rstrip(" ,;:") + "…"
