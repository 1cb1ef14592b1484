import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coaching import qualification
from coaching.content import ContentError, catalog, load_catalog
from coaching.content.checklists import ANSWERS
from coaching.leads import LeadForm, create_lead
from coaching.qualification import (
    assess,
    changed_answers,
    checklists,
    current_answers,
    gap_signals,
    qualification_gaps,
    save_answers,
    score,
    signals_for,
    too_optimistic,
)
from coaching.store import accounts as repo
from coaching.store import read, utcnow, write
from coaching.store.leads import events_for_lead
from coaching.store.qualification import answer_history, record_answers

DEFAULT = checklists("de")["default"]
RULES = qualification.rules("de").risk
ALL_YES = {key: "yes" for key in DEFAULT.items}


def _with(**answers: str) -> dict[str, str]:
    return {**ALL_YES, **answers}


# --- content -------------------------------------------------------------------------------


def test_default_bant_and_meddic_are_offered_in_both_languages_default_first():
    for lang in ("de", "en"):
        assert list(checklists(lang))[:3] == ["default", "bant", "meddic"]


def test_the_default_checklist_covers_the_eight_qualifying_questions():
    assert set(DEFAULT.items) == {
        "decision_date",
        "obstacles",
        "other_deciders",
        "budget",
        "need",
        "next_step",
        "champion",
        "alternatives",
    }


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_checklist_weighs_exactly_100_and_points_to_lead_signals(lang):
    signals = catalog(lang).doc("signals").signals
    for name, checklist in checklists(lang).items():
        assert sum(item.weight for item in checklist.items.values()) == 100, name
        for key, item in checklist.items.items():
            if item.signal:
                assert signals[item.signal].scope == "lead", f"{name}.{key}"


def test_the_exercise_truth_answers_every_question_of_its_checklist():
    for lang in ("de", "en"):
        example = qualification.rules(lang).example
        assert set(example.truth) == set(checklists(lang)[example.checklist].items)


def _content_copy(tmp_path: Path) -> Path:
    from coaching import settings

    target = tmp_path / "content"
    shutil.copytree(settings.content_dir(), target)
    return target


def test_a_checklist_whose_weights_do_not_add_up_is_refused_naming_file_and_sum(tmp_path):
    content = _content_copy(tmp_path)
    path = content / "de" / "checklists" / "bant.yaml"
    path.write_text(path.read_text().replace("weight: 25", "weight: 20", 1), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_catalog(content, "de")
    message = str(error.value)
    assert "bant.yaml" in message and "items" in message and "95" in message


def test_a_checklist_item_without_its_sie_question_names_the_field(tmp_path):
    content = _content_copy(tmp_path)
    path = content / "en" / "checklists" / "meddic.yaml"
    text = path.read_text()
    start = text.index("      sie:")
    end = text.index("\n", start) + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match=r"items\.metrics\.ask\.sie"):
        load_catalog(content, "en")


def test_an_exercise_with_an_invented_answer_state_is_refused(tmp_path):
    content = _content_copy(tmp_path)
    path = content / "de" / "lead_check.yaml"
    path.write_text(path.read_text().replace('champion: "yes"', 'champion: "maybe"'))
    with pytest.raises(ContentError, match="truth"):
        load_catalog(content, "de")


# --- scoring -------------------------------------------------------------------------------


def test_all_yes_scores_100_and_nothing_answered_scores_0():
    assert score(DEFAULT, ALL_YES) == 100
    assert score(DEFAULT, {}) == 0


@pytest.mark.parametrize(
    ("answer", "points"), [("yes", 100), ("partly", 92), ("no", 84), ("unknown", 84)]
)
def test_each_answer_state_counts_its_share_of_the_weight(answer, points):
    # decision_date weighs 16: yes full, partly half, no and unknown nothing
    assert score(DEFAULT, _with(decision_date=answer)) == points


def test_an_unanswered_question_counts_like_unknown():
    missing = dict(ALL_YES)
    del missing["budget"]
    assert score(DEFAULT, missing) == score(DEFAULT, _with(budget="unknown"))


def test_all_answer_states_are_the_four_of_the_issue():
    assert ANSWERS == ("yes", "partly", "no", "unknown")


# --- risk -------------------------------------------------------------------------------


def test_a_fully_known_lead_has_low_risk_and_no_reasons():
    result = assess("default", DEFAULT, ALL_YES, RULES)
    assert (result.score, result.risk, result.reasons, result.gaps) == (100, "low", [], [])


def test_one_critical_gap_makes_the_risk_at_least_medium_and_names_it():
    result = assess("default", DEFAULT, _with(decision_date="unknown"), RULES)
    assert result.risk == "medium"
    assert result.reasons == ["Entscheidungstermin unbekannt"]


def test_two_critical_gaps_make_the_risk_high_whatever_the_score():
    answers = _with(decision_date="no", other_deciders="unknown")
    result = assess("default", DEFAULT, answers, RULES)
    assert result.score == 68 and result.risk == "high"
    assert result.reasons == ["Entscheidungstermin unbekannt", "Entscheider nicht benannt"]


def test_a_low_score_alone_makes_the_risk_high():
    answers = {key: "partly" for key in DEFAULT.items}
    result = assess("default", DEFAULT, answers, RULES)
    assert result.score == 50 and result.risk == "medium"
    answers["champion"] = "no"
    assert assess("default", DEFAULT, answers, RULES).risk == "high"


def test_a_non_critical_gap_with_a_good_score_stays_low():
    result = assess("default", DEFAULT, _with(champion="no"), RULES)
    assert result.risk == "low" and result.reasons == ["Kein Fürsprecher beim Kunden"]


def test_many_unknowns_count_against_the_lead_and_say_so():
    answers = _with(champion="unknown", alternatives="unknown", obstacles="unknown")
    result = assess("default", DEFAULT, answers, RULES)
    assert result.score == 74
    assert result.risk == "medium"
    assert result.reasons[0] == "Zu vieles ist unbekannt"


def test_partly_is_a_gap_with_a_question_but_not_a_risk_reason():
    result = assess("default", DEFAULT, _with(budget="partly"), RULES)
    assert result.reasons == []
    assert [(g.key, g.answer) for g in result.gaps] == [("budget", "partly")]


def test_gaps_put_critical_firm_gaps_first_and_partly_last():
    answers = _with(champion="no", budget="partly", next_step="unknown")
    keys = [g.key for g in assess("default", DEFAULT, answers, RULES).gaps]
    assert keys == ["next_step", "champion", "budget"]


def test_the_next_question_follows_the_form_of_address():
    answers = _with(budget="no")
    sie = assess("default", DEFAULT, answers, RULES, "sie").gaps[0].question
    du = assess("default", DEFAULT, answers, RULES, "du").gaps[0].question
    assert "planen Sie" in sie and "plant ihr" in du


def test_english_reasons_come_from_the_english_checklist():
    english = checklists("en")["default"]
    result = assess("default", english, _with(other_deciders="no"), qualification.rules("en").risk)
    assert result.reasons == ["Decision maker not named"]


def test_the_workshop_example_is_a_high_risk_lead():
    example = qualification.rules("de").example
    result = assess(example.checklist, DEFAULT, example.truth, RULES)
    assert result.risk == "high"


def test_a_group_that_says_yes_where_the_facts_say_unknown_is_too_optimistic():
    truth = {"budget": "unknown", "need": "partly", "champion": "yes"}
    group = {"budget": "yes", "need": "partly", "champion": "no"}
    assert too_optimistic(group, truth) == ["budget"]


def test_gaps_map_to_the_shared_lead_signals():
    assert signals_for("default", ["decision_date", "champion", "next_step"]) == [
        "no_decision_date",
        "no_next_step",
    ]
    assert signals_for("bant", ["authority", "timing"]) == [
        "decision_maker_unknown",
        "no_decision_date",
    ]


# --- history -------------------------------------------------------------------------------


def test_only_real_changes_are_kept_and_untouched_unknowns_are_not_answers():
    current = {"budget": ("partly", None)}
    submitted = {"budget": ("partly", ""), "need": ("unknown", ""), "champion": ("no", " x ")}
    assert changed_answers(current, submitted) == {"champion": ("no", "x")}


def test_an_invented_answer_is_refused():
    with pytest.raises(ValueError, match="maybe"):
        changed_answers({}, {"budget": ("maybe", None)})


def _team(engine):
    with write(engine) as conn:
        team = repo.create_team(conn, "T")
        uid = repo.add_user(
            conn, team_id=team, email="a@t.de", name="Anna", role="member", password_hash="x"
        )
        other = repo.create_team(conn, "Other")
        stranger = repo.add_user(
            conn, team_id=other, email="s@o.de", name="Sven", role="member", password_hash="x"
        )
    with read(engine) as conn:
        return repo.user_by_id(conn, uid), repo.user_by_id(conn, stranger)


def test_each_change_of_answers_is_kept_with_date_and_author(engine):
    anna, _ = _team(engine)
    lead = create_lead(engine, anna, LeadForm(company="Kühn KG", owner_id=anna.id))
    assert save_answers(engine, anna, lead, "default", {"budget": ("unknown", "fragen")}) == 1
    assert save_answers(engine, anna, lead, "default", {"budget": ("unknown", "fragen")}) == 0
    assert save_answers(engine, anna, lead, "default", {"budget": ("yes", "40 T€ frei")}) == 1
    with read(engine) as conn:
        history = answer_history(conn, anna.team_id, lead)
        kinds = [e.kind for e in events_for_lead(conn, anna.team_id, lead)]
    assert [(a.answer, a.note, a.author_name) for a in history] == [
        ("unknown", "fragen", "Anna"),
        ("yes", "40 T€ frei", "Anna"),
    ]
    assert all(isinstance(a.at, datetime) for a in history)
    assert kinds == ["created", "answers_changed", "answers_changed"]
    assert current_answers(history) == ("default", {"budget": ("yes", "40 T€ frei")})


def test_another_team_cannot_answer_for_a_lead(engine):
    anna, sven = _team(engine)
    lead = create_lead(engine, anna, LeadForm(company="Kühn KG", owner_id=anna.id))
    with pytest.raises(LookupError):
        save_answers(engine, sven, lead, "default", {"budget": ("yes", None)})
    assert qualification_gaps(engine, sven.team_id, lead) == []


def test_gaps_at_a_moment_show_what_was_known_then(engine):
    anna, _ = _team(engine)
    lead = create_lead(engine, anna, LeadForm(company="Kühn KG", owner_id=anna.id))
    assert qualification_gaps(engine, anna.team_id, lead) == []  # never checked: no claim
    earlier = utcnow() - timedelta(days=10)
    first = {key: ("yes", None) for key in DEFAULT.items}
    first["decision_date"] = ("unknown", None)
    first["budget"] = ("partly", None)
    with write(engine) as conn:
        record_answers(conn, anna.team_id, lead, "default", first, author_id=anna.id, at=earlier)
    save_answers(engine, anna, lead, "default", {"decision_date": ("yes", "März")})
    moment = earlier + timedelta(days=1)
    assert qualification_gaps(engine, anna.team_id, lead, moment) == ["decision_date"]
    with read(engine) as conn:
        assert qualification_gaps(conn, anna.team_id, lead, moment, include_partly=True) == [
            "decision_date",
            "budget",
        ]
    assert gap_signals(engine, anna.team_id, lead, moment) == ["no_decision_date"]
    assert qualification_gaps(engine, anna.team_id, lead) == []
    assert qualification_gaps(engine, anna.team_id, lead, earlier - timedelta(days=1)) == []


def test_the_team_overview_assesses_each_checked_lead_on_its_last_checklist(engine):
    anna, _ = _team(engine)
    lead = create_lead(engine, anna, LeadForm(company="Kühn KG", owner_id=anna.id))
    create_lead(engine, anna, LeadForm(company="Unchecked AG", owner_id=anna.id))
    save_answers(engine, anna, lead, "default", {"budget": ("yes", None)})
    save_answers(engine, anna, lead, "bant", {k: ("yes", None) for k in ("budget", "need")})
    overview = qualification.team_assessments(engine, anna.team_id, "de")
    assert list(overview) == [lead]
    assert overview[lead].checklist == "bant" and overview[lead].score == 50


def test_only_known_answers_count_as_settled():
    result = assess("default", DEFAULT, {"budget": "no", "need": "unknown"}, RULES)
    assert (result.answered, result.total) == (1, 8)
