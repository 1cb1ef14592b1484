from datetime import datetime

from coaching import review as rules
from coaching.store import drafts as draft_store
from coaching.store import leads as lead_store
from coaching.store import read, write
from coaching.store import reviews as repo
from coaching.store.accounts import user_by_email
from tests.app.conftest import texts

PAGE = "pages/retrospective.py"


def open_page(signed_in, person="jonas", review_id=None):
    at = signed_in(person)
    at.switch_page(PAGE)
    if review_id is not None:
        at.query_params["review"] = str(review_id)
    return at.run()


def new_review(signed_in, person="jonas"):
    """The page with a fresh review (Jonas has a demo draft that would come back otherwise)."""
    return go(open_page(signed_in, person), "rv_new")


def go(at, key):
    at.button(key=key).click()
    return at.run()


def fill_until_finish(at, *, lesson="Nächstes Mal den Entscheidungstermin gleich festhalten."):
    at.text_input(key="rv_deal_label").input("Brandt Bau · Messestand <b>Hannover</b>").run()
    at.text_input(key="rv_deal_value").input("12.500").run()
    go(at, "rv_next")  # timeline
    at.text_area(key="rv_timeline").input("Angebot am 3.9., dann Stille").run()
    go(at, "rv_next")  # category
    at.radio(key="rv_root_category").set_value("unknown").run()
    go(at, "rv_next")  # reasons
    at.multiselect(key="rv_reasons").set_value(["no_decision", "price"]).run()
    at.selectbox(key="rv_main_reason").set_value("no_decision").run()
    at.radio(key="rv_price_evidence").set_value("my_guess").run()
    go(at, "rv_next")  # signals
    at.checkbox(key="rv_missed_signals__no_decision_date").check().run()
    go(at, "rv_next")  # touchpoints
    at.radio(key="rv_next_step_agreed").set_value("no").run()
    at.checkbox(key="rv_qualification_gaps__timing").check().run()
    go(at, "rv_next")  # control
    go(at, "rv_next")  # lesson
    at.text_area(key="rv_lesson").input(lesson).run()
    at.text_input(key="rv_hours").input("3,5").run()
    go(at, "rv_next")  # checkin
    at.radio(key="rv_feeling").set_value(2).run()
    go(at, "rv_next")  # finish
    return at


def user_id(store, person):
    with read(store) as conn:
        return user_by_email(conn, f"{person}@demo.funkstille.de").id


def test_completing_a_review_stores_it_privately_and_ends_the_draft(signed_in, store):
    at = fill_until_finish(new_review(signed_in))
    assert "Schritt 10 von 10" in texts(at)
    go(at, "rv_submit")
    assert not at.exception, at.exception
    assert "Danke für Ihren ehrlichen Rückblick" in texts(at)
    jonas = user_id(store, "jonas")
    with read(store) as conn:
        review = repo.own_reviews(conn, jonas)[0]
        left = draft_store.list_drafts(conn, jonas, "review")
    assert review.share_mode == "private" and review.feeling == 2
    assert float(review.hours_invested) == 3.5 and float(review.deal_value) == 12500
    assert review.main_reason == "no_decision" and review.reasons == ["no_decision", "price"]
    assert review.answers["price_evidence"] == "my_guess"
    assert review.missed_signals == ["no_decision_date"]
    assert review.answers["qualification_gaps"] == ["timing"]
    assert left == ["r-demo-jonas"]  # the demo's other draft; the submitted one is gone
    assert at.text_input(key="rv_deal_label").value == ""  # a fresh review is ready
    at.text_input(key="rv_deal_label").input("Nächster Deal").run()
    assert at.session_state["rv_answers"]["deal_label"] == "Nächster Deal"


def test_the_reframing_fits_the_feeling_and_stays_private(signed_in):
    at = new_review(signed_in)
    for _ in range(8):
        go(at, "rv_next")
    at.radio(key="rv_feeling").set_value(1).run()
    assert "selten persönlich gemeint" in texts(at)
    at.radio(key="rv_feeling").set_value(5).run()
    assert "Monate später" in texts(at)


def test_submitting_without_category_names_the_missing_step(signed_in):
    at = new_review(signed_in)
    at.text_input(key="rv_deal_label").input("Kunde X").run()
    for _ in range(9):
        go(at, "rv_next")
    go(at, "rv_submit")
    assert "Im Schritt „Grundkategorie“ fehlt noch etwas" in texts(at)
    go(at, "rv_go_to_missing")
    assert "Schritt 3 von 10: Grundkategorie" in texts(at)


def test_submitting_without_main_reason_names_the_reasons_step(signed_in):
    at = new_review(signed_in)
    at.text_input(key="rv_deal_label").input("Kunde X").run()
    go(at, "rv_next")
    go(at, "rv_next")
    at.radio(key="rv_root_category").set_value("competitor").run()
    for _ in range(7):
        go(at, "rv_next")
    go(at, "rv_submit")
    assert "Im Schritt „Gründe“ fehlt noch etwas" in texts(at)


def test_hours_in_words_are_refused_with_a_message(signed_in):
    at = new_review(signed_in)
    for _ in range(7):
        go(at, "rv_next")
    at.text_input(key="rv_hours").input("viel").run()
    assert "„viel“ ist keine Stundenzahl" in texts(at)


def test_a_draft_comes_back_in_a_new_session(signed_in):
    at = new_review(signed_in)
    at.text_input(key="rv_deal_label").input("Firma Kessler · Roll-up-Displays").run()
    go(at, "rv_next")
    go(at, "rv_next")
    at.radio(key="rv_root_category").set_value("our_side").run()
    again = open_page(signed_in)  # a new browser session: sign in again
    assert "Schritt 3 von 10: Grundkategorie" in texts(again)
    assert again.radio(key="rv_root_category").value == "our_side"
    go(again, "rv_back")
    go(again, "rv_back")
    assert again.text_input(key="rv_deal_label").value == "Firma Kessler · Roll-up-Displays"


def test_picking_a_lead_fills_the_deal_and_the_timeline_from_its_log(signed_in, store, demo):
    jonas = user_id(store, "jonas")
    with write(store) as conn:
        lead_id = lead_store.add_lead(
            conn, demo.team_id, owner_id=jonas, company="Autohaus Merk", topic="Showroom",
            stage="offer_sent", status="ghosted", value_eur=8400, closed_at=datetime(2026, 11, 2),
        )  # fmt: skip
        lead_store.add_event(
            conn, demo.team_id, lead_id, "offer_sent", author_id=jonas,
            note="Angebot per Mail", at=datetime(2026, 10, 1, 9),
        )  # fmt: skip
    at = new_review(signed_in)
    at.radio(key="rv_source").set_value("lead").run()
    at.selectbox(key="rv_lead_id").set_value(lead_id).run()
    assert at.text_input(key="rv_deal_label").value == "Autohaus Merk · Showroom"
    assert at.selectbox(key="rv_stage_at_silence").value == "offer_sent"
    go(at, "rv_next")
    assert (
        "01.10.2026 · Angebot versendet: Angebot per Mail" in at.text_area(key="rv_timeline").value
    )


def test_sharing_anonymously_shows_the_lesson_to_the_team_without_a_name(signed_in, store, demo):
    at = fill_until_finish(new_review(signed_in), lesson="Entscheider früh fragen.")
    go(at, "rv_submit")
    go(at, "rv_open_submitted")
    assert "Brandt Bau" in texts(at)
    at.radio(key=next(r.key for r in at.radio if r.key.startswith("rv_share_"))).set_value(
        "anonymous"
    ).run()
    at.button(key=next(b.key for b in at.button if b.key.startswith("rv_share_apply_"))).click()
    at.run()
    assert "anonym mit dem Team geteilt" in texts(at)
    with read(store) as conn:
        lessons = shared_lessons(conn, demo.team_id)
    mine = [lesson for lesson in lessons if lesson.lesson == "Entscheider früh fragen."]
    assert len(mine) == 1 and mine[0].author_name is None
    assert not hasattr(mine[0], "feeling")


def test_others_and_the_manager_cannot_see_a_private_review_by_any_route(signed_in, store):
    at = fill_until_finish(new_review(signed_in), lesson="Geheime Lehre von Jonas")
    go(at, "rv_submit")
    jonas = user_id(store, "jonas")
    with read(store) as conn:
        review = repo.own_reviews(conn, jonas)[0]
    assert review.share_mode == "private"
    for person in ("aylin", "claudia"):
        by_link = open_page(signed_in, person, review_id=review.id)
        shown = texts(by_link)
        assert "gehört nicht Ihnen" in shown
        assert "Brandt Bau" not in shown and "Geheime Lehre" not in shown
        assert not by_link.get("download_button")
        mine = open_page(signed_in, person)
        mine.segmented_control(key="rv_view").set_value("mine").run()
        assert "Brandt Bau" not in texts(mine) and "Geheime Lehre" not in texts(mine)
        with read(store) as conn:
            other = user_id(store, person)
            assert repo.own_review(conn, other, review.id) is None
            assert all(r.author_id == other for r in repo.own_reviews(conn, other))
            assert not repo.set_share_mode(conn, other, review.id, "named")
    own = open_page(signed_in, "jonas", review_id=review.id)
    assert "Geheime Lehre von Jonas" in texts(own)
    assert len(own.get("download_button")) == 2


def test_my_reviews_lists_own_reviews_and_recurring_reasons(signed_in):
    at = open_page(signed_in)
    at.segmented_control(key="rv_view").set_value("mine").run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Was sich wiederholt" in shown


def test_the_demo_draft_comes_back_where_jonas_left_it(signed_in):
    at = open_page(signed_in)
    assert "Schritt 4 von 10: Gründe" in texts(at)
    assert "Optik Sauer" in texts(at)


def test_the_start_page_reminds_only_the_author_of_an_unfinished_review(signed_in):
    assert "Angefangene Rückblicke fortsetzen: 1" in str(
        [link.label for link in signed_in("jonas").get("page_link")]
    )
    assert "Angefangene Rückblicke" not in str(
        [link.label for link in signed_in("aylin").get("page_link")]
    )


def test_markup_in_a_deal_name_is_shown_literally(signed_in, store):
    at = fill_until_finish(new_review(signed_in))
    go(at, "rv_submit")
    go(at, "rv_open_submitted")
    assert "\\<b\\>Hannover\\</b\\>" in at.subheader[0].value


def test_picking_a_lost_crm_deal_fills_label_value_and_date(signed_in, store, demo):
    from datetime import date

    from sqlalchemy import insert

    from coaching.store import utcnow
    from coaching.store.schema import deals

    with write(store) as conn:
        deal_id = conn.execute(
            insert(deals).values(
                team_id=demo.team_id,
                source="hubspot",
                record_id="42",
                name="Messestand IAA",
                organisation="Fahrzeugbau Ost",
                status="lost",
                amount=23000,
                close_date=date(2026, 9, 30),
                imported_at=utcnow(),
                row_hash="x",
            )  # fmt: skip
        ).inserted_primary_key[0]
    at = new_review(signed_in)
    at.radio(key="rv_source").set_value("deal").run()
    at.selectbox(key="rv_deal_id").set_value(deal_id).run()
    assert at.text_input(key="rv_deal_label").value == "Fahrzeugbau Ost · Messestand IAA"
    assert at.date_input(key="rv_lost_on").value == date(2026, 9, 30)
    assert at.session_state["rv_answers"]["deal_value"] == "23000.00"


def test_the_author_can_withdraw_and_delete_a_shared_review(signed_in, store, demo):
    jonas = user_id(store, "jonas")
    with read(store) as conn:
        shared = next(r for r in repo.own_reviews(conn, jonas) if r.share_mode == "named")
    at = open_page(signed_in, review_id=shared.id)
    at.radio(key=f"rv_share_{shared.id}").set_value("private").run()
    go(at, f"rv_share_apply_{shared.id}")
    assert "wieder privat" in texts(at)
    with read(store) as conn:
        assert shared.lesson not in [s.lesson for s in shared_lessons(conn, demo.team_id)]
    at.toggle(key=f"rv_delete_{shared.id}").set_value(True).run()
    go(at, "rv_delete_confirm")
    assert not at.exception
    with read(store) as conn:
        assert repo.own_review(conn, jonas, shared.id) is None


def test_the_review_speaks_english_for_english_speakers(signed_in, store):
    from coaching import accounts

    accounts.update_preferences(store, user_id(store, "markus"), language="en", address="sie")
    at = open_page(signed_in, "markus")
    for _ in range(9):
        assert not at.exception, at.exception
        go(at, "rv_next")
    assert "Step 10 of 10: Finish" in texts(at)
    at.segmented_control(key="rv_view").set_value("mine").run()
    assert "What keeps coming back" in texts(at) and not at.exception


def test_an_unfinished_review_can_be_resumed_or_discarded(signed_in, store):
    at = new_review(signed_in)
    at.segmented_control(key="rv_view").set_value("mine").run()
    go(at, "rv_resume_r-demo-jonas")
    assert "Optik Sauer" in texts(at) and "Schritt 4 von 10" in texts(at)
    at.segmented_control(key="rv_view").set_value("mine").run()
    go(at, "rv_discard_r-demo-jonas")
    with read(store) as conn:
        assert draft_store.list_drafts(conn, user_id(store, "jonas"), "review") == []
    assert "Optik Sauer" not in texts(at)


def shared_lessons(conn, team_id: int):
    """What the team sees of its shared reviews, read inside the test's own transaction."""
    return rules.lessons_from(repo.shared_reviews(conn, team_id))
