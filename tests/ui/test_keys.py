"""The user's keys: config.toml's [keys] rebinds a binding by its id, the help
shows the keys in force, and a bad entry is one warning line at start."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Static

from reader.core.config import Config
from reader.ui.app import ReaderApp
from reader.ui.find_bar import FindBar
from reader.ui.help_screen import HelpScreen
from reader.ui.keymap import binding_classes, bindings, key_name, user_keymap
from reader.ui.reading_pane import ReadingPane
from reader.ui.search_screen import SearchScreen

from .conftest import make_app, notifications, reading, settle

SIZE = (120, 40)
DOCUMENT = "000_730c42d09e53c65d.txt"


def test_every_binding_has_an_id_of_its_own() -> None:
    classes = {cls.__name__: cls for cls in binding_classes()}
    assert {"ReaderApp", "ReadingPane", "FindBar", "DocumentList", "Sidebar", "SearchScreen", "NotesPanel"} <= set(
        classes
    )
    assert {"NoteEditor", "OutlineScreen", "HelpScreen", "DetailsScreen", "ExportScreen"} <= set(classes)
    holders: dict[str, set[str]] = defaultdict(set)
    for name, cls in classes.items():
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, f"{name}: {binding} has no id"
            holders[binding.id].add(name)
    assert {binding_id: names for binding_id, names in holders.items() if len(names) > 1} == {}
    for cls in classes.values():
        # Within a class, an id twice is one binding twice (the note editor's
        # tab, priority and not): the same keys and action.
        seen: dict[str, tuple[str, str]] = {}
        for binding in bindings(cls):
            assert seen.setdefault(binding.id or "", (binding.key, binding.action)) == (binding.key, binding.action)


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("ctrl+f", "ctrl+f"),
        ("/", "slash"),
        ("slash", "slash"),
        ("?", "question_mark"),
        ("G", "G"),
        ("f5", "f5"),
        ("pagedown", "pagedown"),
        ("shift+ctrl+up", "ctrl+shift+up"),  # in the order Textual writes modifiers
        ("ctrl+/", "ctrl+slash"),
        ("+", "plus"),
        ("ctrl++", "ctrl+plus"),
        ("ctrl+shfit+x", None),
        ("", None),
        ("esc", None),
        ("ctrl+", None),
        ("ctrl+ctrl+x", None),
    ],
)
def test_key_names_are_textuals(key: str, name: str | None) -> None:
    assert key_name(key) == name


def test_each_bad_entry_is_left_out_with_its_reason() -> None:
    keys = {"reading.fnd": "ctrl+f", "reading.find": "ctrl+shfit+f", "app.search": "/,S", "app.quit": "x,ctrl+"}
    keymap, problems = user_keymap(keys, {"reading.find", "app.search", "app.quit"})
    assert keymap == {"app.search": "slash,S"}
    assert problems == [
        '"reading.fnd" is not a binding (? lists them)',
        '"reading.find" = "ctrl+shfit+f": not a key',
        '"app.quit" = "x,ctrl+": "ctrl+" is not a key',
    ]


def help_rows(app: ReaderApp) -> list[str]:
    assert isinstance(app.screen, HelpScreen)
    return [line for static in app.screen.query(Static) for line in str(static.render()).splitlines()]


def row_of(rows: list[str], binding_id: str) -> list[str]:
    """The row of the binding with this id, split at its runs of spaces: keys, description, id."""
    [row] = [row for row in rows if row.rstrip().endswith(f" {binding_id}")]
    return [part.strip() for part in row.split("  ") if part.strip()]


async def test_find_rebound_to_ctrl_f_replaces_slash(seeds: Path) -> None:
    app = make_app(seeds / DOCUMENT, config=Config(keys={"reading.find": "ctrl+f"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.query_one(FindBar)
        await pilot.press("ctrl+f")
        assert bar.is_open and app.focused is bar.input
        await pilot.press("escape")
        assert not bar.is_open and isinstance(app.focused, ReadingPane)
        # A keymap replaces a binding's keys: `/` finds no more.
        await pilot.press("slash")
        await settle(pilot)
        assert not bar.is_open and isinstance(app.focused, ReadingPane)
        await pilot.press("question_mark")
        rows = help_rows(app)
        assert row_of(rows, "reading.find") == ["ctrl+f", "Find", "reading.find"]
        assert row_of(rows, "reading.down") == ["j, down", "Down", "reading.down"]  # the others as they were


async def test_the_users_key_wins_over_another_binding_of_the_same_pane(seeds: Path) -> None:
    # `n` is the reading pane's next match too: the user's binding takes it,
    # next match keeps `enter`.
    app = make_app(seeds / DOCUMENT, config=Config(keys={"reading.find": "n"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert app.query_one(FindBar).is_open
        await pilot.press("escape", "question_mark")
        rows = help_rows(app)
        assert row_of(rows, "reading.find") == ["n", "Find", "reading.find"]
        assert row_of(rows, "reading.next_match") == ["enter", "Next match", "reading.next_match"]


async def test_a_panes_own_key_comes_before_an_app_wide_one(seeds: Path) -> None:
    # Search all given `v`: in the reading pane, `v` still selects (the
    # focused pane's bindings are asked first); `S`, which nothing else uses, searches.
    app = make_app(seeds / DOCUMENT, config=Config(keys={"app.search": "v,S"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        assert not isinstance(app.screen, SearchScreen)
        assert reading(app).pane.selection is not None
        await pilot.press("escape", "S")
        assert isinstance(app.screen, SearchScreen)


async def test_a_bad_entry_is_one_warning_and_the_others_apply(seeds: Path) -> None:
    keys = {"reading.fnd": "ctrl+f", "app.search": "S", "app.outline": "ctrl+shfit+o"}
    app = make_app(seeds / DOCUMENT, config=Config(keys=keys))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert await notifications(pilot) == [
            'config.toml [keys]: "reading.fnd" is not a binding (? lists them)',
            'config.toml [keys]: "app.outline" = "ctrl+shfit+o": not a key',
        ]
        assert len(app.screen.query("Toast.-warning")) == 2  # drawn as warnings
        await pilot.press("slash")  # find as before
        assert app.query_one(FindBar).is_open
        await pilot.press("escape", "S")
        assert isinstance(app.screen, SearchScreen)


async def test_no_keys_no_warning_and_the_help_lists_every_id(seeds: Path) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert await notifications(pilot) == []
        await pilot.press("question_mark")
        rows = help_rows(app)
        listed = {row.split()[-1] for row in rows if row.split() and "." in row.split()[-1]}
        every = {binding.id for cls in binding_classes() for binding in bindings(cls)}
        # The highlight keys past the config's kinds are not listed: no kind is on them.
        assert every - listed == {f"reading.highlight_{n}" for n in range(6, 10)}
