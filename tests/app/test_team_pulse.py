"""The weekly pulse, the manager's team overview and the transparency page, through the app."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

from coaching import accounts
from coaching.demo.workspace import DEMO_PASSWORD
from coaching.store import pulse as repo
from coaching.store import read, versions, write
from coaching.store.accounts import team_members
from coaching.store.schema import reviews
from tests.app.conftest import texts

PAGE = Path(__file__).resolve().parents[2] / "pages" / "team_overview.py"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test has a new store whose team id and data version repeat: start cache-free."""
    st.cache_data.clear()


def _open(at, script):
    """The page, with every finding on the team overview unfolded (folded, it draws no chart)."""
    at.switch_page(script)
    at.run()
    for key in [k for k in at.session_state if k.startswith("team_") and k.endswith("_open")]:
        at.session_state[key] = True
    return at.run()


def test_a_member_answers_this_weeks_pulse_with_a_private_note(signed_in, store, demo):
    at = _open(signed_in("jonas"), "pages/pulse.py")
    assert not at.exception
    at.radio(key="pulse_energy").set_value(2)
    at.radio(key="pulse_weight").set_value(4)
    at.radio(key="pulse_support").set_value(3)
    at.text_area(key="pulse_note").input("Nur für mich: müde.")
    at.button(key="pulse_save").click()
    at.run()
    assert not at.exception
    assert "Gespeichert" in texts(at)
    jonas = next(m for m in _members(store, demo) if m.name == "Jonas Weber")
    with read(store) as conn:
        answers = repo.own_answers(conn, jonas.id)
        notes = repo.own_notes(conn, jonas.id)
    latest = max(a.week for a in answers)
    assert {a.question: a.value for a in answers if a.week == latest} == {
        "energy": 2,
        "weight": 4,
        "support": 3,
    }
    assert "Nur für mich: müde." in notes.values()


def test_a_pulse_with_a_question_left_open_is_refused_and_nothing_saved(signed_in, store, demo):
    at = _open(signed_in("lena"), "pages/pulse.py")
    at.radio(key="pulse_energy").set_value(4)
    at.button(key="pulse_save").click()
    at.run()
    assert "Bitte beantworten Sie alle Fragen" in texts(at)
    lena = next(m for m in _members(store, demo) if m.name == "Lena Hoffmann")
    with read(store) as conn:
        weeks = {a.week for a in repo.own_answers(conn, lena.id)}
    assert len(weeks) <= 12


def test_a_member_sees_only_their_own_history_and_notes(signed_in):
    at = _open(signed_in("jonas"), "pages/pulse.py")
    assert not at.table  # the history is drawn when opened
    at.session_state["pulse_history_open"] = True
    history = at.run().table[0].value
    notes = " ".join(history["Notiz"].astype(str))
    assert "zweifle langsam an mir" in notes
    assert "Messe-Stress" not in notes  # Aylin's note
    assert "Messe-Stress" not in texts(at)


def test_a_member_finds_no_manager_overview_in_the_navigation(signed_in):
    at = signed_in("jonas")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/team_overview.py")


def test_the_manager_overview_itself_stops_a_member_with_a_plain_message(store, demo):
    jonas = next(m for m in _members(store, demo) if m.name == "Jonas Weber")
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.session_state["session_id"] = accounts.sign_in(store, jonas.email, DEMO_PASSWORD).session_id
    at.run()
    assert not at.exception
    assert "Teamleitung vorbehalten" in texts(at)
    assert "Team-Puls" not in texts(at)
    assert not at.get("plotly_chart")


def test_the_manager_sees_the_team_pulse_with_hidden_periods_explained(signed_in):
    at = _open(signed_in("claudia"), "pages/team_overview.py")
    assert not at.exception
    shown = texts(at)
    assert "Team-Puls" in shown
    assert "weniger als 5 Personen geantwortet" in shown
    assert "um weniger als 5 Personen geändert hat" in shown
    assert at.get("plotly_chart")


def test_on_arrival_the_overview_states_its_findings_and_draws_no_chart(signed_in):
    at = signed_in("claudia")
    at.switch_page("pages/team_overview.py")
    at.run()
    assert not at.get("plotly_chart")
    folded = [k for k in at.session_state if k.startswith("team_") and k.endswith("_open")]
    assert len(folded) == 4  # the pulse and three sales figures, each a finding
    at.session_state["team_losses_open"] = True
    at.run()
    assert len(at.get("plotly_chart")) == 1


def test_the_manager_is_offered_a_team_action_when_support_runs_low(signed_in):
    at = _open(signed_in("claudia"), "pages/team_overview.py")
    assert "Nachfassen im Tandem" in texts(at)
    assert "Bilden Sie für vier Wochen Tandems" in texts(at)  # Claudia is addressed with Sie


def test_no_element_of_the_manager_page_pairs_a_persons_name_with_a_pulse_value(
    signed_in, store, demo
):
    people = _members(store, demo)
    _share_named_lessons(store, demo, people)  # the only place names may appear: lesson bylines
    at = _open(signed_in("claudia"), "pages/team_overview.py")
    assert not at.exception
    names = [m.name for m in people] + [m.name.split()[0] for m in people]
    labels = ["Energie", "Belastung", "Unterstützung", "von 5"]
    with_names = [e for e in _main_elements(at) if any(n in str(e) for n in names)]
    assert with_names, "the named lessons should be shown"
    for element in with_names:
        assert not any(label in str(element) for label in labels), element
        assert not re.search(r"\d", str(element)), element
    for fig in at.get("plotly_chart"):
        spec = json.dumps(json.loads(fig.proto.spec), ensure_ascii=False)
        assert not any(name in spec for name in names)


def test_the_manager_page_never_offers_a_per_person_filter(signed_in):
    at = _open(signed_in("claudia"), "pages/team_overview.py")
    options = [o for s in at.selectbox for o in s.options] + [
        o for s in at.get("multiselect") for o in getattr(s, "options", [])
    ]
    assert not any(name in " ".join(map(str, options)) for name in ("Jonas", "Aylin", "Markus"))


def test_the_manager_cannot_set_the_group_size_below_three(signed_in, store, demo):
    at = _open(signed_in("claudia"), "pages/team_overview.py")
    assert at.number_input(key="team_min_group").min == 3
    at.number_input(key="team_min_group").set_value(4)
    at.button(key="team_privacy_save").click()
    at.run()
    assert not at.exception
    assert "Gespeichert." in texts(at) and "ab 4 Personen" in texts(at)
    with read(store) as conn:
        assert repo.privacy_settings(conn, demo.team_id)[0] == 4


def test_the_transparency_page_names_group_size_and_retention(signed_in):
    at = _open(signed_in("markus"), "pages/transparency.py")
    assert not at.exception
    shown = texts(at)
    assert "mindestens 5 Personen" in shown
    assert "nach 12 Monaten gelöscht" in shown
    assert "Energie" in shown


def _members(store, demo):
    with read(store) as conn:
        return team_members(conn, demo.team_id)


def _main_elements(at) -> list[str]:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "text", "metric")
    return [str(e.value) for kind in kinds for e in getattr(at.main, kind)]


def _share_named_lessons(store, demo, people) -> None:
    with write(store) as conn:
        for person in people[:5]:
            conn.execute(
                insert(reviews).values(
                    team_id=demo.team_id,
                    author_id=person.id,
                    deal_label="Messestand Nord",
                    root_category=next(iter(_roots())),
                    main_reason="price",
                    reasons="[]",
                    missed_signals="[]",
                    hours_invested=6,
                    lesson="Beim Angebot gleich den Rückruftermin festmachen.",
                    answers="{}",
                    share_mode="named",
                    shared_at=date(2026, 11, 2),
                    created_at=date(2026, 11, 2),
                )
            )
        versions.bump(conn, demo.team_id)


def _roots():
    from coaching.content import catalog

    return catalog("de").doc("reasons").root_categories
