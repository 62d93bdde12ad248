"""A value made when it is first asked for: what the first screen does not
need (the notebook and the modules it imports) is not paid for before it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Later(Generic[T]):
    """`make()` run once, by the first caller: later() is its value.
    Workers may ask at the same time as the app's thread, so making it is
    locked; asking once it is made is not."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self) -> T:
        if self._make is not None:
            with self._lock:
                if self._make is not None:
                    self._value = self._make()
                    self._make = None
        return self._value  # type: ignore[return-value]  # made: T, which may itself allow None

    @property
    def made(self) -> T | None:
        """Its value if made already, else None (without making it)."""
        return self._value if self._make is None else None
