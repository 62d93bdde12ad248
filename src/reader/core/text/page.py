"""A saved web page as a reading text: its article (article.py), rendered
as an EPUB chapter is (html.py), its byline and date as metadata."""

from __future__ import annotations

from .article import PageTooLarge, extract_article
from .decoding import BinaryFile, make_printable
from .html import render_html
from .reading import ConversionError, Markup, ReadingText


class PageError(ConversionError):
    """A page that is not read at all."""


def read_page(data: bytes) -> ReadingText:
    """The reading text of a page's article (of its plain text, with a note
    why, when the page is too big or deep to look for the article in)."""
    try:
        article = extract_article(data)
    except PageTooLarge as err:
        raise PageError(str(err), "page too large") from None
    except BinaryFile as err:
        raise PageError(f"not text: {err}", "binary") from None
    metadata = {
        key: value
        for key, value in (
            ("title", article.title),
            ("author", article.author),
            ("date", article.date),
            ("site", article.site),
            ("url", article.url),
            ("format", "HTML, its article" if article.body is not None else "HTML, its plain text"),
        )
        if value
    }
    repairs: list[str] = []
    if article.body is None:
        repairs.append(article.note)
        text, markup = make_printable(article.plain_text, repairs), Markup(metadata=metadata)
    else:
        rendered = render_html(article.body, base_url=article.url)
        text, markup = rendered.text, rendered.markup
        markup.metadata = metadata
    return ReadingText(text, article.encoding, repairs, markup, title=make_printable(article.title))
