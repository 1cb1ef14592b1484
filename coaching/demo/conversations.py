"""Demo conversations: crisis talks, warning-sign openers and exit talks with their outcomes."""

from datetime import timedelta

from sqlalchemy import Connection

from coaching.demo.workspace import DemoTeam
from coaching.store.conversations import add_conversation
from coaching.store.leads import customer_id_for

# (who, customer, script, outcome, days ago, notes per step)
TALKS = [
    (
        "jonas",
        "Café Lindner",
        "crisis_cancellation",
        "paused",
        62,
        {
            "acknowledge": "Energiekosten verdoppelt, Frau Lindner sehr erschöpft.",
            "reframe": "Messestand für Frühjahr pausiert, statt gekündigt.",
            "agree": "Melde mich am 15. Januar; Zusammenfassung per Mail geschickt.",
        },
    ),
    (
        "aylin",
        "Yilmaz Präzisionstechnik",
        "crisis_cancellation",
        "reduced",
        41,
        {
            "explore": "Zwei Großaufträge storniert, sucht neue Kunden in der Medizintechnik.",
            "reframe": "Statt großem Stand ein kleiner Gemeinschaftsstand auf der MedTec.",
        },
    ),
    (
        "markus",
        "Autohaus Berger",
        "warning_signals",
        "kept",
        30,
        {
            "prepare": "Bestellungen seit dem Sommer um ein Drittel kleiner, zahlt später.",
            "perspectives": "Ärger über verspätete Montage im Mai; war nie angesprochen worden.",
            "agree": "Neuer Montageplan bis Freitag; Team informiert.",
        },
    ),
    (
        "lena",
        "Brandt & Partner Eventagentur",
        "crisis_cancellation",
        "cancelled",
        19,
        {
            "acknowledge": "Alle Veranstaltungen bis März abgesagt.",
            "agree": "Kündigung angenommen, Quartalsupdate vereinbart.",
        },
    ),
    (
        "lena",
        "Brandt & Partner Eventagentur",
        "exit_conversation",
        "cancelled",
        18,
        {
            "feedback": "Angebote waren ihr zu umfangreich, lieber kleine Pakete.",
            "door_open": "Darf mich im Februar wieder melden.",
        },
    ),
    (
        "tobias",
        "Stadtwerke Nordheim",
        "warning_signals",
        "kept",
        9,
        {"open": "Flyer eines Mitbewerbers auf dem Empfangstresen gesehen, offen angesprochen."},
    ),
    (
        "jonas",
        "Möbelhaus Krämer",
        "crisis_cancellation",
        "kept",
        4,
        {"interrupt": "Hat sich auf das Gespräch über den Bedarf eingelassen."},
    ),
]


def seed(conn: Connection, demo: DemoTeam) -> None:
    for who, customer, script, outcome, days_ago, notes in TALKS:
        add_conversation(
            conn,
            demo.team_id,
            author_id=demo.people[who],
            script=script,
            outcome=outcome,
            notes=notes,
            held_on=demo.today - timedelta(days=days_ago),
            customer_id=customer_id_for(conn, demo.team_id, customer),
        )
