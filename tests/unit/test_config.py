"""The user's kinds of highlight, from config.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.config import DEFAULT_KINDS, ConfigError, Kind, load_config


def test_no_file_means_the_five_defaults(tmp_path: Path) -> None:
    kinds = load_config(tmp_path / "config.toml").kinds
    assert kinds == DEFAULT_KINDS
    assert [k.name for k in kinds] == ["yellow", "green", "blue", "pink", "orange"]


def test_kinds_are_named_and_coloured_by_the_user(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[[kind]]\nname = "important"\ncolor = "#ff8080"\n\n[[kind]]\nname = "question"\ncolor = "cyan"\n', "utf-8"
    )
    assert load_config(path).kinds == (Kind("important", "#ff8080"), Kind("question", "cyan"))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[[kind]]\nname = "a"\ncolor = "not a colour"\n', "is not a colour"),
        ('[[kind]]\nname = "a"\n', "each with a name and a color"),
        ('[[kind]]\nname = "a"\ncolor = "red"\n[[kind]]\nname = "a"\ncolor = "blue"\n', "same name"),
        ("[[kind]\n", "config.toml"),
        ("[keys]\nx = " + "[" * 100_000, "nested too deeply to be a config file"),
    ],
)
def test_a_bad_config_says_why(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=says):
        load_config(path)


def test_the_reading_width_is_80_unless_the_config_says(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_config(path).width == 80
    path.write_text('[[kind]]\nname = "a"\ncolor = "red"\n', "utf-8")
    assert load_config(path).width == 80
    path.write_text("[reading]\nwidth = 66\n", "utf-8")
    config = load_config(path)
    assert (config.width, config.kinds) == (66, DEFAULT_KINDS)


def test_keys_are_rebound_by_binding_id(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[keys]\n"reading.find" = "slash,ctrl+f"\n"app.quit" = ["q", "ctrl+x"]\n"app.help" = [","]\n', "utf-8"
    )
    assert load_config(path).keys == {"reading.find": "slash,ctrl+f", "app.quit": "q,ctrl+x", "app.help": "comma"}


def test_a_binding_id_may_be_written_unquoted(tmp_path: Path) -> None:
    # TOML reads `reading.find` bare as a table `reading` holding `find`.
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nreading.find = "ctrl+f"\n\n[keys.app]\nquit = "ctrl+x"\n', "utf-8")
    assert load_config(path).keys == {"reading.find": "ctrl+f", "app.quit": "ctrl+x"}


def test_no_keys_table_rebinds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[kind]]\nname = "a"\ncolor = "red"\n', "utf-8")
    config = load_config(path)
    assert config.keys == {}
    assert config.kinds == (Kind("a", "red"),)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('keys = "ctrl+f"\n', r"\[keys\] must be a table"),
        ('[keys]\n"reading.find" = 3\n', '"reading.find" must be keys'),
        ('[keys]\n"reading.find" = ["slash", 3]\n', '"reading.find" must be keys'),
        ("[keys]\nreading.find = {a = 1}\n", '"reading.find.a" must be keys'),
    ],
)
def test_a_keys_table_of_the_wrong_shape_says_why(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=says):
        load_config(path)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[reading]\nwidth = 19\n", "from 20 to 500, not 19"),
        ("[reading]\nwidth = 501\n", "from 20 to 500, not 501"),
        ('[reading]\nwidth = "wide"\n', "from 20 to 500, not 'wide'"),
        ("[reading]\nwidth = 72.5\n", "not 72.5"),
        ("[reading]\nwidth = true\n", "not True"),
        ('reading = "wide"\n', r"\[reading\] must be a table"),
    ],
)
def test_a_bad_reading_width_is_one_line(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=says) as raised:
        load_config(path)
    assert "\n" not in str(raised.value)
