from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app


def test_each_workshop_section_on_a_projector_screen(browser, server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="de-DE")
    page = context.new_page()
    sign_in(page, server, "claudia")  # the team lead runs the workshop
    page.goto(f"{server}/workshop")
    wait_for_app(page)
    page.locator(".st-key-workshop_edit_open summary").click()
    page.locator(".st-key-minutes_research input").wait_for()
    wait_for_app(page)
    screenshot(page, "workshop_00_planner")
    page.locator(".st-key-start_presentation button").click()
    wait_for_app(page)
    for number in range(1, 8):
        expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
        assert_no_exception(page)
        screenshot(page, f"workshop_{number:02d}_section")
        if number < 7:
            page.locator(".st-key-next button").click()
            page.get_by_text(f"Abschnitt {number + 1} von 7").wait_for()
            wait_for_app(page)
    assert page.get_by_role("heading", name="Unsere Vereinbarungen").is_visible()
    context.close()


def test_the_handout_is_built_on_click_as_pdf_and_markdown(page, server):
    sign_in(page, server, "markus")
    page.goto(f"{server}/workshop")
    wait_for_app(page)
    with page.expect_download(timeout=30_000) as download:
        page.locator(".st-key-handout_pdf button").click()
    assert download.value.suggested_filename == "funkstille-workshop.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF")
    with page.expect_download(timeout=30_000) as download:
        page.locator(".st-key-handout_md button").click()
    handout = download.value.path().read_text(encoding="utf-8")
    assert "Jedes Angebot geht nur mit einem vereinbarten Rückmeldetermin raus" in handout
    assert_no_exception(page)


def test_a_member_sees_the_plan_but_no_controls_of_the_lead(page, server):
    sign_in(page, server, "markus")
    page.goto(f"{server}/workshop")
    wait_for_app(page)
    assert page.get_by_text("Den Ablauf legt die Teamleitung fest.").is_visible()
    assert page.locator(".st-key-start_presentation").count() == 0
    assert page.locator("[class*='st-key-minutes_']").count() == 0
    assert_no_exception(page)
    screenshot(page, "workshop_member_view")
