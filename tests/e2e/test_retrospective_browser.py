from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app


def step(page, button: str, number: int) -> None:
    """Click back or next and wait until the step has really changed (not just the rerun)."""
    page.locator(f".st-key-{button} button").click()
    page.get_by_text(f"Schritt {number} von 10").wait_for(timeout=30_000)
    wait_for_app(page)


def test_a_review_draft_survives_a_reload_and_my_reviews_show_the_history(page, server):
    sign_in(page, server, "jonas")
    page.goto(f"{server}/rueckblick")
    wait_for_app(page)
    page.get_by_text("Schritt 4 von 10: Gründe").wait_for(timeout=30_000)  # the demo draft is back
    step(page, "rv_back", 3)
    page.locator(".st-key-rv_root_category").get_by_text("Wettbewerb war besser").click()
    wait_for_app(page)
    step(page, "rv_next", 4)
    screenshot(page, "rueckblick_reasons")
    page.reload()
    wait_for_app(page)
    page.get_by_text("Schritt 4 von 10: Gründe").wait_for(timeout=30_000)
    step(page, "rv_back", 3)
    assert page.locator(".st-key-rv_root_category input[type=radio]:checked").count() == 1
    for number in range(4, 10):
        step(page, "rv_next", number)
    page.locator(".st-key-rv_feeling").get_by_text("Ich bin enttäuscht").click()
    wait_for_app(page)
    page.get_by_text("kein Urteil über Sie").wait_for(timeout=30_000)  # coaching text: Sie
    assert_no_exception(page)
    screenshot(page, "rueckblick_checkin")

    page.locator(".st-key-rv_view").get_by_text("Meine Rückblicke").click()
    wait_for_app(page)
    page.get_by_text("Was sich wiederholt").wait_for(timeout=30_000)
    assert_no_exception(page)
    page.get_by_text("Ihre Lehren im Zeitverlauf").scroll_into_view_if_needed()
    page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=30_000)
    screenshot(page, "rueckblick_mine")
    page.locator("[class*='st-key-rv_open_'] button").first.click()
    wait_for_app(page)
    page.get_by_text("Als PDF herunterladen").wait_for(timeout=30_000)
    assert "review=" in page.url
    assert_no_exception(page)
    page.get_by_text("Als PDF herunterladen").scroll_into_view_if_needed()
    screenshot(page, "rueckblick_detail")


def test_another_person_gets_nothing_from_a_review_link(page, server):
    sign_in(page, server, "claudia")
    page.goto(f"{server}/rueckblick?review=1")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
    page.get_by_text("gehört nicht Ihnen").wait_for(timeout=30_000)
    assert page.get_by_text("Als PDF herunterladen").count() == 0
    screenshot(page, "rueckblick_foreign_link")
