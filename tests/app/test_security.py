"""Doors stay shut: signed-out visitors, members on manager pages, config that must not drift."""

import tomllib
from pathlib import Path

import pytest

from coaching.ui.pages import PAGES
from tests.app.conftest import texts

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.url_path)
def test_every_page_refuses_a_signed_out_visitor(new_app, demo, spec):
    at = new_app()
    if spec.managers_only:  # not even registered for a signed-out visitor
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(spec.script)
        return
    at.switch_page(spec.script)
    at.run()
    assert not at.exception
    assert "Anmelden" in texts(at)
    assert not at.sidebar.button  # no sign-out, no navigation: nothing behind the door


@pytest.mark.parametrize("spec", [p for p in PAGES if p.managers_only], ids=lambda s: s.url_path)
def test_a_member_cannot_open_a_manager_page(signed_in, spec):
    at = signed_in("jonas")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(spec.script)  # the page is not in a member's navigation at all


def test_xsrf_protection_stays_on_and_errors_stay_hidden():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
