"""The shape of radar.yaml: weights, thresholds and minimum history of the Kundenradar."""

from pydantic import Field, model_validator

from coaching.content.models import Plural, Strict

CUSTOMER_SIGNALS = (
    "shrinking_orders",
    "orders_only_when_asked",
    "harder_to_reach",
    "more_complaints",
    "later_payments",
    "competitor_traces",
)


class SignalRule(Strict):
    """A signal flags from `threshold` on (half its weight) and counts fully from `full` on."""

    weight: float = Field(ge=0, le=100)
    threshold: float = Field(ge=0)
    full: float = Field(gt=0)
    flagged: str | Plural
    quiet: str | Plural

    @model_validator(mode="after")
    def _full_not_below_threshold(self):
        if self.full < self.threshold:
            raise ValueError("full must not be below threshold")
        return self


class Light(Strict):
    red_below: int = Field(ge=1, le=100)
    amber_below: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self):
        if self.red_below > self.amber_below:
            raise ValueError("red_below must not be above amber_below")
        return self


class Basis(Strict):
    year: str = Field(min_length=1)
    previous: str = Field(min_length=1)
    contacts_before: str = Field(min_length=1)
    contacts_usual: str = Field(min_length=1)


class TooLittle(Strict):
    invoices: str | Plural
    months: str | Plural
    window: str | Plural
    paid: str | Plural
    entries: str | Plural


class RadarFile(Strict):
    """How the Kundenradar weighs its signals and when it is allowed to speak at all."""

    window_months: int = Field(ge=2, le=12, multiple_of=2)
    min_invoices: int = Field(ge=2)
    min_history_months: int = Field(ge=2)
    min_per_window: int = Field(ge=1)
    min_order_flags: int = Field(ge=1)
    min_contacts: int = Field(ge=1)
    min_complaints: int = Field(ge=1)
    usual_unanswered_share: float = Field(ge=0, le=1)
    light: Light
    signals: dict[str, SignalRule]
    basis: Basis
    too_little: TooLittle

    @model_validator(mode="after")
    def _every_customer_signal_weighed_once(self):
        if set(self.signals) != set(CUSTOMER_SIGNALS):
            missing = sorted(set(CUSTOMER_SIGNALS) - set(self.signals))
            extra = sorted(set(self.signals) - set(CUSTOMER_SIGNALS))
            raise ValueError(f"signals: missing {missing}, unknown {extra}")
        total = sum(rule.weight for rule in self.signals.values())
        if abs(total - 100) > 1e-9:
            raise ValueError(f"signals: weights must sum to 100, they sum to {total:g}")
        if self.min_history_months < self.window_months * 2:
            raise ValueError("min_history_months must cover two windows (window_months * 2)")
        return self
