"""The user's settings: the kinds of highlight (names and colours), the
reading width and the keys rebound, from `config.toml` in the user's config
folder (platformdirs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Kind:
    name: str
    color: str  # any colour Rich understands: "#f2d45c", "yellow", "rgb(1,2,3)"


# Keys 1 to 5. Light, so that the text stays legible over them.
DEFAULT_KINDS = (
    Kind("yellow", "#f2d45c"),
    Kind("green", "#95d38f"),
    Kind("blue", "#8cbcf2"),
    Kind("pink", "#f2a2cf"),
    Kind("orange", "#f5ad6b"),
)


DEFAULT_WIDTH = 80  # cells: the measure of the text column, as in print
WIDTH_RANGE = (20, 500)


@dataclass(frozen=True)
class Config:
    kinds: tuple[Kind, ...] = DEFAULT_KINDS
    width: int = DEFAULT_WIDTH  # the text column's measure, at most; `=` and `-` change it
    # Binding id -> its keys as Textual writes a list of them ("slash,ctrl+f"),
    # as typed: the UI checks the ids and key names (a bad one is a warning).
    keys: dict[str, str] = field(default_factory=dict)


class ConfigError(ValueError):
    """A config file that cannot be used; str() says which and why."""


def config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("reader") / "config.toml"


def load_config(path: Path) -> Config:
    """The settings in `path`; the defaults when it does not exist.

    ```toml
    [[kind]]            # up to nine, bound to keys 1 to 9 in order
    name = "important"
    color = "#ff8080"

    [reading]
    width = 80          # the text column's measure in cells, 20 to 500

    [keys]              # binding id = its keys (? lists the ids)
    "reading.find" = "slash,ctrl+f"
    ```
    """
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: {err}") from None
    import tomllib  # only when there is a config.toml: start-up stays lean

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        raise ConfigError(f"{path}: nested too deeply to be a config file") from None
    return Config(kinds=_kinds(path, data.get("kind")), width=_width(data, path), keys=_keys(path, data.get("keys")))


def _kinds(path: Path, kinds: object) -> tuple[Kind, ...]:
    if kinds is None:
        return DEFAULT_KINDS
    if (
        not isinstance(kinds, list)
        or not 1 <= len(kinds) <= 9
        or not all(
            isinstance(k, dict)
            and isinstance(k.get("name"), str)
            and k["name"].strip()
            and isinstance(k.get("color"), str)
            for k in kinds
        )
    ):
        raise ConfigError(f"{path}: [[kind]] needs 1 to 9 entries, each with a name and a color")
    names = [k["name"].strip() for k in kinds]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: two kinds have the same name")
    from rich.color import Color, ColorParseError

    for kind in kinds:
        try:
            Color.parse(kind["color"])
        except ColorParseError:
            raise ConfigError(f'{path}: {kind["color"]!r} is not a colour (try "#f2d45c" or "yellow")') from None
    return tuple(Kind(name, k["color"]) for name, k in zip(names, kinds))


def _keys(path: Path, table: object, prefix: str = "") -> dict[str, str]:
    """`[keys]`: binding id = "key,key" or ["key", "key"]. A nested table
    spells the same ids (`reading.find = "ctrl+f"` unquoted is one)."""
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [keys] must be a table of binding id = keys")
    keys: dict[str, str] = {}
    for name, value in table.items():
        binding_id = prefix + name
        if isinstance(value, dict):
            keys |= _keys(path, value, f"{binding_id}.")
        elif isinstance(value, str):
            keys[binding_id] = value
        elif isinstance(value, list) and all(isinstance(key, str) for key in value):
            # A comma in the list is a key, not the separator of Textual's string.
            keys[binding_id] = ",".join("comma" if key == "," else key for key in value)
        else:
            raise ConfigError(f'{path}: [keys] "{binding_id}" must be keys: "slash,ctrl+f" or ["slash", "ctrl+f"]')
    return keys


def _width(data: dict, path: Path) -> int:
    """`[reading] width`: a whole number of cells in WIDTH_RANGE."""
    reading = data.get("reading", {})
    if not isinstance(reading, dict):
        raise ConfigError(f"{path}: [reading] must be a table, with width = {DEFAULT_WIDTH} in it")
    width = reading.get("width", DEFAULT_WIDTH)
    low, high = WIDTH_RANGE
    if isinstance(width, bool) or not isinstance(width, int) or not low <= width <= high:
        raise ConfigError(f"{path}: [reading] width must be a whole number from {low} to {high}, not {width!r}")
    return width
