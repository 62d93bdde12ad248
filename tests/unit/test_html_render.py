"""(X)HTML rendered to reading text: what a reader sees of each element."""

from __future__ import annotations

import lxml.html
from lxml import etree

from reader.core.text.html import CELL_SEPARATOR, render_html
from reader.core.text.markdown import QUOTE_BAR

XHTML = "http://www.w3.org/1999/xhtml"


def render(body: str, base_url: str = ""):
    page = f'<html xmlns="{XHTML}" xmlns:epub="http://www.idpf.org/2007/ops"><body>{body}</body></html>'
    return render_html(etree.fromstring(page.encode()), base_url)


def styled(rendered, style: str) -> list[str]:
    return [rendered.text[s:e] for s, e, name in rendered.markup.styles if name == style]


def test_headings_paragraphs_and_emphasis():
    r = render("<h1>The  Title</h1><p>Some <b>bold</b> and <em>soft\n   words</em>.</p><h2>Next</h2><p>x</p>")
    assert r.text == "The Title\n\nSome bold and soft words.\n\nNext\n\nx\n"
    assert [(h.level, h.title, r.text[h.start : h.start + 4]) for h in r.markup.headings] == [
        (1, "The Title", "The "),
        (2, "Next", "Next"),
    ]
    assert styled(r, "strong") == ["bold"] and styled(r, "em") == ["soft words"]
    assert styled(r, "h1") == ["The Title"]


def test_lists_number_and_bullet_their_items_nested_too():
    r = render('<ol start="3"><li>three</li><li>four<ul><li>inner</li></ul></li></ol><p>after</p>')
    assert r.text == "3. three\n4. four\n   • inner\n\nafter\n"


def test_a_block_quote_has_the_markdown_bar_on_each_line():
    r = render("<p>before</p><blockquote><p>one<br/>two</p></blockquote>")
    assert r.text == f"before\n\n{QUOTE_BAR}one\n{QUOTE_BAR}two\n"


def test_tables_read_as_rows_of_cells():
    r = render(
        "<table><caption>Sizes</caption><tr><th>Name</th><th>Size</th></tr>"
        "<tr><td><p>a</p><p>b</p></td><td>2</td></tr></table>"
    )
    assert r.text == f"Sizes\nName{CELL_SEPARATOR}Size\na b{CELL_SEPARATOR}2\n"
    assert styled(r, "strong") == ["Name", "Size"]


def test_images_math_pre_and_what_is_dropped():
    r = render(
        '<p>A <img src="x.png" alt="a red  barn"/> and <img src="d.png" alt=""/>.</p>'
        "<script>alert('x')</script><style>p {}</style>"
        '<p>Math: <math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x squared"><mi>x</mi></math>,'
        ' <math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mi>y</mi>'
        '<annotation encoding="application/x-tex">y^2</annotation></semantics></math>,'
        ' <math xmlns="http://www.w3.org/1998/Math/MathML" alttext="Alternative text not available">'
        '<msub><mfenced open="[" close="]"><mi>A</mi></mfenced><mi>ij</mi></msub></math></p>'
        "<pre>\n  keep   this\n    as is</pre>"
        '<p hidden="">hidden words</p><p style="display: none">gone too</p>'
    )
    assert r.text == "A [image: a red barn] and .\n\nMath: x squared, y^2, [A]_ij\n\n  keep   this\n    as is\n"


def test_footnotes_keep_their_text_and_a_noteref_links_to_it():
    r = render(
        '<p>Text<a epub:type="noteref" href="#n1">1</a> goes on.</p>'
        '<aside epub:type="footnote" id="n1" hidden=""><p>The note.</p></aside>'
    )
    assert r.text == "Text[1] goes on.\n\nThe note.\n"
    (link,) = r.markup.links
    assert r.text[link.start : link.end] == "[1]" and r.text[link.target :].startswith("The note.")
    assert r.ids["n1"] == link.target


def test_links_keep_only_web_and_mail_addresses():
    r = render(
        '<p><a href="https://example.org/a">web</a> <a href="mailto:x@example.org">mail</a>'
        ' <a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">file</a>'
        ' <a href="data:text/html,hi">data</a> <a href="https://e.org/&#10;x">newline</a>'
        ' <a href="page2.html">relative</a></p>'
    )
    assert [(r.text[link.start : link.end], link.url) for link in r.markup.links] == [
        ("web", "https://example.org/a"),
        ("mail", "mailto:x@example.org"),
        ("js", ""),
        ("file", ""),
        ("data", ""),
        ("newline", ""),
        ("relative", ""),
    ]
    on_site = render('<p><a href="page2.html">relative</a></p>', base_url="https://example.org/dir/page1.html")
    assert on_site.markup.links[0].url == "https://example.org/dir/page2.html"


def test_nothing_in_the_text_can_drive_the_terminal():
    # XML refuses these characters; the HTML parser (a chapter that is not XML) keeps them.
    page = b"<html><body><h1>[bold]T\x1b]52;c;aGk=\x07</h1><p>[red]x\x1b[2J y\x00z &#27;</p></body></html>"
    r = render_html(lxml.html.document_fromstring(page))
    assert not any(ord(c) < 32 and c != "\n" for c in r.text)
    assert r.text.startswith("[bold]T␛]52;c;aGk=␇\n\n[red]x␛[2J y")
    assert r.markup.headings[0].title == "[bold]T␛]52;c;aGk=␇"


def test_an_entity_left_unexpanded_is_read_as_its_character_or_as_written():
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    page = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"'
        ' [<!ENTITY own "expanded?">]>'
        f'<html xmlns="{XHTML}"><body><p>a&nbsp;b &eacute; &own;</p></body></html>'
    )
    r = render_html(etree.fromstring(page.encode(), parser))
    assert r.text == "a\u00a0b é &own;\n"


def test_a_hundred_thousand_nested_divs_render():
    # No parser nests this deep (libxml2 stops at 256, 2,048 in its huge mode): built by hand.
    builder = etree.TreeBuilder()
    builder.start("html", {})
    builder.start("body", {})
    for _ in range(100_000):
        builder.start("div", {})
    builder.data("deep down")
    builder.end("div")
    builder.data("and back")
    for _ in range(100_000 - 1):
        builder.end("div")
    builder.end("body")
    builder.end("html")
    r = render_html(builder.close())  # an explicit stack: no RecursionError
    assert r.text == "deep down\nand back\n"


def test_ids_are_offsets_of_their_text():
    r = render('<p id="a">first</p><div id="b"><span id="c"></span><p>second</p></div>')
    assert r.ids == {"a": 0, "b": 7, "c": 7}
    assert r.text[r.ids["b"] :].startswith("second")
