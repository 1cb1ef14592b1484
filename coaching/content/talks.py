"""Shapes of conversation scripts and role-play cards: one engine walks every script file."""

from pydantic import Field, field_validator

from coaching.content.models import Strict, Wording


class Avoid(Strict):
    """A well-meant sentence that backfires, and why."""

    say: str = Field(min_length=1)
    why: str = Field(min_length=1)


class ScriptStep(Strict):
    title: str = Field(min_length=1)
    purpose: str = Field(min_length=1)
    phrases: list[Wording] = Field(min_length=1)
    avoid: list[Avoid] = Field(default_factory=list)
    note_prompt: str = Field(min_length=1)


class ScriptFile(Strict):
    """One guided conversation (data/content/<lang>/scripts/<key>.yaml); steps keep file order."""

    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    use_when: str = Field(min_length=1)
    order: int = 100
    steps: dict[str, ScriptStep] = Field(min_length=1)


class Persona(Strict):
    name: str = Field(min_length=1)
    company: str = Field(min_length=1)
    briefing: str = Field(min_length=1)


class Card(Strict):
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)


class RoleplayFile(Strict):
    """Cards and checklist for the workshop role-play (data/content/<lang>/roleplay.yaml)."""

    script: str = Field(min_length=1)  # the script the seller practises
    minutes: int = Field(ge=1, le=60)
    roles: dict[str, Card] = Field(min_length=3)
    personas: dict[str, Persona] = Field(min_length=2)
    crises: dict[str, Card] = Field(min_length=2)
    objections: dict[str, Card] = Field(min_length=2)
    checklist: dict[str, Card] = Field(min_length=1)
    debrief: dict[str, str] = Field(min_length=1)

    @field_validator("roles")
    @classmethod
    def _three_roles(cls, roles: dict[str, Card]) -> dict[str, Card]:
        missing = {"seller", "customer", "observer"} - set(roles)
        if missing:
            raise ValueError(f"roles missing: {', '.join(sorted(missing))}")
        return roles
