"""The one chart theme: colour-blind-safe colours, German number formats, projector-sized type."""

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


def colour_map(keys: list[str]) -> dict[str, str]:
    """Fixed colours for stable keys (e.g. reasons in taxonomy order), the same in every chart."""
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(keys)}


def apply_theme(fig: go.Figure, lang: str, *, presenter: bool = False) -> go.Figure:
    """Readable on a laptop; with presenter=True, type large enough for a projector at 1920×1080."""
    base = 22 if presenter else 14
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
    return fig
