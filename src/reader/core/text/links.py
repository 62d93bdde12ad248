"""Which link addresses reader hands to the system's opener.

A document's links are data from elsewhere: a `javascript:` or `file:`
address, a program's own scheme, an address that starts with `-` (the
opener would read it as an option) or one holding a newline or an escape
(which could split or disguise what the opener is handed) never reach it.
Only web and mail addresses do; a [[wiki link]] opens a document of the
library, inside reader.
"""

from __future__ import annotations

import re

BROWSER_SCHEMES = ("http", "https", "mailto")
# C0, space, DEL, C1, and the Unicode line and paragraph separators.
_CONTROLS = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029]")
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The scheme and what must follow it: a host for the web, an address for mail.
_OPENABLE = re.compile(r"(?:https?://[^/?#@:]|mailto:[^?]).*", re.IGNORECASE | re.DOTALL)


def has_controls(url: str) -> bool:
    """Whether an address holds a control character (a link keeps no such
    address: it is neither opened nor copied)."""
    return _CONTROL_CHARACTERS.search(url) is not None


def openable(url: str) -> bool:
    """Whether `url` may be handed to the system's opener: http(s) with a
    host or mailto with an address, and no control character or space
    anywhere (so it is one argument, and never an option)."""
    return _OPENABLE.fullmatch(url) is not None and _CONTROLS.search(url) is None
