"""Search all documents (`s`) answered by the library index: documents
ranked with their counts, `enter` lists a document's hits, `esc` goes back."""

from __future__ import annotations

from pathlib import Path

from reader.core.index.building import refresh
from reader.core.index.search_index import index_folder
from reader.core.library.corpus import open_corpus
from reader.core.library.rule import Library
from reader.ui.search_screen import SearchScreen

from .conftest import make_app, reading, settle

SIZE = (120, 40)


def status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status").render())


async def test_documents_with_their_counts_then_a_documents_hits(seeds: Path) -> None:
    corpus = open_corpus(seeds)
    refresh(corpus, Library.of(corpus.root)).close()
    app = make_app(seeds, index=index_folder(seeds))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", *"beijing")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.results
        assert results is not None and results.done and results.to_scan == 0
        counts = [len(group.hits) for group in results.groups]
        assert status(screen) == f"{sum(counts)} hits in {len(counts)} documents"  # no file was read
        assert len(counts) > 1 and sum(counts) > len(counts)
        options = screen.options
        assert options.option_count == len(counts)
        await pilot.press("down", "down", "enter")  # the second document
        await settle(pilot)
        group = screen.group
        assert group is results.groups[1] and options.option_count == len(group.hits)
        assert group.doc.title in str(screen.query_one("#search-group").render())
        assert all(hit.doc is group.doc for hit in screen.hits)
        await pilot.press("escape")  # back to the documents, on the same one
        await settle(pilot)
        assert screen.group is None and options.option_count == len(counts) and options.highlighted == 1
        await pilot.press("enter", "down", "enter")  # its second hit, opened
        await settle(pilot)
        assert app.screen is not screen and reading(app).current is group.doc
        hit = results.sorted_hits(group)[1]
        assert reading(app).pane.top <= hit.match.start < reading(app).pane.bottom
