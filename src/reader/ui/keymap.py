"""The user's keys (`[keys]` in config.toml): each binding id checked against
the app's bindings and each key against Textual's key names, and the keys in
force once they are applied, for the help."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character

# The modifiers Textual puts in a key's name, in the (sorted) order it writes them.
MODIFIERS = frozenset({"alt", "ctrl", "hyper", "meta", "shift", "super"})
# The named keys (`f1`, `pagedown`, `tab`...): the Keys enum less its modifiers and internal names.
NAMED_KEYS = frozenset(key.value.rpartition("+")[2] for key in Keys) - {
    "<any>",
    "<ignore>",
    "<scroll-down>",
    "<scroll-up>",
    "ctrl-at",
}


def binding_classes() -> list[type[DOMNode]]:
    """Every app, screen and widget class of reader.ui that has BINDINGS of
    its own. Every module of the package is imported first, so one whose
    import is deferred until it is needed is covered too."""
    package = importlib.import_module(__package__ or "reader.ui")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return [
        cls
        for cls in _subclasses(DOMNode)
        if cls.__module__.startswith(f"{package.__name__}.") and "BINDINGS" in vars(cls)
    ]


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def bindings(cls: type[DOMNode]) -> list[Binding]:
    """A class's BINDINGS as Bindings (ours are all Bindings; Textual types them looser)."""
    return [binding for binding in cls.BINDINGS if isinstance(binding, Binding)]


def binding_ids() -> set[str]:
    return {binding.id for cls in binding_classes() for binding in bindings(cls) if binding.id}


def key_name(key: str) -> str | None:
    """`key` as Textual names the key pressed (`/` -> `slash`, `shift+ctrl+x` ->
    `ctrl+shift+x`), or None if no key has that name."""
    key = key.strip()
    if key.endswith("+"):  # "+" and "ctrl++" end with the key `plus`, not an empty name
        head = key[:-1]
        if head and not head.endswith("+"):
            return None
        modifiers, base = head.split("+")[:-1], "+"
    else:
        *modifiers, base = key.split("+")
    if len(base) == 1 and base.isprintable():
        base = _character_to_key(base)
    elif base not in NAMED_KEYS and _character_to_key(key_to_character(REPLACED_KEYS.get(base, base)) or "+") != base:
        return None  # neither a named key nor the name of a character (`question_mark`)
    if not MODIFIERS.issuperset(modifiers) or len(set(modifiers)) != len(modifiers):
        return None
    return "+".join([*sorted(modifiers), base])


def key_label(key: str) -> str:
    """A key as config.toml takes it, written short: `ctrl+f`, `/`, `?`,
    `enter`, `pagedown` (the name of a character that is not a letter or
    digit is the character itself, but for the comma, which separates keys)."""
    modifiers, _, base = key.rpartition("+")
    character = key_to_character(REPLACED_KEYS.get(base, base))
    if character and character.isprintable() and not character.isspace() and character != ",":
        base = character
    return f"{modifiers}+{base}" if modifiers else base


def user_keymap(keys: Mapping[str, str], ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply (binding id -> its keys, named as Textual names
    them) and one line for each entry of `keys` left out, saying why."""
    keymap, problems = {}, []
    for binding_id, value in keys.items():
        names = [key_name(key) for key in value.split(",")]
        if binding_id not in ids:
            problems.append(f'"{binding_id}" is not a binding (? lists them)')
        elif None in names:
            bad = [key for key, name in zip(value.split(","), names) if name is None]
            why = "not a key" if len(names) == 1 else f'"{bad[0]}" is not a key'
            problems.append(f'"{binding_id}" = "{value}": {why}')
        else:
            keymap[binding_id] = ",".join(name for name in names if name)
    return keymap, problems


def in_force(class_bindings: Iterable[Binding], keymap: Mapping[str, str]) -> list[Binding]:
    """Each of one class's bindings with the keys it has once `keymap` is
    applied, as Textual applies it to that class's bindings: a key the keymap
    gives to another binding of the class is taken from this one (and a
    binding left with no key has key "")."""
    class_bindings = list(class_bindings)
    applied = BindingsMap(class_bindings)
    applied.apply_keymap(keymap)
    keys: dict[str, list[str]] = {}
    for key, binding in applied:
        if binding.id is not None:
            keys.setdefault(binding.id, []).append(key)
    return [
        binding
        if binding.id is None
        else dataclasses.replace(binding, key=",".join(dict.fromkeys(keys.get(binding.id, []))))
        for binding in class_bindings
    ]
