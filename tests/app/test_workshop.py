import re

from sqlalchemy import insert

from coaching.store import accounts as repo
from coaching.store import utcnow, write
from coaching.store.schema import reviews
from tests.app.conftest import texts


def _workshop(signed_in, person="claudia"):  # the team lead runs the workshop
    at = signed_in(person)
    at.switch_page("pages/workshop_session.py")
    return at.run()


def test_the_planner_shows_the_agenda_and_its_length(signed_in):
    at = _workshop(signed_in)
    assert not at.exception
    shown = texts(at)
    assert "Warum Kunden verstummen" in shown and "Gesamtdauer: 85 Minuten" in shown


def test_skipping_a_section_is_saved_for_the_team(signed_in):
    at = _workshop(signed_in)
    assert not at.number_input  # the agenda is a list; its controls are drawn when opened
    at.session_state["workshop_edit_open"] = True
    at.run()
    at.checkbox(key="skip_research").check()
    at.run()
    assert "Gesamtdauer: 80 Minuten" in texts(at) and "Ausgelassen: " in texts(at)
    again = _workshop(signed_in, "lena")  # a member sees the lead's plan
    assert "Gesamtdauer: 80 Minuten" in texts(again)


def test_walking_the_agenda_in_presenter_view(signed_in):
    at = _workshop(signed_in)
    at.button(key="start_presentation").click()
    at.run()
    assert at.query_params["ansicht"] == "praesentation"
    assert at.title[0].value == "Warum Kunden verstummen"
    for _ in range(6):
        at.button(key="next").click()
        at.run()
    assert at.title[0].value == "Unsere Vereinbarungen"
    at.button(key="previous").click()
    at.run()
    assert at.title[0].value == "Was Studien sagen" and "Dixon" in texts(at)


def test_saving_an_agreement_and_reviewing_an_old_one(signed_in):
    at = _workshop(signed_in)
    at.button(key="start_presentation").click()
    at.run()
    for _ in range(6):
        at.button(key="next").click()
        at.run()
    assert "Vereinbarungen aus früheren Workshops" in texts(at)
    at.text_input(key="agreement_text").input("Jede Woche eine Ghost-Runde von 10 Minuten")
    at.button(key="agreement_add").click()
    at.run()
    assert "Vereinbarung gespeichert." in texts(at)
    kept = next(b for b in at.button if b.key and b.key.startswith("review_kept_"))
    kept.click()
    at.run()
    assert not at.exception


def test_due_agreements_are_shown_on_the_start_page(signed_in):
    at = signed_in("tobias")
    labels = "\n".join(link.label for link in at.get("page_link"))
    due = r"(1 Vereinbarung aus dem Workshop ist|\d+ Vereinbarungen aus dem Workshop sind) zur"
    assert re.search(due, labels)


def test_the_workshop_output_carries_no_private_data(signed_in, store, demo):
    people = {name: email for email, name, _ in demo.logins}
    with write(store) as conn:
        jonas = repo.user_by_email(conn, people["Jonas Weber"]).id
        for mode, lesson in (("private", "GEHEIME LEKTION"), ("named", "Früher anrufen")):
            conn.execute(
                insert(reviews).values(
                    team_id=demo.team_id,
                    author_id=jonas,
                    deal_label="Messe Köln",
                    root_category="unknown",
                    main_reason="no_decision",
                    reasons="[]",
                    missed_signals="[]",
                    lesson=lesson,
                    answers="{}",
                    feeling=1,
                    share_mode=mode,
                    created_at=utcnow(),
                )
            )
    at = _workshop(signed_in)
    at.button(key="start_presentation").click()
    at.run()
    shown = texts(at)
    for _ in range(6):
        at.button(key="next").click()
        at.run()
        shown += texts(at)
    assert "GEHEIME LEKTION" not in shown and "Jonas Weber" not in shown


def test_the_start_page_lists_the_teams_open_agreements(signed_in):
    at = signed_in("lena")
    shown = texts(at)
    assert "Unsere Vereinbarungen aus dem Workshop" in shown
    assert "Jedes Angebot geht nur mit einem vereinbarten Rückmeldetermin raus." in shown


def test_a_member_follows_the_workshop_but_cannot_run_it(signed_in):
    at = _workshop(signed_in, "jonas")
    assert not at.exception
    assert "Den Ablauf legt die Teamleitung fest." in texts(at)
    assert not [b for b in at.button if b.key == "start_presentation"]
    assert not [n for n in at.number_input if (n.key or "").startswith("minutes_")]
