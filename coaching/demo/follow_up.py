"""Demo: silent leads at every point of the cadence, with the log that brought them there.

Days are counted back from demo.today, so the silence list always shows a mix of overdue, due
today and upcoming steps, a parked lead, an absence, a finished firm-order cadence and ghosts.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Connection

from coaching.cadence import render
from coaching.content import catalog
from coaching.demo.contacts import SALUTATIONS
from coaching.demo.leads import seed_answers
from coaching.demo.workspace import DemoTeam
from coaching.store import leads as repo

# owner, company, contact, e-mail, topic, value, stage, commitment, offer, next step, last reply
LEADS = [
    ("jonas", "Brandt Logistik GmbH", "Sabine Brandt", "s.brandt@brandt-logistik.example",
     "Messestand für die transport logistic", 28_000, "offer_sent", "interest_only", 14, 11, 14),
    ("jonas", "Kaiser & Söhne Maschinenbau", "Peter Kaiser", "p.kaiser@kaiser-soehne.example",
     "Hausmesse mit Showroom-Umbau", 46_500, "handshake", "firm_order", 40, 33, 35),
    ("jonas", "Stadtwerke Nordheim", "Dr. Miriam Olbrich", "m.olbrich@sw-nordheim.example",
     "Infostand Energiewende-Tag", 9_800, "offer_sent", "interest_only", 5, 2, 5),
    ("jonas", "Café Morgenrot", "Tim Albers", None,
     "Pop-up-Stand auf dem Weihnachtsmarkt", 3_200, "offer_sent", "interest_only", 9, 6, 9),
    ("aylin", "Medica Praxisbedarf", "Katrin Vogt", "k.vogt@medica-praxis.example",
     "Stand auf der MEDICA", 61_000, "offer_sent", "interest_only", 16, 13, 16),
    ("markus", "Nordlicht Events", "Ole Jansen", "ole@nordlicht-events.example",
     "Bühnenbau für die Jahresgala", 18_400, "offer_sent", "interest_only", 21, 18, 21),
    ("lena", "Weingut Albrecht", "Johanna Albrecht", "johanna@weingut-albrecht.example",
     "Verkostungsstand ProWein", 12_900, "offer_sent", "interest_only", 75, 3, 10),
    ("tobias", "Hansa Software AG", "Frank Meiners", "f.meiners@hansa-software.example",
     "Messeauftritt auf der it-sa", 38_000, "ordered", "firm_order", 45, 36, 38),
    ("claudia", "Rheinmesse Köln", "Anja Roth", "a.roth@rheinmesse.example",
     "Gemeinschaftsstand für Aussteller", 74_000, "offer_sent", "interest_only", 17, 14, 17),
    ("claudia", "Grünwerk Architekten", "Lars Grün", "lars@gruenwerk.example",
     "Ausstellungsfläche für den Architektursommer", 7_600, "offer_sent", "interest_only", 3, 1, 2),
    ("markus", "Böhm Fensterbau", "Rita Böhm", "r.boehm@boehm-fenster.example",
     "Stand auf der BAU", 33_000, "offer_sent", "interest_only", 62, 59, 60),
]  # fmt: skip

# Follow-up steps already done: company -> [(days ago, step, channel)]
STEPS = {
    "Brandt Logistik GmbH": [(7, "value", "email")],
    "Kaiser & Söhne Maschinenbau": [(31, "value", "email"), (27, "channel_check", "phone"),
                                    (7, "clear_question", "email")],
    "Medica Praxisbedarf": [(9, "value", "email")],
    "Nordlicht Events": [(16, "value", "email")],
    "Hansa Software AG": [(34, "value", "email"), (30, "channel_check", "phone"),
                          (24, "clear_question", "email"), (8, "firm_letter", "letter")],
    "Rheinmesse Köln": [(12, "value", "email"), (7, "channel_check", "phone")],
    "Böhm Fensterbau": [(56, "value", "email"), (52, "channel_check", "phone"),
                        (47, "clear_question", "email")],
}  # fmt: skip

# The checklist as saved two days before the offer went out: company -> codes of demo.leads.ORDER.
# Most silent leads went out with the decision date, the other deciders and a champion unknown;
# the firm orders were better qualified and went silent all the same. The rest were never checked.
QUALIFIED = {
    "Brandt Logistik GmbH": "uuupyuuu",
    "Kaiser & Söhne Maschinenbau": "yppyyupu",
    "Medica Praxisbedarf": "uupuyunu",
    "Weingut Albrecht": "puuupuuu",
    "Hansa Software AG": "yypyypyp",
    "Rheinmesse Köln": "ypuuyuuu",
}

NOTES = {
    "value": "Referenz vom Stand auf der LogiMAT mitgeschickt.",
    "channel_check": "Angerufen, nur die Zentrale erreicht; Rückruf zugesagt, kam nicht.",
    "clear_question": "Eine Frage: Ist das Vorhaben noch aktuell?",
    "firm_letter": "Schreiben mit Vorarbeiten (Entwurf, Materialreservierung) per Post und Mail.",
}


def seed(conn: Connection, demo: DemoTeam) -> None:
    names = {
        "jonas": "Jonas Weber",
        "aylin": "Aylin Demir",
        "markus": "Markus Schulte",
        "lena": "Lena Hoffmann",
        "tobias": "Tobias Kraus",
        "claudia": "Claudia Holzmann",
    }
    for row in LEADS:
        owner, company, contact, email, topic, value, stage, commitment = row[:8]
        offer, next_step, reply = (demo.today - timedelta(days=d) for d in row[8:])
        author = demo.people[owner]
        lead_id = repo.add_lead(
            conn,
            demo.team_id,
            owner_id=author,
            customer_id=repo.customer_id_for(conn, demo.team_id, company),
            company=company,
            contact_name=contact,
            salutation=SALUTATIONS[contact],
            contact_email=email,
            topic=topic,
            value_eur=Decimal(value),
            stage=stage,
            commitment=commitment,
            offer_date=offer,
            next_step="Kurzes Feedback-Telefonat zum Angebot",
            next_step_date=next_step,
            last_customer_reply=reply,
            order_date=reply if commitment == "firm_order" else None,
        )
        log = _Log(conn, demo, lead_id, author)
        log.add(offer - timedelta(days=6), "created")
        log.add(offer, "offer_sent", channel="email")
        if codes := QUALIFIED.get(company):
            seed_answers(conn, demo, lead_id, author, "default", row[8] + 2, codes)
        for days_ago, step, channel in STEPS.get(company, []):
            log.add(
                demo.today - timedelta(days=days_ago), "follow_up", channel, NOTES[step], step=step
            )
        _story(log, company, lead_id, _parting(company, contact, topic, names[owner]))


class _Log:
    def __init__(self, conn: Connection, demo: DemoTeam, lead_id: int, author: int) -> None:
        self.conn, self.demo, self.lead_id, self.author = conn, demo, lead_id, author
        self.count = 0

    def add(self, on: date, kind: str, channel=None, note=None, **payload) -> None:
        self.count += 1  # events of one day keep the order of the story
        at = datetime.combine(on, time(9, 30)) + timedelta(minutes=7 * self.count)
        repo.add_event(
            self.conn,
            self.demo.team_id,
            self.lead_id,
            kind,
            author_id=self.author,
            channel=channel,
            note=note,
            payload=payload,
            at=at,
        )

    def ago(self, days: int) -> date:
        return self.demo.today - timedelta(days=days)

    def update(self, **values) -> None:
        repo.update_lead(self.conn, self.demo.team_id, self.lead_id, **values)


def _parting(company: str, contact: str, topic: str, sender: str):
    """The closing message as the template writes it, so the demo shows what users will send."""
    templates = catalog("de").doc("templates")
    values = {"salutation": SALUTATIONS[contact], "company": company, "topic": topic}
    return render(templates.messages["closing"], templates, "sie", values | {"sender": sender})


def _story(log: _Log, company: str, lead_id: int, parting) -> None:
    """The special cases: an absence, a parked lead, a returned ghost, a closed ghost."""
    if company == "Medica Praxisbedarf":
        log.add(
            log.ago(8),
            "out_of_office",
            "email",
            "Automatische Antwort: auf Messereise.",
            until=log.ago(-3).isoformat(),
        )
    elif company == "Nordlicht Events":
        log.add(
            log.ago(10),
            "parked",
            None,
            None,
            reason="Budget erst nach dem Jahresabschluss",
            resume_on=log.ago(-20).isoformat(),
        )
        log.update(status="parked")
    elif company == "Weingut Albrecht":
        for days, step in ((70, "value"), (66, "channel_check"), (61, "clear_question")):
            log.add(log.ago(days), "follow_up", "email", NOTES[step], step=step)
        log.add(
            log.ago(54),
            "follow_up",
            "email",
            None,
            step="closing",
            closes="ghosted",
            subject=parting.subject,
            body=parting.body,
        )
        log.add(
            log.ago(54),
            "closed",
            None,
            None,
            status="ghosted",
            reason=None,
            silence_began="after_offer",
            last_customer_message=log.ago(75).isoformat(),
        )
        log.add(
            log.ago(10),
            "reply_received",
            "phone",
            "Meldet sich nach der Ernte: Stand für die ProWein doch gewünscht.",
        )
        log.add(log.ago(10), "reopened", None, None, previous="ghosted")
    elif company == "Böhm Fensterbau":
        log.add(
            log.ago(40),
            "follow_up",
            "email",
            None,
            step="closing",
            closes="ghosted",
            subject=parting.subject,
            body=parting.body,
        )
        log.add(
            log.ago(40),
            "closed",
            None,
            None,
            status="ghosted",
            reason="no_courage_to_decline",
            silence_began="after_offer",
            last_customer_message=log.ago(60).isoformat(),
        )
        closed_at = datetime.combine(log.ago(40), time(16, 0))
        log.update(status="ghosted", closed_at=closed_at)
