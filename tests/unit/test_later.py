"""Later: the notebook (and what it imports) made on first use, once, by whichever thread asks first."""

from __future__ import annotations

import threading

from reader.core.later import Later


def test_made_on_first_call_only() -> None:
    calls: list[int] = []
    later = Later(lambda: calls.append(1) or object())
    assert later.made is None and calls == []  # asking whether it is made does not make it
    first = later()
    assert later() is first and later.made is first and calls == [1]


def test_two_threads_asking_at_once_get_one_value() -> None:
    calls: list[int] = []
    inside, asking, release = threading.Event(), threading.Event(), threading.Event()

    def make() -> object:
        calls.append(1)
        inside.set()
        release.wait(10)  # held here until the other thread asks too
        return object()

    later = Later(make)
    got: list[object] = []
    first = threading.Thread(target=lambda: got.append(later()))
    first.start()
    inside.wait(10)

    def ask() -> None:
        asking.set()
        got.append(later())

    second = threading.Thread(target=ask)
    second.start()
    asking.wait(10)  # the second caller is on its way in while the first is still making it
    release.set()
    first.join(10)
    second.join(10)
    assert calls == [1] and len(got) == 2 and got[0] is got[1]
