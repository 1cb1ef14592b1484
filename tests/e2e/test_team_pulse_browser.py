"""The pulse and the team overview in a real browser."""

from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app


def test_a_member_answers_the_pulse_in_the_browser(page, server):
    sign_in(page, server, "tobias")
    page.goto(f"{server}/puls")
    wait_for_app(page)
    for key, value in (("energy", "3"), ("weight", "4"), ("support", "2")):
        page.locator(f".st-key-pulse_{key} label").filter(has_text=f"{value} ·").first.click()
    page.locator(".st-key-pulse_note textarea").fill("Nur für mich.")
    page.locator(".st-key-pulse_save button").click()
    wait_for_app(page)
    page.get_by_text("Gespeichert.", exact=False).first.wait_for()
    assert_no_exception(page)
    screenshot(page, "team_pulse_member")


def test_a_member_who_types_the_manager_address_does_not_see_the_overview(page, server):
    sign_in(page, server, "jonas")
    page.goto(f"{server}/team")
    wait_for_app(page)
    page.get_by_text("Diese Seite ist nur für die Teamleitung.").wait_for()  # said, not blank
    assert page.get_by_role("heading", name="Team-Puls").count() == 0
    assert page.locator(".js-plotly-plot").count() == 0


def test_the_manager_sees_the_team_pulse_and_the_suggested_action(page, server):
    sign_in(page, server, "claudia")
    page.goto(f"{server}/team")
    wait_for_app(page)
    page.get_by_role("heading", name="Team-Puls").wait_for()
    assert page.locator(".js-plotly-plot").count() == 0  # findings first, charts when opened
    page.locator(".st-key-team_pulse_open summary").click()
    page.locator(".st-key-team_pulse_open .js-plotly-plot").wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.get_by_text("Ausgeblendete Zeiträume", exact=False).count() >= 1
    assert page.locator(".st-key-team_action_support_low").is_visible()
    assert_no_exception(page)
    screenshot(page, "team_overview_manager")
    page.goto(f"{server}/transparenz")
    wait_for_app(page)
    assert page.get_by_text("mindestens 5 Personen", exact=False).first.is_visible()
    screenshot(page, "team_transparency")
