"""Twelve weeks of team pulse: energy sinks as losses pile up; some weeks too few answered."""

from datetime import timedelta

from sqlalchemy import Connection

from coaching.demo.workspace import DemoTeam
from coaching.morale import monday
from coaching.store import pulse as repo

# team mood per week, oldest first: (energy, weight of the silence, support)
ARC = [
    (3.9, 2.3, 3.6),
    (3.8, 2.4, 3.5),
    (3.7, 2.6, 3.5),
    (3.6, 2.7, 3.4),
    (3.5, 2.9, 3.3),
    (3.4, 3.0, 3.3),
    (3.2, 3.3, 3.2),
    (3.0, 3.5, 3.1),
    (2.8, 3.7, 3.0),
    (2.6, 3.9, 2.9),
    (2.6, 4.0, 2.8),
    (2.7, 3.9, 2.7),
]
# who did not answer in a week (index into ARC): two weeks with only four answers, so those stay
# hidden; one week with five after a week of six, hidden so that nobody can be singled out
AWAY = {3: {"lena", "tobias"}, 6: {"markus"}, 9: {"aylin", "jonas"}}
TEMPER = {"claudia": 0.3, "jonas": -0.2, "aylin": 0.2, "markus": -0.4, "lena": 0.1, "tobias": 0.0}
NOTES = {
    ("jonas", 8): "Drei Angebote seit zwei Wochen ohne Antwort. Ich zweifle langsam an mir.",
    ("jonas", 11): "Gespräch mit Aylin hat geholfen: Nächstes Mal gleich einen Termin vereinbaren.",
    ("aylin", 10): "Messe-Stress plus Funkstille bei Kraus AG. Wochenende frei halten!",
    ("markus", 9): "Zu viele Baustellen gleichzeitig.",
}


def seed(conn: Connection, demo: DemoTeam) -> None:
    first = monday(demo.today) - timedelta(weeks=len(ARC))
    for index, (energy, weight, support) in enumerate(ARC):
        week = first + timedelta(weeks=index)
        for person, user_id in demo.people.items():
            if person in AWAY.get(index, set()):
                continue
            temper = TEMPER.get(person, 0.0)
            values = {
                "energy": _score(energy + temper, demo),
                "weight": _score(weight - temper, demo),
                "support": _score(support + temper / 2, demo),
            }
            repo.save_answers(conn, demo.team_id, user_id, week, values)
            note = NOTES.get((person, index))
            if note:
                repo.save_note(conn, demo.team_id, user_id, week, note)


def _score(level: float, demo: DemoTeam) -> int:
    return max(1, min(5, round(level + demo.rng.uniform(-0.6, 0.6))))
