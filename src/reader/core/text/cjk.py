"""Chinese and Japanese are written without spaces: each ideograph or kana
is a word of its own, so that a query of a few characters finds them, in
one document (search/find.py) and in the library index (index/search_index.py)
alike. Hangul is not (Korean puts spaces between words).
"""

from __future__ import annotations

import re

CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # for a regex character class
CJK = re.compile(f"[{CJK_CHARS}]")
