"""Which link addresses reach the system's opener (core/text/links.py), and
what a Markdown document's links keep (core/text/markdown.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.core.text.decoding import decode
from reader.core.text.links import BROWSER_SCHEMES, openable
from reader.core.text.markdown import REFUSED_URL, render
from reader.core.text.reading import Link

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=c#d", "http://example.org", "HTTPS://EXAMPLE.ORG/", "mailto:someone@example.org"]
)
def test_web_and_mail_addresses_are_opened(url: str) -> None:
    assert openable(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "vscode://open",
        "-oProxyCommand=x",
        "--help",
        " https://example.org",
        "https://example.org\n--help",
        "http:\njavascript:alert(1)",
        "https://exa\x1bmple.org",
        "https://example.org/\x85",
        "https:-x",
        "https:///etc/passwd",
        "mailto:",
        "",
        "example.org",
    ],
)
def test_anything_else_is_not(url: str) -> None:
    assert not openable(url)


@given(st.text())
@example("https://a\x00b")
@example("https://a\x9bb")
def test_no_address_with_a_control_character_or_another_scheme_is_openable(url: str) -> None:
    if openable(url):
        assert not CONTROL.search(url) and not url.startswith("-")
        assert url.split(":", 1)[0].casefold() in BROWSER_SCHEMES


CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]]


@given(st.sampled_from(["https://host/", "http://host", "mailto:a@b"]), st.text(), st.sampled_from(CONTROLS), st.data())
def test_an_allowed_address_with_a_control_anywhere_is_refused(start: str, rest: str, control: str, data) -> None:
    url = start + rest
    at = data.draw(st.integers(0, len(url)))
    assert not openable(url[:at] + control + url[at:])


def links(source: str) -> list[Link]:
    reading = render(decode(source.encode("utf-8")))
    assert reading.markup is not None
    return reading.markup.links


@pytest.mark.parametrize("href", ["https://x&#10;--help", "https://x&#x1b;]0;t&#7;", "https://x&#133;y", "a&#27;b"])
def test_an_html_anchor_whose_href_holds_a_control_keeps_no_address(href: str) -> None:
    (link,) = links(f'Read <a href="{href}">this page</a> now.\n')
    assert link.url == "" and link.label == REFUSED_URL


def test_an_html_anchor_to_another_scheme_keeps_its_address_but_is_not_openable() -> None:
    found = links('<a href="javascript:alert(1)">one</a> <a href="file:///etc/passwd">two</a> <a href="-x">3</a>\n')
    assert [link.url for link in found] == ["javascript:alert(1)", "file:///etc/passwd", "-x"]
    assert not any(openable(link.url) for link in found)


def test_markdown_links_are_as_safe() -> None:
    found = links("[a](https://x&#10;y) [b](<-x>) [c](https://example.org)\n")
    assert [openable(link.url) for link in found] == [True, False, True]
    assert not any(CONTROL.search(link.url) for link in found)
