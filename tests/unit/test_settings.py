"""The user's kept choices (width, theme) in the state folder."""

from __future__ import annotations

import json
from pathlib import Path

from reader.core.settings import Settings


def test_choices_are_kept_for_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "state" / "settings.json"
    settings = Settings(path)
    assert (settings.theme, settings.width(80)) == (None, None)
    settings.set_theme("nord")
    settings.set_width(64, 80)
    assert settings.save()
    again = Settings(path)
    assert (again.theme, again.width(80)) == ("nord", 64)
    assert not list(path.parent.glob(".settings.*"))  # no temp file left behind


def test_a_new_default_in_the_config_wins_over_an_older_key_press(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set_width(64, 80)
    settings.save()
    assert Settings(tmp_path / "settings.json").width(100) is None


def test_a_save_changes_only_what_this_process_set(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    first, second = Settings(path), Settings(path)
    first.set_theme("nord")
    first.save()
    second.set_width(90, 80)
    second.save()
    assert json.loads(path.read_text("utf-8")) == {"theme": "nord", "width": 90, "width_default": 80}


def test_a_file_that_does_not_parse_is_read_as_the_defaults_and_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for broken in ("{not json", "[1, 2]"):
        path.write_text(broken, "utf-8")
        settings = Settings(path)
        assert (settings.theme, settings.width(80)) == (None, None)
        settings.set_theme("nord")
        assert not settings.save()
        assert path.read_text("utf-8") == broken


def test_values_of_the_wrong_shape_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": 3, "width": "wide", "width_default": 80}', "utf-8")
    settings = Settings(path)
    assert (settings.theme, settings.width(80)) == (None, None)
    path.write_text('{"width": 5000, "width_default": 80}', "utf-8")
    assert Settings(path).width(80) == 500  # within what config.toml allows


def test_a_folder_that_cannot_be_written_keeps_the_choice_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    settings = Settings(blocker / "settings.json")  # its folder is a file
    settings.set_theme("nord")
    assert not settings.save()
    assert settings.theme == "nord"
