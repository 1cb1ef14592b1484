from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app


def test_a_lead_is_created_checked_and_its_risk_explained(page, server):
    sign_in(page, server, "jonas")
    page.goto(f"{server}/lead-check")
    wait_for_app(page)
    page.locator("[class*='st-key-save_answers_'] button").wait_for()
    page.locator(".st-key-lead_overview_open summary").click()
    page.locator("[data-testid='stTable']").first.wait_for()
    wait_for_app(page)
    screenshot(page, "lead_check_list")
    page.get_by_text("Neuen Lead anlegen").click()
    page.locator(".st-key-new_company input").fill("Browser Messetest GmbH")
    page.locator(".st-key-new_value input").fill("12.500,00")
    page.locator(".st-key-new_submit button").click()
    wait_for_app(page)
    page.get_by_text("Lead „Browser Messetest GmbH“ angelegt").wait_for()
    wait_for_app(page)  # the message comes early in the run, the old lead's checklist goes last
    assert page.get_by_role("heading", name="Browser Messetest GmbH").is_visible()
    radio = page.locator("[class*='st-key-ans_'][class*='_default_budget']")
    radio.get_by_text("Ja", exact=True).click()
    page.locator("[class*='st-key-save_answers_'] button").click()
    wait_for_app(page)
    page.get_by_text("1 Antwort gespeichert").wait_for()
    wait_for_app(page)
    assert page.get_by_text("Entscheidungstermin unbekannt").first.is_visible()
    assert page.get_by_text("Bis wann willst du dich entschieden haben").first.is_visible()
    assert_no_exception(page)
    screenshot(page, "lead_check_checklist")
    page.get_by_role("tab", name="Angebot & Abschluss").click()  # renders its forms on opening
    page.locator("[class*='st-key-offer_follow_up_'] input").wait_for()
    wait_for_app(page)
    screenshot(page, "lead_check_offer")
    page.get_by_role("tab", name="Verlauf").click()
    page.get_by_text("Antworten im Verlauf").wait_for()
    assert_no_exception(page)
    screenshot(page, "lead_check_history")
    events = page.get_by_text("Angelegt · von Jonas Weber", exact=False).first
    events.scroll_into_view_if_needed()
    screenshot(page, "lead_check_events")


def test_the_workshop_exercise_reveals_the_risks(page, server):
    sign_in(page, server, "claudia")
    page.goto(f"{server}/lead-uebung")
    wait_for_app(page)
    page.get_by_text("Auflösung zeigen").click()
    wait_for_app(page)
    page.get_by_text("Das Risiko laut Fakten").wait_for()
    page.get_by_text("Was die Fakten hergeben").scroll_into_view_if_needed()
    assert_no_exception(page)
    screenshot(page, "lead_exercise_reveal")
