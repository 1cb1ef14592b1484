"""Kundenradar in a real browser: list, drill-down with charts, and a log entry."""

from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app


def test_the_radar_lists_customers_at_risk_and_drills_down(page, server):
    sign_in(page, server, "aylin")
    page.goto(f"{server}/kundenradar")
    wait_for_app(page)
    assert_no_exception(page)
    assert page.get_by_role("heading", name="Kundenradar").is_visible()
    page.get_by_text("Rot – gefährdet").first.wait_for()
    assert page.get_by_role("heading", name="Möbelwerk Krüger GmbH").is_visible()
    evidence = page.locator("[data-testid='stMarkdownContainer']", has_text="weniger als in")
    assert evidence.first.is_visible()
    assert page.locator(".js-plotly-plot").count() == 0  # charts are drawn when opened
    screenshot(page, "radar_01_list_and_drill_down")
    page.locator(".st-key-radar_charts_open summary").click()
    page.locator(".st-key-radar_orders_chart .js-plotly-plot").wait_for(timeout=30_000)
    page.locator(".st-key-radar_history_open summary").click()
    page.locator(".st-key-radar_health_chart .js-plotly-plot").wait_for(timeout=30_000)
    wait_for_app(page)
    page.locator(".st-key-radar_orders_chart").scroll_into_view_if_needed()
    screenshot(page, "radar_02_signals_and_charts")
    page.locator(".st-key-radar_health_chart").scroll_into_view_if_needed()
    screenshot(page, "radar_03_history")


def test_logging_a_complaint_shows_in_the_customer_log(page, server):
    sign_in(page, server, "markus")
    page.goto(f"{server}/kundenradar")
    wait_for_app(page)
    page.locator(".st-key-radar_log_note textarea").fill("Messestand kam beschädigt an.")
    page.locator(".st-key-radar_log_kind").click()
    page.get_by_role("option", name="Reklamation").click()
    page.locator(".st-key-radar_log_submit button").click()
    wait_for_app(page)
    page.get_by_text("Eingetragen.").wait_for()
    assert_no_exception(page)
    page.locator(".st-key-radar_log_open summary").click()
    page.locator("[data-testid='stTable']").get_by_text("Messestand kam beschädigt an.").wait_for()
    wait_for_app(page)
    page.locator(".st-key-radar_log_open").scroll_into_view_if_needed()
    screenshot(page, "radar_04_logged")
