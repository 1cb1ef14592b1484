"""The one chart theme: colour-blind-safe colours, German number formats, projector-sized type."""

import re
from functools import cache

import plotly.graph_objects as go

from coaching.formatting import plotly_separators

# Okabe-Ito, then Paul Tol's muted set: distinguishable with the common colour-vision deficiencies.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#332288",
    "#117733",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#88CCEE",
    "#DDCC77",
    "#661100",
]
NEUTRAL = "#8C8C8C"
AXIS = re.compile(r"[xy]axis\d*")  # xaxis, yaxis2, …: each gets the theme's axis fonts


def colour_map(keys: list[str]) -> dict[str, str]:
    """Fixed colours for stable keys (e.g. reasons in taxonomy order), the same in every chart."""
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(keys)}


def apply_theme(fig: go.Figure, lang: str, *, presenter: bool = False) -> go.Figure:
    """The figure laid over the theme (its own settings win). Readable on a laptop; with
    presenter=True, type large enough for a projector at 1920×1080."""
    spec = fig.to_plotly_json()
    layout = spec["layout"]
    layout.pop("template", None)  # plotly's default, filled in by to_plotly_json: ours goes first
    return themed(spec["data"], layout, lang, presenter=presenter)


def themed(traces: list, layout: dict, lang: str, *, presenter: bool = False) -> go.Figure:
    """A figure from plain traces and layout over the theme. The theme is validated once per
    language and size; building it on each figure cost ~25 ms, several times per page."""
    base = _theme_layout(lang, presenter)
    axes = {key: base[key[0] + "axis"] for key in layout if AXIS.fullmatch(key)}
    merged = merge(merge(base, axes), layout)
    return go.Figure(data=traces, layout=merged, _validate=False)


def merge(base: dict, changes: dict) -> dict:
    """base with changes laid over it, nested dicts merged; base itself is left untouched."""
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = merge(base[key], value)
        else:
            merged[key] = value
    return merged


@cache
def _theme_layout(lang: str, presenter: bool) -> dict:
    base = 22 if presenter else 14
    fig = go.Figure()
    fig.update_layout(
        template="simple_white",
        separators=plotly_separators(lang),
        font={
            "family": "Source Sans Pro, DejaVu Sans, sans-serif",
            "size": base,
            "color": "#111827",
        },
        title={"font": {"size": base + 4}},
        colorway=PALETTE,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"font": {"size": base - 1}},
        hoverlabel={"font": {"size": base}},
    )
    fig.update_xaxes(title_font={"size": base}, tickfont={"size": base - 1})
    fig.update_yaxes(title_font={"size": base}, tickfont={"size": base - 1})
    return fig.to_dict()["layout"]
