"""Demo self-reviews: a dozen lost deals, most lessons shared (anonymously or by name), a few
private, and one review Jonas has started and not finished."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Connection, select

from coaching.demo.workspace import DemoTeam
from coaching.review import NewReview
from coaching.store import drafts
from coaching.store import reviews as repo
from coaching.store.schema import leads

# (author, days ago, deal, value, root, main reason, other reasons, missed signals, stage,
#  hours, share mode, feeling, lesson)
REVIEWS = [
    (
        "jonas",
        200,
        "Brandt Bau · Messestand BAU München",
        18500,
        "unknown",
        "no_decision",
        ["internal_processes"],
        ["decision_maker_unknown", "no_decision_date"],
        "offer_sent",
        14,
        "anonymous",
        2,
        "Beim ersten Termin fragen, wer außer meinem Gesprächspartner noch mitentscheidet.",
    ),
    (
        "aylin",
        170,
        "Feinkost Roth · Verkaufsstand Grüne Woche",
        9200,
        "competitor",
        "price",
        ["competitor_better"],
        ["budget_unclear"],
        "offer_sent",
        6,
        "named",
        3,
        "Budgetrahmen vor dem Angebot klären, dann zwei Varianten anbieten statt einer.",
    ),
    (
        "markus",
        150,
        "Kessler Maschinenbau · Systemstand Hannover Messe",
        42000,
        "our_side",
        "unclear_benefit",
        ["overwhelm"],
        ["vague_need"],
        "offer_sent",
        22,
        "anonymous",
        2,
        "Das Angebot auf eine Seite Nutzen kürzen; die Technik kommt in den Anhang.",
    ),
    (
        "lena",
        140,
        "Autohaus Merk · Showroom-Umbau",
        8400,
        "unknown",
        "no_courage_to_decline",
        [],
        ["no_next_step", "slower_replies"],
        "handshake",
        5,
        "named",
        2,
        "Beim Versand des Angebots gleich einen Rückruftermin in zwei Tagen vereinbaren.",
    ),
    (
        "tobias",
        120,
        "Nordstern Logistik · Roadshow-Module",
        27500,
        "no_need",
        "priorities_shifted",
        ["budget_cut"],
        ["no_decision_date"],
        "qualifying",
        9,
        "anonymous",
        4,
        "Früh fragen, bis wann entschieden wird und was dem Auftrag im Weg stehen könnte.",
    ),
    (
        "jonas",
        95,
        "Weingut Albrecht · Messestand ProWein",
        12800,
        "unknown",
        "message_not_delivered",
        ["personal_circumstances"],
        ["slower_replies"],
        "offer_sent",
        4,
        "private",
        3,
        "Nach einer Woche ohne Antwort anrufen statt die dritte E-Mail zu schreiben.",
    ),
    (
        "aylin",
        80,
        "Hoffmann Küchen · Ausstellungsfläche",
        15600,
        "competitor",
        "competitor_better",
        ["price"],
        ["decision_maker_unknown"],
        "offer_sent",
        11,
        "anonymous",
        3,
        "Referenzen aus derselben Branche gleich mitschicken; der Mitbewerber hatte sie.",
    ),
    (
        "markus",
        60,
        "Stadtwerke Lindau · Infostand Energiewende",
        6900,
        "no_need",
        "budget_cut",
        ["internal_processes"],
        ["budget_unclear"],
        "qualifying",
        3,
        "named",
        4,
        "Bei öffentlichen Auftraggebern nach dem Haushaltsjahr fragen, bevor wir planen.",
    ),
    (
        "lena",
        45,
        "Pixelwerk Agentur · Eventfläche",
        5400,
        "unknown",
        "weak_intent",
        ["overwhelm"],
        ["vague_need", "no_decision_date"],
        "first_contact",
        2,
        "anonymous",
        4,
        "Reines Interesse nach einer klaren Nachfrage als Nein werten und freundlich abschließen.",
    ),
    (
        "tobias",
        30,
        "Bäckerei Sommer · Verkaufswagen-Branding",
        3900,
        "our_side",
        "we_drove_away",
        [],
        ["slower_replies"],
        "handshake",
        7,
        "private",
        1,
        "Liefertermine nur zusagen, wenn die Werkstatt sie bestätigt hat.",
    ),
    (
        "jonas",
        20,
        "Medizintechnik Adler · Stand MEDICA",
        31000,
        "competitor",
        "price",
        ["unclear_benefit"],
        ["budget_unclear", "decision_maker_unknown"],
        "offer_sent",
        16,
        "named",
        2,
        "Den Preis nie allein schicken: erst den Nutzen im Gespräch bestätigen lassen.",
    ),
    (
        "aylin",
        10,
        "Gartenbau Linde · Stand Landesgartenschau",
        7300,
        "no_need",
        "crisis",
        ["priorities_shifted"],
        [],
        "handshake",
        4,
        "anonymous",
        3,
        "In unsicheren Zeiten kleinere erste Schritte anbieten statt das ganze Paket.",
    ),
]


def seed(conn: Connection, demo: DemoTeam) -> None:
    for entry in REVIEWS:
        (person, days, deal, value, root, main, others, signals, stage, hours, mode, feeling,
         lesson) = entry  # fmt: skip
        company = deal.split(" · ")[0]
        review = NewReview(
            deal_label=deal,
            root_category=root,
            main_reason=main,
            reasons=[main, *others],
            missed_signals=signals,
            answers={"source": "manual"},
            lead_id=_lead_of(conn, demo.team_id, company),
            deal_value=Decimal(value),
            stage_at_silence=stage,
            hours_invested=Decimal(hours),
            lesson=lesson,
            feeling=feeling,
            share_mode=mode,
            lost_on=demo.today - timedelta(days=days),
        )
        repo.add_review(conn, demo.team_id, demo.people[person], review)
    drafts.save_draft(
        conn,
        demo.people["jonas"],
        "review",
        "r-demo-jonas",
        {
            "step": "reasons",
            "source": "manual",
            "deal_label": "Optik Sauer · Schaufenster-Deko",
            "deal_value": "2.800",
            "stage_at_silence": "offer_sent",
            "timeline": "Angebot am Montag verschickt\nZwei Nachfragen per E-Mail, keine Antwort",
            "root_category": "unknown",
        },
    )


def _lead_of(conn: Connection, team_id: int, company: str) -> int | None:
    """The lead of that company, if another seeder created one; reviews work without it."""
    return conn.scalar(
        select(leads.c.id).where(leads.c.team_id == team_id, leads.c.company == company).limit(1)
    )
