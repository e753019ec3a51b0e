"""The demo generator's word lists: UTF-8 JSON files under resources/demo/, read once, in NFC."""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from typing import Any

from desktop_app.paths import resource


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    if isinstance(value, dict):
        return {_nfc(key): _nfc(item) for key, item in value.items()}
    return value


@cache
def load(name: str) -> dict[str, Any]:
    """resources/demo/`name`.json, every text in NFC (the file keeps its keys' order)."""
    with resource("demo", f"{name}.json").open(encoding="utf-8") as file:
        data: dict[str, Any] = _nfc(json.load(file))
    return data


def texts(name: str, key: str) -> tuple[str, ...]:
    """A list of texts of resources/demo/`name`.json."""
    value = load(name)[key]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"resources/demo/{name}.json: {key} is not a list of texts")
    return tuple(value)


def text(name: str, key: str) -> str:
    value = load(name)[key]
    if not isinstance(value, str):
        raise ValueError(f"resources/demo/{name}.json: {key} is not a text")
    return value


def named_texts(name: str, key: str) -> dict[str, str]:
    """An object of texts, in the file's order."""
    value = load(name)[key]
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        raise ValueError(f"resources/demo/{name}.json: {key} is not an object of texts")
    return dict(value)


def text_lists(name: str, key: str) -> dict[str, tuple[str, ...]]:
    """An object of lists of texts, in the file's order."""
    value = load(name)[key]
    if not isinstance(value, dict) or not all(
        isinstance(items, list) and all(isinstance(item, str) for item in items) for items in value.values()
    ):
        raise ValueError(f"resources/demo/{name}.json: {key} is not an object of lists of texts")
    return {group: tuple(items) for group, items in value.items()}


def records(name: str, key: str) -> list[dict[str, Any]]:
    """A list of objects (checked by the caller)."""
    value = load(name)[key]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError(f"resources/demo/{name}.json: {key} is not a list of objects")
    return list(value)
