"""Chinese and Japanese are written without spaces: each ideograph or kana
is a word of its own, so that a query of a few characters finds them, in
one document (search/find.py) and in the library index (index/search_index.py)
alike. Hangul is not (Korean puts spaces between words).
"""

from __future__ import annotations

import functools
import re

CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # for a regex character class


@functools.cache
def cjk_character() -> re.Pattern[str]:
    """One CJK character. Compiled when first used, as are the other
    patterns made with CJK_CHARS: so wide a class takes ~5 ms to compile."""
    return re.compile(f"[{CJK_CHARS}]")
