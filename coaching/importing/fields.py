"""What an import needs from a file, and how each CRM or accounting tool names it.

Headers are compared on their field part, case-insensitively: "Deal - Verlustgrund" is
"verlustgrund". Aliases are data, not logic: a new CRM column name is one more string here.
"""

import re
from dataclasses import dataclass

from coaching.store.imports import DEAL_COLUMNS

KINDS = ("deals", "invoices")
DEAL_FIELDS = tuple(c for c in DEAL_COLUMNS if c != "row_hash")  # what a deal row holds
INVOICE_FIELDS = (
    "customer",
    "customer_number",
    "invoice_number",
    "invoice_date",
    "due_date",
    "payment_term_days",
    "paid_date",
    "amount",
)
FIELDS = {"deals": DEAL_FIELDS, "invoices": INVOICE_FIELDS}
REQUIRED = {
    "deals": ("name",),
    "invoices": ("customer", "invoice_number", "invoice_date", "amount"),
}
SOURCES = {
    "deals": ("hubspot", "pipedrive", "salesforce", "odoo", "generic"),
    "invoices": ("generic", "datev"),
}


@dataclass(frozen=True)
class Preset:
    source: str
    aliases: dict[str, tuple[str, ...]]  # field -> header field parts, best first


_GENERIC_DEALS = {
    "record_id": ("id", "nummer", "nr", "deal-nr", "deal nr"),
    "name": ("name", "deal", "titel", "title", "bezeichnung", "projekt", "thema"),
    "organisation": (
        "organisation",
        "organization",
        "firma",
        "unternehmen",
        "company",
        "kunde",
        "customer",
        "account",
    ),
    "owner_name": ("owner", "verantwortlich", "besitzer", "inhaber", "vertrieb", "zuständig"),
    "status": ("status", "ergebnis", "result"),
    "amount": ("betrag", "wert", "amount", "value", "volumen", "umsatz", "summe"),
    "created_date": ("erstellt", "erstellt am", "created", "created at", "angelegt am", "start"),
    "close_date": ("abschluss", "abschlussdatum", "close date", "closed", "geschlossen am"),
    "stage": ("phase", "stage", "stufe"),
    "lost_reason": ("verlustgrund", "lost reason", "grund", "reason", "absagegrund"),
}

PRESETS = {
    "deals": {
        "hubspot": Preset(
            "hubspot",
            {
                "record_id": ("record id", "deal id", "hs_object_id"),
                "name": ("deal name",),
                "organisation": ("associated company", "company name", "associated company name"),
                "owner_name": ("deal owner",),
                "amount": ("amount", "amount in company currency"),
                "created_date": ("create date",),
                "close_date": ("close date",),
                "stage": ("deal stage",),
                "lost_reason": ("closed lost reason",),
            },
        ),
        "pipedrive": Preset(
            "pipedrive",
            {
                "record_id": ("id",),
                "name": ("title", "titel"),
                "organisation": ("organization", "organisation"),
                "owner_name": ("owner", "besitzer", "inhaber"),
                "status": ("status",),
                "amount": ("value", "wert"),
                "created_date": ("deal created", "deal erstellt", "add time", "erstellt am"),
                "close_date": (
                    "deal closed on",
                    "close time",
                    "won time",
                    "lost time",
                    "abschlussdatum",
                    "deal geschlossen am",
                    "zeitpunkt des gewinns",
                    "zeitpunkt des verlusts",
                    "expected close date",
                    "erwartetes abschlussdatum",
                ),
                "stage": ("stage", "phase"),
                "lost_reason": ("lost reason", "verlustgrund", "grund für verlust"),
            },
        ),
        "salesforce": Preset(
            "salesforce",
            {
                "record_id": ("opportunity id", "opportunity-id", "opportunity: id"),
                "name": ("opportunity name", "opportunity-name", "opportunityname"),
                "organisation": ("account name", "accountname", "account"),
                "owner_name": ("opportunity owner", "opportunity-inhaber", "owner name"),
                "amount": ("amount", "betrag"),
                "created_date": ("created date", "erstelldatum"),
                "close_date": ("close date", "schlusstermin"),
                "stage": ("stage", "phase"),
                "lost_reason": ("loss reason", "reason lost", "closed lost reason", "verlustgrund"),
            },
        ),
        "odoo": Preset(
            "odoo",
            {
                "record_id": ("id", "external id"),
                "name": ("opportunity", "chance", "name"),
                "organisation": ("customer", "kunde", "partner", "company name"),
                "owner_name": ("salesperson", "vertriebsmitarbeiter", "verkäufer"),
                "amount": ("expected revenue", "erwarteter umsatz"),
                "created_date": ("created on", "erstellt am"),
                "close_date": ("closed date", "abschlussdatum", "expected closing"),
                "stage": ("stage", "phase"),
                "lost_reason": ("lost reason", "verlustgrund"),
            },
        ),
        "generic": Preset("generic", _GENERIC_DEALS),
    },
    "invoices": {
        "generic": Preset(
            "generic",
            {
                "customer": ("kunde", "kundenname", "customer", "firma", "name", "debitor"),
                "customer_number": ("kundennummer", "kunden-nr", "kundennr", "customer number"),
                "invoice_number": (
                    "rechnungsnummer",
                    "rechnungs-nr",
                    "rechnungsnr",
                    "re-nr",
                    "invoice number",
                    "invoice",
                    "beleg",
                    "belegnummer",
                ),
                "invoice_date": ("rechnungsdatum", "datum", "invoice date", "belegdatum"),
                "due_date": ("fällig am", "fälligkeit", "fälligkeitsdatum", "due date", "due"),
                "payment_term_days": ("zahlungsziel", "zahlungsziel (tage)", "payment term"),
                "paid_date": ("bezahlt am", "zahlungsdatum", "zahlungseingang", "paid date"),
                "amount": ("betrag", "brutto", "bruttobetrag", "summe", "amount", "total"),
            },
        ),
        "datev": Preset(
            "datev",
            {
                "customer": ("kontobeschriftung", "geschäftspartner", "buchungstext"),
                "customer_number": ("konto", "debitor", "gegenkonto"),
                "invoice_number": ("belegfeld 1", "belegfeld1"),
                "invoice_date": ("belegdatum",),
                "due_date": ("fälligkeit",),
                "paid_date": ("zahlungsdatum", "ausgleichsdatum"),
                "amount": ("umsatz (ohne soll/haben-kz)", "umsatz"),
            },
        ),
    },
}

_FIELD_PART = re.compile(r"\s+")


def field_part(header: str) -> str:
    """'Deal - Verlustgrund' -> 'verlustgrund'; 'Betrag (EUR)' -> 'betrag'."""
    part = header.rsplit(" - ", 1)[-1]
    part = re.sub(r"\s*[\(\[](eur|€|usd|chf)[\)\]]\s*$", "", part, flags=re.IGNORECASE)
    return _FIELD_PART.sub(" ", part).strip().casefold()


def detect_source(kind: str, headers: list[str]) -> str:
    """The tool whose own column names match the most headers; 'generic' when none stands out."""
    parts = {field_part(h) for h in headers}
    if kind == "deals" and sum(h.casefold().startswith("deal - ") for h in headers) >= 2:
        return "pipedrive"
    scores = {}
    for source, preset in PRESETS[kind].items():
        if source == "generic":
            continue
        own = {alias for aliases in preset.aliases.values() for alias in aliases}
        generic = {a for aliases in PRESETS[kind]["generic"].aliases.values() for a in aliases}
        scores[source] = len(parts & (own - generic))
    best = max(scores, key=scores.get, default="generic")
    return best if scores.get(best, 0) >= 2 else "generic"


def auto_mapping(kind: str, source: str, headers: list[str]) -> dict[str, str]:
    """field -> header, from the source's aliases first and the generic ones after."""
    by_part: dict[str, str] = {}
    for header in headers:
        by_part.setdefault(field_part(header), header)
    mapping: dict[str, str] = {}
    presets = [PRESETS[kind].get(source), PRESETS[kind]["generic"]]
    for preset in [p for p in presets if p]:
        for field in FIELDS[kind]:
            if field in mapping:
                continue
            for alias in preset.aliases.get(field, ()):
                header = by_part.get(alias)
                if header and header not in mapping.values():
                    mapping[field] = header
                    break
    return mapping


def merge_mapping(
    kind: str, auto: dict[str, str], remembered: dict[str, str], headers: list[str]
) -> dict[str, str]:
    """A remembered choice wins where its column is in this file; an empty choice unmaps."""
    merged = dict(auto)
    for field, header in remembered.items():
        if field not in FIELDS[kind]:
            continue
        if header == "":
            merged.pop(field, None)
        elif header in headers:
            for other, used in list(merged.items()):
                if used == header and other != field:
                    merged.pop(other)
            merged[field] = header
    return merged
