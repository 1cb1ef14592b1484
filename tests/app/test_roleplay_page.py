from sqlalchemy import func, select

from coaching import roleplay
from coaching.store import read
from coaching.store.schema import roleplay_debriefs
from tests.app.conftest import texts

PAGE = "pages/roleplay.py"


def _open(at, seed: int):
    at.switch_page(PAGE)
    at.run()
    at.number_input(key="roleplay_seed").set_value(seed)
    return at.run()


def _count(store) -> int:
    with read(store) as conn:
        return conn.scalar(select(func.count()).select_from(roleplay_debriefs))


def test_the_same_draw_number_shows_the_same_cards(signed_in, store):
    drawn = roleplay.draw(roleplay.cards("de"), 4711)
    persona = roleplay.cards("de").personas[drawn.persona].name
    first = texts(_open(signed_in("claudia"), 4711))
    second = texts(_open(signed_in("jonas"), 4711))
    assert f"Kunde: {persona}" in first and f"Kunde: {persona}" in second
    assert "Ziehung Nr. 4711" in first
    assert _count(store) == 0


def test_the_observer_ticks_steps_and_the_team_saves_the_debrief(signed_in, store):
    at = _open(signed_in("claudia"), 1234)
    assert not at.exception
    assert "08:00" in [m.value for m in at.metric]
    at.checkbox(key="check_1234_acknowledge").check()
    at.checkbox(key="check_1234_agree").check()
    at.run()
    assert "2 von 6 Schritten gesehen" in texts(at)
    assert _count(store) == 0
    assert not at.text_area  # the debrief is drawn when opened
    at.session_state["roleplay_debrief_open"] = True
    at.run()
    at.text_area(key="debrief_try_next").input("Früher nach dem Bedarf fragen")
    at.button(key="save_debrief").click()
    at.run()
    assert "Die Auswertung ist für das Team gespeichert." in texts(at)
    assert _count(store) == 1


def test_saving_an_empty_debrief_is_refused(signed_in, store):
    at = _open(signed_in("aylin"), 55)
    at.session_state["roleplay_debrief_open"] = True
    at.run()
    at.button(key="save_debrief").click()
    at.run()
    assert "Es gibt noch nichts zu speichern." in texts(at)
    assert _count(store) == 0


def test_drawing_new_cards_changes_the_draw_number_and_the_timer_starts(signed_in):
    at = _open(signed_in("lena"), 1)
    at.button(key="roleplay_draw").click()
    at.run()
    assert at.number_input(key="roleplay_seed").value != 1
    at.button(key="roleplay_timer_button").click()
    at.run()
    assert not at.exception
    assert at.button(key="roleplay_timer_button").label == "Zeit zurücksetzen"
