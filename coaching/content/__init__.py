"""Coaching content per language, validated once and shared read-only."""

from functools import cache

from coaching import settings
from coaching.content.catalog import LANGUAGES, Catalog, ContentError, load_catalog

__all__ = [
    "LANGUAGES",
    "Catalog",
    "ContentError",
    "catalog",
    "check_all",
    "key_differences",
    "load_catalog",
]


@cache
def catalog(lang: str) -> Catalog:
    """The validated catalog of a language, loaded once per process."""
    return load_catalog(settings.content_dir(), lang)


def check_all() -> list[Catalog]:
    """Validate every language and their key parity; raises ContentError naming what is wrong.
    The catalogs are the ones loaded once per process (the server loads them at start-up)."""
    catalogs = [catalog(lang) for lang in LANGUAGES]
    differences = key_differences(*catalogs)
    if differences:
        shown = ", ".join(differences[:10])
        raise ContentError(f"Sprachen uneinheitlich / languages differ: only in {shown}")
    return catalogs


def key_differences(first: Catalog, second: Catalog) -> list[str]:
    """Keys one language defines and the other does not (UI strings and stable content keys)."""
    left, right = _keys(first), _keys(second)
    return sorted(f"{first.lang}: {k}" for k in left - right) + sorted(
        f"{second.lang}: {k}" for k in right - left
    )


def _keys(cat: Catalog) -> set[str]:
    keys = {f"ui:{k}" for k in cat.strings}
    for name, doc in cat.documents.items():
        keys |= _paths(doc.model_dump(), name)
    return keys


def _paths(value: object, prefix: str) -> set[str]:
    if not isinstance(value, dict):
        return {prefix}
    paths = {prefix}
    for key, child in value.items():
        paths |= _paths(child, f"{prefix}.{key}")
    return paths
