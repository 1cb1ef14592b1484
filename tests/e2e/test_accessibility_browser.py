"""axe-core scans of every page: no serious or critical findings in the app's own markup."""

from axe_playwright_python.sync_playwright import Axe

from coaching.ui.pages import PAGES
from tests.e2e.conftest import sign_in, wait_for_app

# Findings in Streamlit's own markup that the app cannot change, baselined by rule id.
# Streamlit's sidebar navigation puts group headers inside its <ul> (list, listitem).
STREAMLIT_BASELINE = {"list", "listitem"}


def serious_findings(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") and v["id"] not in STREAMLIT_BASELINE
    ]


def test_the_sign_in_page_has_no_serious_accessibility_findings(page, server):
    page.goto(server)
    wait_for_app(page)
    assert serious_findings(page) == []


def test_every_page_has_no_serious_accessibility_findings(page, server):
    sign_in(page, server, "claudia")
    findings = {}
    for spec in PAGES:
        page.goto(f"{server}{spec.href}")
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
        found = serious_findings(page)
        if found:
            findings[spec.url_path] = found
    assert findings == {}
