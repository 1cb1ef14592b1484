"""Workshop role-play: cards drawn reproducibly from content, an observer's score, a debrief.

Nothing here is stored unless the team decides to save the debrief.
"""

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from coaching.content import catalog
from coaching.content.talks import RoleplayFile
from coaching.errors import InputError
from coaching.store import conversations as repo
from coaching.store import read, write
from coaching.store.accounts import User

OBJECTIONS_PER_DRAW = 2
MAX_ANSWER = 2000


@dataclass(frozen=True)
class Draw:
    seed: int
    persona: str
    crisis: str
    objections: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    done: list[str]
    missed: list[str]

    @property
    def total(self) -> int:
        return len(self.done) + len(self.missed)


class RoleplayError(InputError):
    """Input this module refuses; key names the message, values fill it."""


def cards(lang: str) -> RoleplayFile:
    return catalog(lang).doc("roleplay")


def new_seed() -> int:
    """A short number the group can read out to draw the same cards again."""
    return random.SystemRandom().randrange(1000, 10000)


def draw(doc: RoleplayFile, seed: int) -> Draw:
    """The same seed always draws the same persona, crisis and objections (in both languages)."""
    rng = random.Random(seed)
    persona = rng.choice(sorted(doc.personas))
    crisis = rng.choice(sorted(doc.crises))
    objections = tuple(rng.sample(sorted(doc.objections), OBJECTIONS_PER_DRAW))
    return Draw(seed=seed, persona=persona, crisis=crisis, objections=objections)


def score(doc: RoleplayFile, checked: list[str]) -> Score:
    """Which checklist steps the observer saw happen, in checklist order; unknown keys ignored."""
    ticked = set(checked)
    return Score(
        done=[key for key in doc.checklist if key in ticked],
        missed=[key for key in doc.checklist if key not in ticked],
    )


def remaining_seconds(started: float | None, minutes: int, now: float) -> int:
    """Seconds left on the workshop timer; the full time before it starts, never below zero."""
    if started is None:
        return minutes * 60
    return max(0, round(minutes * 60 - (now - started)))


def clock(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def save_debrief(
    engine: Engine,
    user: User,
    drawn: Draw,
    checked: list[str],
    answers: dict[str, str],
    held_on: date,
) -> int:
    """Keep the debrief the team chose to save: cards, checklist and answers, no player names."""
    doc = cards("de")
    kept = {
        key: text.strip() for key, text in answers.items() if key in doc.debrief and text.strip()
    }
    if not kept and not checked:
        raise RoleplayError("roleplay.nothing_to_save")
    if any(len(text) > MAX_ANSWER for text in kept.values()):
        raise RoleplayError("roleplay.answer_too_long", limit=MAX_ANSWER)
    with write(engine) as conn:
        return repo.add_debrief(
            conn,
            user.team_id,
            saved_by=user.id,
            seed=drawn.seed,
            persona=drawn.persona,
            crisis=drawn.crisis,
            objections=list(drawn.objections),
            checked=score(doc, checked).done,
            answers=kept,
            held_on=held_on,
        )


def recent_debriefs(engine: Engine, team_id: int, limit: int = 5) -> list:
    """The team's last debriefs, newest first."""
    with read(engine) as conn:
        return repo.list_debriefs(conn, team_id)[:limit]
