"""The user's settings: the kinds of highlight (names and colours), from
`config.toml` in the user's config folder (platformdirs)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Config:
    kinds: tuple[Kind, ...] = DEFAULT_KINDS


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
    ```
    """
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: {err}") from None
    kinds = data.get("kind")
    if kinds is None:
        return Config()
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
    return Config(tuple(Kind(name, k["color"]) for name, k in zip(names, kinds)))
