"""Demo leads of a trade-fair stand builder: all stages, some at risk, some closed, with history."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Connection, update

from coaching.demo.contacts import SALUTATIONS
from coaching.demo.workspace import DemoTeam
from coaching.leads import add_working_days
from coaching.store import leads as repo
from coaching.store import qualification
from coaching.store.schema import leads

ANSWER = {"y": "yes", "p": "partly", "n": "no", "u": "unknown"}
ORDER = {
    "default": (
        "decision_date",
        "obstacles",
        "other_deciders",
        "budget",
        "need",
        "next_step",
        "champion",
        "alternatives",
    ),
    "bant": ("budget", "authority", "need", "timing"),
    "meddic": (
        "metrics",
        "economic_buyer",
        "decision_criteria",
        "decision_process",
        "identify_pain",
        "champion",
    ),
}


@dataclass(frozen=True)
class DemoLead:
    owner: str
    company: str
    contact: str
    topic: str
    value: int
    stage: str
    created_days_ago: int
    status: str = "open"
    offer_days_ago: int | None = None
    next_step: str | None = None
    next_in_days: int | None = None  # None: no agreed next step
    checklist: str = "default"
    answers: list[tuple[int, str]] = field(default_factory=list)  # (days ago, "yupn..." codes)
    handshake_days_ago: int | None = None
    closed: tuple[int, str | None, str | None] | None = None  # days ago, reason, silence began
    notes: str | None = None


LEADS = [
    DemoLead(
        "jonas",
        "Brauhaus Kessler GmbH",
        "Thomas Kessler",
        "Messestand Grüne Woche, 60 m²",
        48_000,
        "offer_sent",
        24,
        offer_days_ago=6,
        answers=[(20, "uuuppuyu"), (9, "unppyuyp")],
        notes="Will „erst mal ein Angebot sehen“.",
    ),
    DemoLead(
        "jonas",
        "Feinmechanik Albrecht KG",
        "Sabine Albrecht",
        "Systemstand für drei Regionalmessen",
        27_500,
        "qualifying",
        12,
        next_step="Zweites Gespräch mit Einkauf",
        next_in_days=3,
        answers=[(8, "ypyyyyyp")],
    ),
    DemoLead(
        "jonas",
        "Solartechnik Nord GmbH",
        "Kai Brodersen",
        "Stand für die Energiemesse, 80 m²",
        62_000,
        "offer_sent",
        70,
        status="ghosted",
        offer_days_ago=45,
        answers=[(60, "uupuyuyu")],
        closed=(15, "priorities_shifted", "after_offer"),
    ),
    DemoLead(
        "aylin",
        "Vitalis Diagnostik AG",
        "Dr. Miriam Sommer",
        "Doppelstockstand 120 m², Fachmesse Labortechnik",
        145_000,
        "handshake",
        40,
        offer_days_ago=25,
        handshake_days_ago=14,
        answers=[(35, "ypuppnyu"), (24, "yppyyyyp")],
        notes="Zusage am Telefon, Auftragsbestätigung „kommt nächste Woche“.",
    ),
    DemoLead(
        "aylin",
        "Holzwerk Brandl",
        "Josef Brandl",
        "Messeauftritt Holz & Handwerk",
        18_000,
        "qualifying",
        9,
        next_step="Budget mit Geschäftsführung klären",
        next_in_days=5,
        checklist="bant",
        answers=[(6, "uypu")],
    ),
    DemoLead(
        "aylin",
        "Kaffeerösterei Morgenrot",
        "Lea Winter",
        "Kompaktstand mit Verkostungstheke",
        14_500,
        "ordered",
        55,
        status="won",
        offer_days_ago=40,
        answers=[(50, "yyyyyyyp")],
        closed=(12, None, None),
    ),
    DemoLead(
        "markus",
        "Autohaus Petersen",
        "Frank Petersen",
        "Ausstellungsfläche Regionalmesse Auto & Mobil",
        33_000,
        "offer_sent",
        18,
        offer_days_ago=2,
        next_step="Rückmeldegespräch zum Angebot",
        next_in_days=1,
        answers=[(15, "yyppyyup")],
    ),
    DemoLead(
        "markus",
        "Logistik Hansen & Söhne",
        "Birte Hansen",
        "Messestand transport logistic, 100 m²",
        96_000,
        "offer_sent",
        30,
        offer_days_ago=8,
        answers=[(26, "ununpnuu")],
    ),
    DemoLead(
        "markus",
        "Stadtwerke Talheim",
        "Ralf Kunze",
        "Infostand Bürgerfest und Energietage",
        21_000,
        "offer_sent",
        80,
        status="lost",
        offer_days_ago=50,
        answers=[(70, "yppnyyuy")],
        closed=(30, "price", "after_offer"),
    ),
    DemoLead(
        "markus",
        "Bäckerei-Kette Sonnenkorn",
        "Anke Vogt",
        "Erster Auftritt auf der Fachmesse Backhandwerk",
        12_000,
        "first_contact",
        3,
        next_step="Erstgespräch vor Ort",
        next_in_days=4,
    ),
    DemoLead(
        "lena",
        "Bergwelt Outdoor GmbH",
        "Niklas Ortner",
        "Modularer Stand für vier Sportmessen",
        118_000,
        "qualifying",
        21,
        next_step="Workshop mit Marketing und Einkauf",
        next_in_days=6,
        checklist="meddic",
        answers=[(18, "uuuupy"), (7, "pyupyy")],
    ),
    DemoLead(
        "lena",
        "Kunststofftechnik Varel",
        "Heiko Janssen",
        "Stand auf der Kunststoffmesse",
        39_000,
        "qualifying",
        60,
        status="ghosted",
        answers=[(55, "uuuunuuu")],
        closed=(25, "weak_intent", "after_first_contact"),
    ),
    DemoLead(
        "lena",
        "Weingut Rebstock",
        "Clara Heinz",
        "Weinprobenstand für die Weinmesse",
        9_800,
        "offer_sent",
        14,
        offer_days_ago=3,
        next_step="Kurzes Telefonat zum Angebot",
        next_in_days=2,
        answers=[(10, "yyyypyyy")],
    ),
    DemoLead(
        "tobias",
        "Robotik Systems Rhein GmbH",
        "Dr. Jan Becker",
        "Hallenstand 200 m² mit Live-Demo-Fläche",
        210_000,
        "qualifying",
        16,
        next_step="Technik-Termin mit Standplanung",
        next_in_days=8,
        answers=[(12, "uuupyuuu")],
    ),
    DemoLead(
        "tobias",
        "Modehaus Lorenz",
        "Petra Lorenz",
        "Pop-up-Stand für die Modemesse",
        24_000,
        "handshake",
        20,
        offer_days_ago=12,
        handshake_days_ago=4,
        next_step="Auftragsbestätigung unterschreiben lassen",
        next_in_days=3,
        answers=[(16, "yyyyypyy")],
    ),
    DemoLead(
        "tobias",
        "Pharma Logistik Süd",
        "Martin Eder",
        "Messestand Kühlkettenlogistik",
        57_000,
        "handshake",
        75,
        status="ghosted",
        offer_days_ago=55,
        handshake_days_ago=45,
        answers=[(65, "ypnpyuyu")],
        closed=(18, "internal_processes", "after_handshake"),
    ),
    DemoLead(
        "claudia",
        "Messe-Verband Ostwestfalen e. V.",
        "Dieter Kampmann",
        "Gemeinschaftsstand für zwölf Aussteller",
        185_000,
        "ordered",
        90,
        offer_days_ago=60,
        next_step="Aufbauplanung mit Hallenmeister",
        next_in_days=10,
        answers=[(85, "yyyyyyyy")],
    ),
    DemoLead(
        "claudia",
        "Elektro Wagner GmbH",
        "Ingrid Wagner",
        "Neuer Systemstand, wiederverwendbar",
        41_000,
        "offer_sent",
        22,
        offer_days_ago=4,
        next_step="Rückmeldegespräch zum Angebot",
        next_in_days=2,
        answers=[(19, "pypyypyu")],
    ),
]


def seed(conn: Connection, demo: DemoTeam) -> None:
    for spec in LEADS:
        _seed_lead(conn, demo, spec)


def _seed_lead(conn: Connection, demo: DemoTeam, spec: DemoLead) -> None:
    owner = demo.people[spec.owner]
    created = _at(demo.today, spec.created_days_ago, 9)
    offer_date = demo.today - timedelta(days=spec.offer_days_ago) if spec.offer_days_ago else None
    next_date = demo.today + timedelta(days=spec.next_in_days) if spec.next_in_days else None
    lead_id = repo.add_lead(
        conn,
        demo.team_id,
        owner_id=owner,
        customer_id=repo.customer_id_for(conn, demo.team_id, spec.company),
        company=spec.company,
        contact_name=spec.contact,
        salutation=SALUTATIONS.get(spec.contact),
        topic=spec.topic,
        value_eur=Decimal(spec.value),
        stage=spec.stage,
        status=spec.status,
        offer_date=offer_date,
        next_step=spec.next_step,
        next_step_date=next_date,
        notes=spec.notes,
    )
    first_stage = "first_contact" if spec.stage != "first_contact" else spec.stage
    payload = {"stage": first_stage, "value_eur": spec.value}
    repo.add_event(
        conn, demo.team_id, lead_id, "created", author_id=owner, payload=payload, at=created
    )
    for days_ago, codes in spec.answers:
        seed_answers(conn, demo, lead_id, owner, spec.checklist, days_ago, codes)
    if offer_date:
        follow_up = add_working_days(offer_date, 2) if spec.next_in_days else None
        payload = {
            "offer_date": offer_date,
            "next_step": spec.next_step,
            "next_step_date": follow_up,
        }
        at = _at(demo.today, spec.offer_days_ago, 16)
        repo.add_event(
            conn, demo.team_id, lead_id, "offer_sent", author_id=owner, payload=payload, at=at
        )
    if spec.handshake_days_ago is not None:
        payload = {"changed": {"stage": ["offer_sent", "handshake"]}}
        at = _at(demo.today, spec.handshake_days_ago, 11)
        repo.add_event(
            conn, demo.team_id, lead_id, "edited", author_id=owner, payload=payload, at=at
        )
    closed_at = None
    if spec.closed:
        days_ago, reason, silence = spec.closed
        closed_at = _at(demo.today, days_ago, 17)
        last = offer_date or (demo.today - timedelta(days=spec.created_days_ago - 2))
        payload = {
            "status": spec.status,
            "reason": reason,
            "silence_began": silence,
            "last_customer_message": last.isoformat() if spec.status != "won" else None,
        }
        repo.add_event(
            conn, demo.team_id, lead_id, "closed", author_id=owner, payload=payload, at=closed_at
        )
    last_change = closed_at or _at(demo.today, min(_days_ago(spec)), 12)
    conn.execute(
        update(leads)
        .where(leads.c.id == lead_id)
        .values(created_at=created, updated_at=last_change, closed_at=closed_at)
    )


def seed_answers(
    conn, demo: DemoTeam, lead_id: int, owner: int, checklist: str, days_ago: int, codes: str
) -> None:
    """One saved checklist; codes: a letter of ANSWER per question, in the order of ORDER."""
    items = ORDER[checklist]
    answers = {item: (ANSWER[code], None) for item, code in zip(items, codes, strict=True)}
    at = _at(demo.today, days_ago, 14)
    qualification.record_answers(
        conn, demo.team_id, lead_id, checklist, answers, author_id=owner, at=at
    )
    payload = {
        "checklist": checklist,
        "changed": {k: ["unknown", v[0]] for k, v in answers.items()},
    }
    repo.add_event(
        conn, demo.team_id, lead_id, "answers_changed", author_id=owner, payload=payload, at=at
    )


def _days_ago(spec: DemoLead) -> list[int]:
    moments = [spec.created_days_ago] + [d for d, _ in spec.answers]
    moments += [d for d in (spec.offer_days_ago, spec.handshake_days_ago) if d is not None]
    return moments


def _at(today: date, days_ago: int, hour: int) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour, 0))
