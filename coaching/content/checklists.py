"""Shapes of the Lead-Check content: qualification checklists and the rules around leads."""

from pydantic import Field, field_validator, model_validator

from coaching.content.models import Strict, Wording

ANSWERS = ("yes", "partly", "no", "unknown")
WEIGHT_TOTAL = 100


class ChecklistItem(Strict):
    """One question; `gap` names what is missing when the answer is not yes (a risk reason)."""

    question: str = Field(min_length=1)
    help: str = Field(min_length=1)
    gap: str = Field(min_length=1)
    weight: int = Field(ge=1, le=100)
    critical: bool = False
    signal: str | None = None  # key in signals.yaml (scope lead) this gap stands for
    ask: Wording  # the next question to put to the customer when this is a gap


class ChecklistFile(Strict):
    """A qualification checklist (default, BANT, MEDDIC, ...); weights add up to 100."""

    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    order: int = 0
    items: dict[str, ChecklistItem] = Field(min_length=2)

    @field_validator("items")
    @classmethod
    def _weights_add_up(cls, items: dict[str, ChecklistItem]) -> dict[str, ChecklistItem]:
        total = sum(item.weight for item in items.values())
        if total != WEIGHT_TOTAL:
            detail = ", ".join(f"{key}={item.weight}" for key, item in items.items())
            raise ValueError(
                f"Gewichte ergeben {total} statt {WEIGHT_TOTAL} / weights add up to {total}, "
                f"not {WEIGHT_TOTAL} ({detail})"
            )
        return items


class RiskRules(Strict):
    """Score limits and counts that turn gaps into a ghosting-risk level."""

    high_below: int = Field(ge=0, le=100)
    medium_below: int = Field(ge=0, le=100)
    high_critical_gaps: int = Field(ge=1)
    many_unknown: int = Field(ge=1)
    many_unknown_reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> "RiskRules":
        if self.high_below > self.medium_below:
            raise ValueError("high_below must not exceed medium_below")
        return self


class ExampleLead(Strict):
    """A fictitious prospect for the workshop exercise; never stored."""

    company: str = Field(min_length=1)
    contact: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    value_eur: int = Field(ge=0)
    story: list[str] = Field(min_length=1)
    checklist: str = Field(min_length=1)
    truth: dict[str, str]  # item key -> the answer the facts support
    reveal: list[str] = Field(min_length=1)

    @field_validator("truth")
    @classmethod
    def _known_answers(cls, truth: dict[str, str]) -> dict[str, str]:
        for key, answer in truth.items():
            if answer not in ANSWERS:
                raise ValueError(f"truth '{key}': answer must be one of {', '.join(ANSWERS)}")
        return truth


class LeadCheckFile(Strict):
    """Rules around leads: follow-up after an offer, handshake limit, risk levels, the exercise."""

    offer_follow_up_working_days: int = Field(ge=1, le=20)
    offer_next_step: str = Field(min_length=1)
    handshake_days: int = Field(ge=1, le=90)
    handshake_next_step: str = Field(min_length=1)  # coaching text: one register (STYLE.md)
    offer_without_step_next_step: str = Field(min_length=1)
    risk: RiskRules
    example: ExampleLead
