"""Markdown and front matter: what a document says about itself."""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SCALAR = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """YAML front matter's top-level scalars, and where the body starts.

    Only `key: value` lines are read (quotes removed); that is all a title
    or a video id needs, and it keeps a YAML parser out of the dependencies.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, 0
    fields = {}
    for line in match.group(1).split("\n"):
        scalar = _SCALAR.match(line)
        if scalar:
            key, value = scalar.groups()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            fields[key] = value
    return fields, match.end()
