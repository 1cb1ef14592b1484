from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app


def test_the_silence_list_guides_a_step_and_logs_it(page, server):
    page.set_viewport_size({"width": 1440, "height": 3600})  # Streamlit scrolls inside the app
    sign_in(page, server, "claudia")
    page.goto(f"{server}/nachfassen")
    wait_for_app(page)
    page.get_by_role("heading", name="Nachfassen").wait_for()
    assert_no_exception(page)
    assert page.get_by_text("Schritt 3 von 4: Eine klare Frage").is_visible()
    mail = page.locator("[data-testid='stLinkButton'] a[href^='mailto:a.roth@rheinmesse.example']")
    mail.wait_for()
    assert "subject=" in mail.get_attribute("href") and "&body=" in mail.get_attribute("href")
    body = page.locator("[class*='st-key-follow_up_body_'] textarea").input_value()
    assert body.startswith("Guten Tag Frau Roth,")
    assert "Ihr Vorhaben „Gemeinschaftsstand für Aussteller“" in body
    screenshot(page, "follow_up_list")

    page.locator(".st-key-follow_up_log_note textarea").fill("Kurze Frage per Mail geschickt")
    page.locator(".st-key-follow_up_log button").click()
    wait_for_app(page)
    page.get_by_text("Schritt eingetragen").wait_for()
    assert page.get_by_text("Schritt 4 von 4: Konstruktiv abschließen").is_visible()
    assert_no_exception(page)
    screenshot(page, "follow_up_logged")


def test_a_returned_ghost_shows_its_parting_words(page, server):
    page.set_viewport_size({"width": 1440, "height": 3600})
    sign_in(page, server, "lena")
    page.goto(f"{server}/nachfassen")
    wait_for_app(page)
    page.get_by_text("So wurde der Abschied formuliert").first.click()
    page.get_by_text("auf meine letzten Nachrichten kam keine Antwort").first.wait_for()
    assert_no_exception(page)
    screenshot(page, "follow_up_reopened_ghost")
