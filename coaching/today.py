"""The start page's list: every feature's attention provider, registered here (one line each)."""

from sqlalchemy import Engine

from coaching import follow_up, insights, leads, pulse, radar, review, workshop
from coaching.attention import Attention, Provider
from coaching.store.accounts import User

PROVIDERS: list[Provider] = [
    follow_up.attention,
    leads.attention,
    workshop.attention,
    review.attention,
    insights.unmapped_attention,
    radar.red_customers,
    pulse.pulse_due,
]


def attention_today(engine: Engine, user: User) -> list[Attention]:
    """Everything due for this person, urgent first; empty counts are left out."""
    items = [item for provider in PROVIDERS for item in provider(engine, user) if item.count]
    return sorted(items, key=lambda item: not item.urgent)
