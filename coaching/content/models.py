"""Shapes shared by content files; strict, so a mistyped field name is an error, not a gap."""

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Wording(Strict):
    """A text in both forms of address; users choose formal "Sie" or informal "Du"."""

    sie: str = Field(min_length=1)
    du: str = Field(min_length=1)

    def for_address(self, address: str) -> str:
        return self.du if address == "du" else self.sie


def plural_form(count: object) -> str:
    """German and English alike: exactly one takes the singular ("one"), every other count,
    zero included, the plural ("other"). The count may arrive as text, escaped for Markdown."""
    return "one" if str(count).strip() == "1" else "other"


class Plural(Strict):
    """A text with a singular and a plural form; the count filled in chooses (see t())."""

    one: str = Field(min_length=1)
    other: str = Field(min_length=1)

    def for_count(self, count: object) -> str:
        return self.one if plural_form(count) == "one" else self.other


class RootCategory(Strict):
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)


class Reason(Strict):
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    root: str
    keywords: list[str] = Field(min_length=1)


class ReasonsFile(Strict):
    """Why prospects and customers go silent: the taxonomy every feature counts in."""

    root_categories: dict[str, RootCategory] = Field(min_length=1)
    reasons: dict[str, Reason] = Field(min_length=1)

    @field_validator("reasons")
    @classmethod
    def _roots_exist(cls, reasons: dict[str, Reason], info) -> dict[str, Reason]:
        roots = info.data.get("root_categories", {})
        for key, reason in reasons.items():
            if reason.root not in roots:
                raise ValueError(f"reason '{key}': unknown root category '{reason.root}'")
        return reasons


class Signal(Strict):
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    scope: str = Field(pattern="^(customer|lead)$")


class SignalsFile(Strict):
    """Warning signs that a lead or customer is drifting away, named once for every feature."""

    signals: dict[str, Signal] = Field(min_length=1)


WORKSHOP_KINDS = (
    "reasons",
    "lead_exercise",
    "follow_up",
    "crisis_roleplay",
    "lessons",
    "research",
    "agreements",
)


class WorkshopSection(Strict):
    key: str = Field(pattern="^[a-z_]+$")
    kind: str
    title: str = Field(min_length=1)
    minutes: int = Field(ge=1, le=60)
    goal: str = Field(min_length=1)
    prompts: list[str] = Field(min_length=1)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in WORKSHOP_KINDS:
            raise ValueError(f"unknown kind '{kind}', expected one of {', '.join(WORKSHOP_KINDS)}")
        return kind


class ResearchFigure(Strict):
    figure: str = Field(min_length=1)
    claim: str = Field(min_length=1)
    source: str = Field(min_length=1)
    reliability: str = Field(min_length=1)


class WorkshopFile(Strict):
    """The workshop agenda: sections the facilitator may reorder, time and skip."""

    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    sections: list[WorkshopSection] = Field(min_length=1)
    research: list[ResearchFigure] = Field(min_length=1)

    @field_validator("sections")
    @classmethod
    def _unique_keys(cls, sections: list[WorkshopSection]) -> list[WorkshopSection]:
        keys = [s.key for s in sections]
        if len(keys) != len(set(keys)):
            raise ValueError("section keys must be unique")
        return sections


class ReviewStep(Strict):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)  # coaching text: one register (STYLE.md)


class FeelingLevel(Strict):
    label: str = Field(min_length=1)
    reframing: str = Field(min_length=1)


class ReviewFile(Strict):
    """The guided self-review after a lost deal: step texts, questions, answer words, check-in."""

    steps: dict[str, ReviewStep] = Field(min_length=1)
    questions: dict[str, str] = Field(min_length=1)
    answers: dict[str, str] = Field(min_length=1)
    price_evidence: dict[str, str] = Field(min_length=1)
    qualification_gaps: dict[str, str] = Field(min_length=1)
    feelings: dict[int, FeelingLevel] = Field(min_length=2)

    @field_validator("feelings")
    @classmethod
    def _scale_from_one(cls, feelings: dict[int, FeelingLevel]) -> dict[int, FeelingLevel]:
        if sorted(feelings) != list(range(1, len(feelings) + 1)):
            raise ValueError("feelings must be numbered 1, 2, 3, … without gaps")
        return feelings


class PulseQuestion(Strict):
    text: str = Field(min_length=1)  # coaching text: one register (STYLE.md)
    short: str = Field(min_length=1)  # the label in charts
    labels: list[str] = Field(min_length=5, max_length=5)  # what 1 … 5 mean, lowest first
    higher_is_better: bool


class TeamAction(Strict):
    title: str = Field(min_length=1)
    body: str = Field(min_length=1)
    page: str | None = Field(default=None, pattern=r"^pages/[a-z_]+\.py$")  # linked if registered


PULSE_QUESTIONS = ("energy", "weight", "support")
TEAM_ACTIONS = ("morale_and_losses", "offers_without_next_step", "support_low")


class PulseFile(Strict):
    """The weekly pulse: its questions on a 1-5 scale and the team actions the overview suggests."""

    questions: dict[str, PulseQuestion]
    actions: dict[str, TeamAction]

    @field_validator("questions")
    @classmethod
    def _known_questions(cls, questions: dict[str, PulseQuestion]) -> dict[str, PulseQuestion]:
        if tuple(questions) != PULSE_QUESTIONS:
            raise ValueError(f"questions must be exactly {', '.join(PULSE_QUESTIONS)} in order")
        return questions

    @field_validator("actions")
    @classmethod
    def _known_actions(cls, actions: dict[str, TeamAction]) -> dict[str, TeamAction]:
        missing = [key for key in TEAM_ACTIONS if key not in actions]
        if missing:
            raise ValueError(f"actions missing: {', '.join(missing)}")
        return actions


class CadenceStep(Strict):
    """One follow-up step: when it is due, how to reach out, which messages fit."""

    key: str = Field(pattern="^[a-z_]+$")
    label: str = Field(min_length=1)
    wait_days: int = Field(ge=0, le=90)
    channel: str = Field(pattern="^(email|phone|meeting|letter|chat)$")
    purpose: str = Field(min_length=1)  # coaching text: one register (STYLE.md)
    guidance: str = Field(min_length=1)
    templates: list[str] = Field(min_length=1)
    closes_as: str | None = Field(default=None, pattern="^(ghosted|lost)$")


class CadenceFile(Strict):
    """The follow-up cadence per commitment path; waiting days count from the previous step."""

    intro: str = Field(min_length=1)
    needy_guidance: str = Field(min_length=1)
    consent_reminder: str = Field(min_length=1)
    no_legal_advice: str = Field(min_length=1)
    firm_order_orientation: str = Field(min_length=1)
    paths: dict[str, list[CadenceStep]] = Field(min_length=1)

    @field_validator("paths")
    @classmethod
    def _both_paths(cls, paths: dict[str, list[CadenceStep]]) -> dict[str, list[CadenceStep]]:
        for required in ("interest_only", "firm_order"):
            if not paths.get(required):
                raise ValueError(f"path '{required}' is missing or has no steps")
        for name, steps in paths.items():
            keys = [step.key for step in steps]
            if len(keys) != len(set(keys)):
                raise ValueError(f"path '{name}': step keys must be unique")
        return paths


class MessageTemplate(Strict):
    label: str = Field(min_length=1)
    subject: Wording
    body: Wording


class TemplatesFile(Strict):
    """Messages per step and for not ghosting others; {placeholders} are filled from the lead."""

    gaps: dict[str, str] = Field(min_length=1)
    messages: dict[str, MessageTemplate] = Field(min_length=1)
    manners: dict[str, MessageTemplate] = Field(min_length=1)
