from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from coaching import handout, review_history
from coaching import review as rules
from coaching.review import NewReview, ReviewError
from coaching.store import accounts, drafts, write
from coaching.store import reviews as repo
from coaching.store.schema import reviews as reviews_table

COMPLETE = {
    "source": "manual",
    "deal_label": "Brandt Bau · Messestand",
    "deal_value": "12.500",
    "lost_on": "2026-10-30",
    "stage_at_silence": "offer_sent",
    "root_category": "competitor",
    "reasons": ["competitor_better", "price"],
    "main_reason": "price",
    "price_evidence": "customer_said",
    "missed_signals": ["budget_unclear", "not_a_signal"],
    "next_step_agreed": "no",
    "qualification_gaps": ["budget", "timing"],
    "lesson": "Budget früh klären.",
    "hours": "3,5",
    "feeling": 2,
}


def stored(**changes) -> rules.Review:
    values = dict(
        id=7, team_id=1, author_id=3, lead_id=None, deal_id=None, deal_label="Brandt Bau",
        deal_value=Decimal("12500"), root_category="competitor", main_reason="price",
        reasons=["price"], missed_signals=[], stage_at_silence="offer_sent",
        hours_invested=Decimal("3.5"), lesson="Budget früh klären.", answers={}, feeling=1,
        share_mode="private", shared_at=None, lost_on=date(2026, 8, 1),
        created_at=datetime(2026, 11, 1),
    )  # fmt: skip
    return rules.Review(**{**values, **changes})


# --- the model ---


def test_a_complete_review_keeps_main_reason_first_and_drops_unknown_keys():
    new = rules.build_review(COMPLETE)
    assert new.reasons == ["price", "competitor_better"]
    assert new.missed_signals == ["budget_unclear"]
    assert new.deal_value == Decimal("12500") and new.hours_invested == Decimal("3.5")
    assert new.lost_on == date(2026, 10, 30) and new.share_mode == "private"
    assert new.answers["price_evidence"] == "customer_said"
    assert new.answers["qualification_gaps"] == ["budget", "timing"]


def test_price_evidence_is_only_kept_when_price_is_a_reason():
    answers = {**COMPLETE, "reasons": ["competitor_better"], "main_reason": "competitor_better"}
    assert "price_evidence" not in rules.build_review(answers).answers


@pytest.mark.parametrize(
    ("missing", "step", "key"),
    [
        ("deal_label", "deal", "review.error.no_deal"),
        ("root_category", "category", "review.error.no_category"),
        ("main_reason", "reasons", "review.error.no_main_reason"),
    ],
)
def test_a_review_without_a_required_answer_names_the_step(missing, step, key):
    with pytest.raises(ReviewError) as error:
        rules.build_review({**COMPLETE, missing: None})
    assert (error.value.step, error.value.key) == (step, key)


def test_hours_read_german_decimals_and_refuse_words():
    assert rules.parse_hours("3,5") == Decimal("3.5")
    assert rules.parse_hours("") is None
    for bad in ("viel", "-2"):
        with pytest.raises(ReviewError) as error:
            rules.parse_hours(bad)
        assert error.value.step == "lesson" and error.value.values == {"value": bad}


def test_steps_move_back_and_forth_within_bounds():
    assert rules.neighbour_step("deal", -1) == "deal"
    assert rules.neighbour_step("deal", 1) == "timeline"
    assert rules.neighbour_step("finish", 1) == "finish"


def test_every_step_and_feeling_has_words_in_both_languages():
    from coaching.content import catalog

    for lang in ("de", "en"):
        doc = catalog(lang).doc("review")
        assert set(doc.steps) == set(rules.STEPS)
        assert set(doc.answers) == set(rules.TOUCHPOINT_ANSWERS)
        assert set(doc.price_evidence) == set(rules.PRICE_EVIDENCE)
        assert rules.reframing(1, lang) and rules.reframing(5, lang)
    assert rules.reframing(None, "de") is None


def test_missed_signals_offer_only_the_lead_scope_warning_signals():
    signals = rules.taxonomy().signals
    assert "no_next_step" in signals and "later_payments" not in signals


# --- share rules ---


def test_a_review_is_visible_to_its_author_only():
    review = stored(share_mode="named")
    assert rules.is_visible_to(review, 3)
    assert not rules.is_visible_to(review, 4)
    assert not rules.is_visible_to(stored(author_id=None), 3)


def test_a_private_review_shows_nothing_to_the_team():
    assert rules.shared_view(stored(), "Jonas Weber") is None


def test_an_anonymous_share_carries_lesson_and_classification_but_no_author_or_feeling():
    lesson = rules.shared_view(stored(share_mode="anonymous"), "Jonas Weber")
    assert lesson.author_name is None and lesson.lesson == "Budget früh klären."
    assert lesson.period == "Q3 2026" and lesson.hours_invested == Decimal("3.5")
    fields = set(lesson.__dataclass_fields__)
    assert not fields & {"feeling", "author_id", "deal_label", "deal_value", "id", "answers"}


def test_a_named_share_carries_the_name():
    assert rules.shared_view(stored(share_mode="named"), "Jonas Weber").author_name == "Jonas Weber"


def test_sharing_needs_a_lesson_but_withdrawing_always_works():
    empty = stored(lesson="  ")
    with pytest.raises(ReviewError) as error:
        rules.check_share_mode(empty, "anonymous")
    assert error.value.step == "lesson"
    rules.check_share_mode(empty, "private")
    with pytest.raises(ReviewError):
        rules.check_share_mode(stored(), "everyone")


def test_shared_lessons_are_ordered_by_quarter_and_text_not_by_writing_order():
    a = rules.shared_view(stored(id=1, lesson="B", share_mode="named"), "X")
    b = rules.shared_view(stored(id=2, lesson="A", share_mode="named"), "X")
    c = rules.shared_view(
        stored(id=3, lesson="Z", lost_on=date(2026, 11, 1), share_mode="named"), "X"
    )
    assert [x.lesson for x in rules.order_for_team([a, b, c])] == ["Z", "A", "B"]


# --- my reviews over time and export ---


def test_recurring_reasons_count_across_reviews():
    reviews = [stored(reasons=["price", "overwhelm"]), stored(reasons=["price"])]
    assert review_history.recurring_reasons(reviews) == [("price", 2), ("overwhelm", 1)]
    rows = review_history.reasons_by_quarter(reviews + [stored(lost_on=date(2026, 11, 2))])
    assert rows == [
        {"quarter": "Q3 2026", "reason": "price", "count": 2},
        {"quarter": "Q4 2026", "reason": "price", "count": 1},
    ]


def test_the_export_keeps_markup_literal_and_leaves_the_feeling_out():
    review = stored(deal_label="<b>[Klick](http://x.de)</b>", lesson="**fett** <script>", feeling=1)
    outline = review_history.outline(review, "de")
    markdown = handout.to_markdown(outline)
    assert "\\<b\\>\\[Klick\\]\\(`http://x.de`\\)" in markdown  # the address as code
    assert "\\*\\*fett\\*\\*" in markdown
    assert "nagt" not in markdown  # the feeling label of level 1
    pdf = handout.to_pdf(outline)
    assert pdf.startswith(b"%PDF")


# --- repository ---


@pytest.fixture
def team(engine):
    with write(engine) as conn:
        team_id = accounts.create_team(conn, "T")
        people = {
            name: accounts.add_user(
                conn,
                team_id=team_id,
                email=f"{name}@t.de",
                name=name.title(),
                role=role,
                password_hash="x",
            )  # fmt: skip
            for name, role in (("jonas", "member"), ("aylin", "member"), ("chef", "manager"))
        }
    return team_id, people


def new_review(**changes) -> NewReview:
    return replace(rules.build_review(COMPLETE), **changes)


def test_submitting_a_draft_stores_the_review_and_discards_the_draft_together(engine, team):
    team_id, people = team
    with write(engine) as conn:
        drafts.save_draft(conn, people["jonas"], "review", "r-1", COMPLETE)
        review_id = repo.submit_draft(conn, team_id, people["jonas"], "r-1", new_review())
    with write(engine) as conn:
        assert drafts.load_draft(conn, people["jonas"], "review", "r-1") is None
        assert repo.own_review(conn, people["jonas"], review_id).feeling == 2


def test_a_failing_submit_leaves_the_draft_in_place(engine, team):
    team_id, people = team
    with write(engine) as conn:
        drafts.save_draft(conn, people["jonas"], "review", "r-1", COMPLETE)
    with pytest.raises(Exception), write(engine) as conn:  # noqa: B017, PT011
        repo.submit_draft(conn, team_id, people["jonas"], "r-1", new_review(root_category=None))
    with write(engine) as conn:
        assert drafts.load_draft(conn, people["jonas"], "review", "r-1") is not None
        assert repo.own_reviews(conn, people["jonas"]) == []


def test_only_the_author_can_read_share_or_delete_a_review(engine, team):
    team_id, people = team
    with write(engine) as conn:
        review_id = repo.add_review(conn, team_id, people["jonas"], new_review())
        for other in ("aylin", "chef"):
            assert repo.own_review(conn, people[other], review_id) is None
            assert repo.own_reviews(conn, people[other]) == []
            assert not repo.set_share_mode(conn, people[other], review_id, "named")
            assert not repo.delete_own_review(conn, people[other], review_id)
        assert shared_lessons(conn, team_id) == []


def test_shared_lessons_follow_share_withdraw_and_delete(engine, team):
    team_id, people = team
    with write(engine) as conn:
        review_id = repo.add_review(conn, team_id, people["jonas"], new_review())
        repo.set_share_mode(conn, people["jonas"], review_id, "anonymous")
        [lesson] = shared_lessons(conn, team_id)
        assert lesson.author_name is None and lesson.lesson == "Budget früh klären."
        repo.set_share_mode(conn, people["jonas"], review_id, "named")
        assert shared_lessons(conn, team_id)[0].author_name == "Jonas"
        shared_at = conn.scalar(select(reviews_table.c.shared_at))
        assert shared_at is not None
        repo.set_share_mode(conn, people["jonas"], review_id, "private")
        assert shared_lessons(conn, team_id) == []
        assert conn.scalar(select(reviews_table.c.shared_at)) is None
        repo.set_share_mode(conn, people["jonas"], review_id, "anonymous")
        assert repo.delete_own_review(conn, people["jonas"], review_id)
        assert shared_lessons(conn, team_id) == []


def test_shared_lessons_stay_within_the_team(engine, team):
    team_id, people = team
    with write(engine) as conn:
        repo.add_review(conn, team_id, people["jonas"], new_review(share_mode="named"))
        other_team = accounts.create_team(conn, "Andere")
        assert shared_lessons(conn, other_team) == []
        assert len(shared_lessons(conn, team_id)) == 1


def shared_lessons(conn, team_id: int):
    """What the team sees of its shared reviews, read inside the test's own transaction."""
    return rules.lessons_from(repo.shared_reviews(conn, team_id))
