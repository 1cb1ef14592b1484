"""Gründe & Trends in a real browser: charts drawn, filters rerun the charts, presenter view."""

import re

from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app

CHART = "[data-testid='stPlotlyChart'] .main-svg"
LEADING = "(Häufigster Grund|Gleich häufig)"


def test_the_page_draws_its_charts_and_a_filter_changes_the_takeaway(page, server):
    sign_in(page, server, "claudia")
    page.goto(f"{server}/gruende")
    wait_for_app(page)
    assert_no_exception(page)
    # The demo is dated relative to today, so on some days two reasons tie for the top.
    assert page.get_by_text(re.compile(LEADING + " in den letzten 12 Monaten")).is_visible()
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0  # findings first
    page.locator(".st-key-reasons_open_reasons_count summary").click()
    page.wait_for_selector(CHART, timeout=30_000)
    wait_for_app(page)
    screenshot(page, "reasons_page")
    page.locator(".st-key-reasons_period").click()
    page.get_by_role("option", name="Gesamter Zeitraum").click()
    wait_for_app(page)
    page.get_by_text(re.compile(LEADING + " im gesamten Zeitraum")).wait_for(timeout=30_000)
    assert_no_exception(page)
    screenshot(page, "reasons_page_all_time")
    page.locator(".st-key-reasons_open_silence_stage summary").click()  # a finding's chart
    wait_for_app(page)
    page.locator(".st-key-reasons_open_silence_stage .main-svg").first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stPlotlyChart']").count() == 1  # new period, new findings
    screenshot(page, "reasons_page_finding_opened")
    page.set_viewport_size({"width": 1440, "height": 5200})  # the app scrolls inside itself
    wait_for_app(page)
    assert page.get_by_role("heading", name="CRM-Gründe zuordnen").is_visible()
    screenshot(page, "reasons_page_whole")


def test_the_presenter_view_fills_a_projector_screen_one_chart_at_a_time(page, server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, server, "jonas")
    page.goto(f"{server}/gruende?praesentation=1")
    wait_for_app(page)
    page.wait_for_selector(CHART, timeout=30_000)
    assert page.locator("[data-testid='stPlotlyChart']").count() == 1
    assert page.get_by_text(re.compile(r"Diagramm 1 von \d+")).is_visible()
    screenshot(page, "reasons_presenter_1")
    page.locator(".st-key-reasons_next button").click()
    wait_for_app(page)
    page.get_by_text(re.compile(r"Diagramm 2 von \d+")).wait_for(timeout=30_000)
    page.wait_for_selector(CHART, timeout=30_000)
    assert_no_exception(page)
    screenshot(page, "reasons_presenter_2")
    page.locator(".st-key-reasons_next button").click()
    wait_for_app(page)
    page.get_by_text(re.compile(r"Diagramm 3 von \d+")).wait_for(timeout=30_000)
    page.wait_for_selector(CHART, timeout=30_000)
    screenshot(page, "reasons_presenter_3")
