"""Gründe & Trends: why the team's deals went silent or were lost, told in numbers and one sentence.

All sources become one tidy frame of observations (observations.py); filters and the group-size
rule narrow it (selection.py); each chart of the registry (registry.py) aggregates it
(aggregations.py) and tells it in one sentence (takeaways.py); CRM words are mapped to the
taxonomy in mapping.py. The names below are the package's public face.
"""

from coaching.insights.mapping import (
    label_key,
    open_labels,
    save_mappings,
    suggest_reason,
    unmapped_attention,
)
from coaching.insights.observations import (
    BANDS,
    PERIODS,
    SOURCES,
    Filters,
    Insights,
    View,
    build,
)
from coaching.insights.registry import (
    CHARTS,
    SPECS,
    ChartSpec,
    Panel,
    aggregate,
    figure,
    is_empty,
    panels,
    takeaway,
)
from coaching.insights.selection import (
    distinct_people,
    min_group,
    period_range,
    select,
    team_insights,
)
from coaching.insights.takeaways import period_phrase
from coaching.reason_words import (
    UNASSIGNED,
    reason_keys,
    reason_label,
    root_label,
    signal_label,
    stage_label,
)

__all__ = [
    "BANDS",
    "CHARTS",
    "PERIODS",
    "SOURCES",
    "SPECS",
    "UNASSIGNED",
    "ChartSpec",
    "Filters",
    "Insights",
    "Panel",
    "View",
    "aggregate",
    "build",
    "distinct_people",
    "figure",
    "is_empty",
    "label_key",
    "min_group",
    "open_labels",
    "panels",
    "period_phrase",
    "period_range",
    "reason_keys",
    "reason_label",
    "root_label",
    "save_mappings",
    "select",
    "signal_label",
    "stage_label",
    "suggest_reason",
    "takeaway",
    "team_insights",
    "unmapped_attention",
]
