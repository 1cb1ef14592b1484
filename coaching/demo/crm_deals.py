"""Demo CRM deals: two years of a HubSpot export, a third of them lost with the CRM's own words.

Some of those words are already mapped to the reason taxonomy by the manager; the rest wait on the
Gründe & Trends page to show how a suggestion is confirmed.
"""

import hashlib
import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Connection, insert

from coaching.demo.people import PEOPLE
from coaching.demo.workspace import DemoTeam
from coaching.importing.fields import DEAL_FIELDS
from coaching.store import utcnow
from coaching.store.insights import confirm_mapping
from coaching.store.schema import deals

TOTAL = 160
LOST = 60
OPEN = 28

# (CRM label, weight); None is a lost deal without any reason given
LOST_REASONS = [
    ("Kein Budget", 9),
    ("Entscheidung verschoben", 8),
    ("Went with competitor", 7),
    ("keine Rückmeldung", 9),
    ("Zu teuer", 6),
    ("No decision", 4),
    ("Preis zu hoch", 2),
    ("Lost to competitor", 2),
    ("Timing", 1),
    ("Intern keine Freigabe", 2),
    ("Messe abgesagt", 2),
    ("Not interested anymore", 1),
    (None, 2),
]
CONFIRMED = {
    "Kein Budget": "budget_cut",
    "Entscheidung verschoben": "priorities_shifted",
    "Went with competitor": "competitor_better",
    "keine Rückmeldung": "no_courage_to_decline",
    "Zu teuer": "price",
    "No decision": "no_decision",
    "Preis zu hoch": "price",
    "Lost to competitor": "competitor_better",
}
COMPANIES = [
    "Brauhaus Kessler",
    "Nordwind Solar GmbH",
    "Feinmechanik Albrecht",
    "Gartenbau Lindner",
    "Medizintechnik Sauer",
    "Weingut Rebhang",
    "Logistik Pohl & Söhne",
    "Tischlerei Brandt",
    "Kaffeerösterei Morgenrot",
    "Stahlbau Ruhrtal",
    "Bio-Hof Wiesengrund",
    "Softwarehaus Datenwerk",
    "Optik Schönblick",
    "Fahrradmanufaktur Speiche",
    "Hotel Seeblick",
    "Elektro Funke KG",
]
FAIRS = ["Hannover Messe", "IAA", "BAU München", "Intergastro", "Medica", "Fruit Logistica"]


def seed(conn: Connection, demo: DemoTeam) -> None:
    rng = random.Random(f"crm-deals-{demo.today.isoformat()}")
    owners = [name for _, name, _, _ in PEOPLE]
    statuses = ["lost"] * LOST + ["open"] * OPEN + ["won"] * (TOTAL - LOST - OPEN)
    rng.shuffle(statuses)
    labels = [label for label, weight in LOST_REASONS for _ in range(weight)]
    labels += rng.choices(labels, k=LOST - len(labels))  # each label at least its weight, any day
    rng.shuffle(labels)
    lost_reasons = iter(labels)
    rows = []
    for number, status in enumerate(statuses, start=1):
        created = demo.today - timedelta(days=rng.randint(20, 730))
        closed = min(created + timedelta(days=rng.randint(14, 120)), demo.today)
        company = rng.choice(COMPANIES)
        row = {
            "team_id": demo.team_id,
            "source": "hubspot",
            "record_id": f"HS-{100200 + number}",
            "name": f"Messestand {rng.choice(FAIRS)} {closed.year}",
            "organisation": company,
            "status": status,
            "amount": Decimal(round(rng.lognormvariate(9.4, 0.8), -2) or 1500),
            "created_date": created,
            "close_date": None if status == "open" else closed,
            "stage": {"lost": "closedlost", "won": "closedwon"}.get(status, "contractsent"),
            "lost_reason": next(lost_reasons) if status == "lost" else None,
            "imported_at": utcnow(),
        }
        rows.append(row)
    lost = sorted((r for r in rows if r["status"] == "lost"), key=lambda r: r["close_date"])
    for index, row in enumerate(lost):  # round robin: every quarter has several owners
        row["owner_name"] = owners[index % len(owners)]
    for row in rows:
        row.setdefault("owner_name", rng.choice(owners))
        row["row_hash"] = _row_hash(row)
    conn.execute(insert(deals), rows)
    for label, reason in CONFIRMED.items():
        confirm_mapping(conn, demo.team_id, label, reason, demo.people.get("claudia"))


def _row_hash(row: dict) -> str:
    text = "|".join(str(row.get(f) or "") for f in DEAL_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()
