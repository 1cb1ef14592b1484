"""Qualification: how well a lead is known, scored 0-100, and how likely it is to go silent.

Checklists, weights and wording come from data/content/<lang>/checklists/*.yaml; this module only
applies the rules: yes counts fully, partly half, no and unknown not at all (unknown counts against
the lead, it is not neutral), and an unanswered question counts as unknown.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine

from coaching.content import catalog
from coaching.content.checklists import ANSWERS, ChecklistFile, LeadCheckFile, RiskRules
from coaching.memo import per_data_version
from coaching.store import leads as lead_repo
from coaching.store import qualification as repo
from coaching.store import read, write
from coaching.store.accounts import User
from coaching.store.qualification import Answer

ANSWER_VALUE = {"yes": 1.0, "partly": 0.5, "no": 0.0, "unknown": 0.0}
DEFAULT_CHECKLIST = "default"
FIRM_GAPS = ("no", "unknown")


@dataclass(frozen=True)
class Gap:
    key: str
    label: str
    answer: str
    weight: int
    critical: bool
    signal: str | None
    question: str  # what to ask the customer next, in the person's form of address


@dataclass(frozen=True)
class Assessment:
    checklist: str
    score: int
    risk: str  # low · medium · high
    reasons: list[str]  # the risk explained in words, most serious first
    gaps: list[Gap]  # every answer short of yes, most serious first
    answered: int  # questions with a known answer (yes, partly or no)
    total: int


def checklists(lang: str) -> dict[str, ChecklistFile]:
    """The checklists on offer, in their content order (default first)."""
    docs = catalog(lang).docs("checklists")
    return dict(sorted(docs.items(), key=lambda pair: (pair[1].order, pair[0])))


def rules(lang: str) -> LeadCheckFile:
    return catalog(lang).doc("lead_check")


def score(checklist: ChecklistFile, answers: dict[str, str]) -> int:
    """0-100: the weights of the answers, yes fully, partly half, no and unknown nothing."""
    total = sum(
        item.weight * ANSWER_VALUE[answers.get(key, "unknown")]
        for key, item in checklist.items.items()
    )
    return round(total)


def assess(
    checklist_key: str,
    checklist: ChecklistFile,
    answers: dict[str, str],
    risk_rules: RiskRules,
    address: str = "sie",
) -> Assessment:
    """Score, risk level and the reasons for it; unanswered questions count as unknown."""
    gaps = _gaps(checklist, answers, address)
    firm = [gap for gap in gaps if gap.answer in FIRM_GAPS]
    critical = [gap for gap in firm if gap.critical]
    unknown = sum(1 for key in checklist.items if answers.get(key, "unknown") == "unknown")
    points = score(checklist, answers)
    reasons = [gap.label for gap in firm]
    if unknown >= risk_rules.many_unknown:
        reasons.insert(0, risk_rules.many_unknown_reason)
    if points < risk_rules.high_below or len(critical) >= risk_rules.high_critical_gaps:
        risk = "high"
    elif points < risk_rules.medium_below or critical or unknown >= risk_rules.many_unknown:
        risk = "medium"
    else:
        risk = "low"
    known = len(checklist.items) - unknown
    return Assessment(checklist_key, points, risk, reasons, gaps, known, len(checklist.items))


def too_optimistic(answers: dict[str, str], truth: dict[str, str]) -> list[str]:
    """Items the group rated better than the facts support (the workshop's eye-opener)."""
    return [
        key
        for key, answer in answers.items()
        if ANSWER_VALUE[answer] > ANSWER_VALUE[truth.get(key, "unknown")]
    ]


def current_answers(
    history: list[Answer], checklist: str | None = None
) -> tuple[str, dict[str, tuple[str, str | None]]]:
    """The checklist last worked on (or the given one) and its latest (answer, note) per item."""
    chosen = checklist or (history[-1].checklist if history else DEFAULT_CHECKLIST)
    latest = {a.item: (a.answer, a.note) for a in history if a.checklist == chosen}
    return chosen, latest


def changed_answers(
    current: dict[str, tuple[str, str | None]], submitted: dict[str, tuple[str, str | None]]
) -> dict[str, tuple[str, str | None]]:
    """Only what differs from what is stored: history stays a record of real changes."""
    changed = {}
    for item, (answer, note) in submitted.items():
        if answer not in ANSWERS:
            raise ValueError(f"unknown answer {answer!r} for {item}")
        note = (note or "").strip() or None
        old = current.get(item)
        if old is None and answer == "unknown" and note is None:
            continue  # leaving a question untouched is not an answer
        if old != (answer, note):
            changed[item] = (answer, note)
    return changed


def save_answers(
    engine: Engine,
    user: User,
    lead_id: int,
    checklist: str,
    submitted: dict[str, tuple[str, str | None]],
) -> int:
    """Store the changed answers with author and time, and note the change in the lead's log."""
    with write(engine) as conn:
        if lead_repo.get_lead(conn, user.team_id, lead_id) is None:
            raise LookupError(lead_id)
        _, current = current_answers(repo.answer_history(conn, user.team_id, lead_id), checklist)
        changed = changed_answers(current, submitted)
        if not changed:
            return 0
        repo.record_answers(conn, user.team_id, lead_id, checklist, changed, author_id=user.id)
        payload = {
            "checklist": checklist,
            "changed": {
                k: [current.get(k, ("unknown", None))[0], v[0]] for k, v in changed.items()
            },
        }
        lead_repo.add_event(
            conn, user.team_id, lead_id, "answers_changed", author_id=user.id, payload=payload
        )
    return len(changed)


def qualification_gaps(
    engine_or_conn: Engine | Connection,
    team_id: int,
    lead_id: int,
    at: datetime | None = None,
    *,
    include_partly: bool = False,
) -> list[str]:
    """The checklist item keys answered no or unknown (or never) at a moment; [] if never checked.

    For the retrospective: what the lead's checklist showed at the time (naive UTC `at`).
    """
    checklist_key, answers = _answers_at(engine_or_conn, team_id, lead_id, at)
    if checklist_key is None:
        return []
    checklist = checklists("de").get(checklist_key)
    if checklist is None:
        return []
    weak = FIRM_GAPS + (("partly",) if include_partly else ())
    return [key for key in checklist.items if answers.get(key, "unknown") in weak]


def gap_signals(
    engine_or_conn: Engine | Connection, team_id: int, lead_id: int, at: datetime | None = None
) -> list[str]:
    """The lead warning signals (signals.yaml keys) the checklist showed at a moment."""
    checklist_key, _ = _answers_at(engine_or_conn, team_id, lead_id, at)
    gaps = qualification_gaps(engine_or_conn, team_id, lead_id, at)
    return signals_for(checklist_key, gaps) if checklist_key else []


def signals_for(checklist_key: str, gap_keys: list[str]) -> list[str]:
    """Map checklist gaps to the shared warning signals, each once, in checklist order."""
    checklist = checklists("de")[checklist_key]
    found = [checklist.items[k].signal for k in gap_keys if k in checklist.items]
    return list(dict.fromkeys(s for s in found if s))


@per_data_version
def team_assessments(
    engine: Engine, team_id: int, lang: str, address: str = "sie"
) -> dict[int, Assessment]:
    """Each checked lead's current assessment, for lists; leads never checked are left out.
    Kept per data version: the open overview asked for it on every rerun of Lead-Check."""
    with read(engine) as conn:
        answers = repo.team_answers(conn, team_id)
    by_lead: dict[int, list[Answer]] = {}
    for answer in answers:
        by_lead.setdefault(answer.lead_id, []).append(answer)
    lists, risk_rules = checklists(lang), rules(lang).risk
    result = {}
    for lead_id, history in by_lead.items():
        key, latest = current_answers(history)
        if key in lists:
            answers = {item: pair[0] for item, pair in latest.items()}
            result[lead_id] = assess(key, lists[key], answers, risk_rules, address)
    return result


def answer_history(engine: Engine, team_id: int, lead_id: int) -> list[Answer]:
    """Every answer ever given for the lead, oldest first, with author and time."""
    with read(engine) as conn:
        return repo.answer_history(conn, team_id, lead_id)


def _gaps(checklist: ChecklistFile, answers: dict[str, str], address: str) -> list[Gap]:
    gaps = [
        Gap(
            key=key,
            label=item.gap,
            answer=answers.get(key, "unknown"),
            weight=item.weight,
            critical=item.critical,
            signal=item.signal,
            question=item.ask.for_address(address),
        )
        for key, item in checklist.items.items()
        if answers.get(key, "unknown") != "yes"
    ]
    return sorted(gaps, key=lambda g: (g.answer == "partly", not g.critical, -g.weight))


def _answers_at(
    engine_or_conn: Engine | Connection, team_id: int, lead_id: int, at: datetime | None
) -> tuple[str | None, dict[str, str]]:
    if isinstance(engine_or_conn, Engine):
        with read(engine_or_conn) as conn:
            history = repo.answer_history(conn, team_id, lead_id, until=at)
    else:
        history = repo.answer_history(engine_or_conn, team_id, lead_id, until=at)
    if not history:
        return None, {}
    key, latest = current_answers(history)
    return key, {item: pair[0] for item, pair in latest.items()}
