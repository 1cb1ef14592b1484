"""Demo Kundenradar: ~30 customers of a Messebau company with three years of monthly invoices.

Most are steady; a few carry the stories the radar should find: one slowly shrinking, one paying
ever later, one with a one-off dip (must stay green), two seasonal ones (trade-fair seasons), one
with too little history, and team logs with complaints, a competitor trace and orders after asking.
"""

from datetime import date, timedelta

from sqlalchemy import Connection

from coaching.demo.workspace import DemoTeam
from coaching.store import customers as repo

STEADY = [
    "Autohaus Brandt GmbH",
    "Bäckerei Wiegand KG",
    "Bergmann Maschinenbau AG",
    "Dental-Technik Roth",
    "Elektro Schuster GmbH",
    "Feinkost Albers",
    "Fensterbau Krämer",
    "Hotel am Stadtpark",
    "IT-Systemhaus Brehm",
    "Kanzlei Vogt & Partner",
    "Landtechnik Meier",
    "Medizintechnik Sauer GmbH",
    "Optik Hansen",
    "Pharma Nord GmbH",
    "Reisebüro Falk",
    "Sanitär Köhler",
    "Stadtwerke Lindau",
    "Textil Kaiser GmbH",
    "Weingut Hofmann",
    "Zahnradwerk Lorenz",
]
SHRINKING = "Möbelwerk Krüger GmbH"
PAYING_LATER = "Druckerei Peters KG"
ONE_OFF_DIP = "Brauerei Lindner"
SEASONAL = ["Gartenbau Sommer", "Caravan-Center Ostsee"]
SHORT_HISTORY = "Nordlicht Solar GmbH"
YOUNG = "Fahrradmanufaktur Kern"  # 14 months: compared with the months before, not the year
COMPETITOR = "Spedition Hartmann"
MONTHS = 36


def seed(conn: Connection, demo: DemoTeam) -> None:
    rng, today, team = demo.rng, demo.today, demo.team_id
    authors = [demo.people[p] for p in ("jonas", "aylin", "markus", "lena", "tobias")]
    last = _month(today) - 1
    number = iter(range(10_101, 10_200))
    ids: dict[str, int] = {}
    rows: list[dict] = []
    for name in [*STEADY, SHRINKING, PAYING_LATER, ONE_OFF_DIP, *SEASONAL, SHORT_HISTORY, YOUNG]:
        ids[name] = repo.ensure_customer(conn, team, name, f"K-{next(number)}")
    ids[COMPETITOR] = repo.ensure_customer(conn, team, COMPETITOR, f"K-{next(number)}")
    for name, customer_id in ids.items():
        level = rng.uniform(3_000, 24_000)
        usual_days = rng.randint(14, 30)
        months = {SHORT_HISTORY: 1, YOUNG: 14}.get(name, MONTHS)
        for k in range(months):
            month = last - (months - 1 - k)
            amount = level * _shape(name, k, month) * rng.uniform(0.9, 1.1)
            delay = usual_days + rng.randint(-4, 4) + (k * 1.1 if name == PAYING_LATER else 0)
            rows.append(_invoice(customer_id, month, amount, int(delay), rng, today))
    repo.add_invoices(conn, team, rows)
    _logs(conn, team, ids, authors, today, rng)


def _shape(name: str, k: int, month: int) -> float:
    calendar_month = month % 12 + 1
    if name == SHRINKING:
        return 0.97**k
    if name == ONE_OFF_DIP and k == MONTHS - 3:
        return 0.15
    if name in SEASONAL:
        return 2.4 if calendar_month in (2, 3, 4, 9, 10) else 0.25
    if name == COMPETITOR:
        return 1.0 if k < MONTHS - 4 else 0.8
    return 1.0


def _invoice(customer_id, month, amount, delay, rng, today) -> dict:
    invoice_date = date(month // 12, month % 12 + 1, rng.randint(3, 26))
    paid = invoice_date + timedelta(days=max(delay, 1))
    return {
        "customer_id": customer_id,
        "invoice_number": f"KR-{invoice_date:%Y%m}-{customer_id:04d}",
        "invoice_date": invoice_date,
        "due_date": invoice_date + timedelta(days=30),
        "paid_date": paid if paid <= today else None,
        "amount": round(amount, 2),
    }


def _logs(conn, team, ids, authors, today, rng) -> None:
    def log(name, kind, days_ago, note=None):
        author = authors[rng.randrange(len(authors))]
        day = today - timedelta(days=days_ago)
        repo.add_log(conn, team, ids[name], kind, author_id=author, on_date=day, note=note)

    for days_ago in (170, 120, 75, 40, 12):
        log(SHRINKING, "order_after_ask", days_ago, "Erst nach Anruf bestellt.")
    log(SHRINKING, "order_unprompted", 150)
    for days_ago in (140, 95, 60, 33, 20, 9):
        log(SHRINKING, "contact_attempt", days_ago, "Nicht erreicht, Rückruf erbeten.")
    log(SHRINKING, "contact_answered", 50)
    for days_ago in (400, 320, 250):
        log(SHRINKING, "contact_answered", days_ago)
    for days_ago, note in (
        (110, "Standwand mit Kratzern geliefert."),
        (64, "Aufbau zu spät."),
        (25, "Rechnung doppelt erhalten."),
    ):
        log(SHRINKING, "complaint", days_ago, note)
    log(SHRINKING, "competitor_trace", 18, "Prospekt eines anderen Messebauers auf dem Tisch.")
    log(COMPETITOR, "competitor_trace", 30, "Visitenkarte eines Mitbewerbers am Empfang.")
    log(COMPETITOR, "note", 29, "Ansprechpartner wirkte zurückhaltend.")
    log(PAYING_LATER, "contact_answered", 45, "Zahlungsziel angesprochen, Antwort ausweichend.")
    log(ONE_OFF_DIP, "note", 55, "Messe im August abgesagt, danach wieder normal.")
    for name in STEADY[:8]:
        log(name, "order_unprompted", rng.randint(10, 150))
        log(name, "contact_answered", rng.randint(5, 120))
    log(STEADY[3], "complaint", 80, "Farbton der Rückwand wich ab, schnell geklärt.")


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1
