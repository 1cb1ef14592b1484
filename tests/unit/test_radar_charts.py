"""Kundenradar charts: labelled axes, German number formats, months as MM.YYYY."""

import pandas as pd

from coaching.charts import radar as charts


def months():
    return pd.DataFrame(
        {
            "month": pd.date_range("2025-01-01", periods=3, freq="MS"),
            "amount": [12_500.0, 0.0, 9_000.0],
            "days_to_pay": [21.0, None, 30.0],
            "invoices": [1, 0, 1],
        }
    )


def test_the_orders_chart_has_labelled_axes_and_german_money_ticks():
    fig = charts.orders_figure(
        months(), "de", title="Bestellvolumen", x_title="Monat", y_title="Rechnungsbetrag"
    )
    layout = fig.layout
    assert layout.separators == ",." and layout.xaxis.title.text == "Monat"
    assert layout.yaxis.title.text == "Rechnungsbetrag" and layout.yaxis.ticksuffix == " €"
    assert layout.yaxis.tickformat == ",.0f" and layout.xaxis.tickformat == "%m.%Y"


def test_the_payments_chart_leaves_a_gap_where_nothing_was_paid():
    fig = charts.payments_figure(months(), "en", title="t", x_title="Month", y_title="Days")
    assert fig.data[0].connectgaps is False and fig.layout.separators == ".,"


def test_the_health_chart_marks_the_light_limits_in_words():
    scores = pd.DataFrame(
        {"as_of": pd.date_range("2026-01-01", periods=3, freq="MS"), "score": [95, 80, 55]}
    )
    fig = charts.health_figure(
        scores,
        "de",
        title="t",
        x_title="Monat",
        y_title="Gesundheit",
        red_below=60,
        amber_below=90,
        red_label="Grenze Rot",
        amber_label="Grenze Gelb",
    )
    labels = {a.text for a in fig.layout.annotations}
    assert labels == {"Grenze Rot", "Grenze Gelb"}
