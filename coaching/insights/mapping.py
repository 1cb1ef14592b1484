"""Mapping a CRM's own lost-reason words to the taxonomy, and the labels still waiting."""

import hashlib
import re

from coaching.attention import Attention
from coaching.content import LANGUAGES, catalog
from coaching.memo import per_data_version
from coaching.reason_words import (
    reason_keys,
)
from coaching.store import read, write
from coaching.store.accounts import User
from coaching.store.insights import confirm_mapping, normalise_label, unmapped_labels

# --- mapping a CRM's own words to the taxonomy ----------------------------------------------


def suggest_reason(raw: str | None) -> str | None:
    """The reason whose keywords (German and English) best match a CRM label: longest match wins."""
    label = normalise_label(raw)
    if not label:
        return None
    best, best_length = None, 0
    for key, keywords in _keywords().items():
        for keyword in keywords:
            if len(keyword) > best_length and _contains(label, keyword):
                best, best_length = key, len(keyword)
    return best


def save_mappings(engine, user: User, chosen: dict[str, str | None]) -> int:
    """A manager's confirmed mappings, all in one transaction; returns how many were stored."""
    if not user.is_manager:
        raise PermissionError("only managers map CRM reasons")
    picked = {label: reason for label, reason in chosen.items() if reason}
    unknown = set(picked.values()) - set(reason_keys())
    if unknown:
        raise ValueError(f"unknown reason keys: {sorted(unknown)}")
    with write(engine) as conn:
        for label, reason in picked.items():
            confirm_mapping(conn, user.team_id, label, reason, user.id)
    return len(picked)


def unmapped_attention(engine, user: User) -> list[Attention]:
    """For the start page: managers see how many CRM lost-reason labels wait for a mapping."""
    if not user.is_manager:
        return []
    waiting = len(open_labels(engine, user.team_id))
    return [Attention("insights.attention_unmapped", waiting, "pages/reasons.py")]


@per_data_version
def open_labels(engine, team_id: int) -> list[tuple[str, int]]:
    """The CRM labels waiting for a mapping, with their counts. Kept per data version (imports
    and mappings bump it): it groups all of the team's deals. Callers only read the list."""
    with read(engine) as conn:
        return unmapped_labels(conn, team_id)


def label_key(raw: str) -> str:
    """A stable widget key for a CRM label, so a choice never sticks to another label."""
    return "reasons_map_" + hashlib.sha256(normalise_label(raw).encode()).hexdigest()[:10]


def _keywords() -> dict[str, list[str]]:
    """Each reason's keywords from every language, in taxonomy order."""
    merged: dict[str, list[str]] = {key: [] for key in reason_keys()}
    for lang in LANGUAGES:
        for key, reason in catalog(lang).doc("reasons").reasons.items():
            merged.setdefault(key, []).extend(normalise_label(k) for k in reason.keywords)
    return merged


def _contains(label: str, keyword: str) -> bool:
    """Keyword at a word start, so 'preis' matches 'Preis zu hoch' but not 'Kaufpreisliste'."""
    return re.search(r"(?<!\w)" + re.escape(keyword), label) is not None
