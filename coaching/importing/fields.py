"""What an import needs from a file, and how each CRM or accounting tool names it.

Headers are compared on their field part, case-insensitively: "Deal - Verlustgrund" is
"verlustgrund". Aliases are data, not logic: a new CRM column name is one more string here.
"""

import re
from dataclasses import dataclass

from coaching.content import catalog
from coaching.importing.limits import ImportRefused
from coaching.store.imports import DEAL_COLUMNS

KINDS = ("deals", "invoices")
STATUS_HINTS = ("is_won", "is_closed", "active")  # read for the status, not stored themselves
DEAL_FIELDS = (*(c for c in DEAL_COLUMNS if c != "row_hash"), *STATUS_HINTS)
INVOICE_FIELDS = (
    "customer",
    "customer_number",
    "invoice_number",
    "invoice_date",
    "due_date",
    "payment_term_days",
    "paid_date",
    "amount",
    "invoice_status",  # cancelled and draft invoices are skipped, not stored
)
FIELDS = {"deals": DEAL_FIELDS, "invoices": INVOICE_FIELDS}
REQUIRED = {
    "deals": ("name",),
    "invoices": ("customer", "invoice_number", "invoice_date", "amount"),
}
SOURCES = {
    "deals": ("hubspot", "pipedrive", "salesforce", "odoo", "generic"),
    "invoices": ("generic", "datev", "lexoffice", "sevdesk"),
}


@dataclass(frozen=True)
class Preset:
    source: str
    aliases: dict[str, tuple[str, ...]]  # field -> header field parts, best first


_GENERIC_DEALS = {
    "record_id": ("id", "nummer", "nr", "deal-nr", "deal nr"),
    "name": ("name", "deal", "deal-name", "titel", "title", "bezeichnung", "projekt", "thema"),
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
    "is_won": ("is won", "ist gewonnen"),
    "is_closed": ("is closed", "ist abgeschlossen"),
    "active": ("aktiv", "active"),
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
                "record_id": ("record id", "deal id", "hs_object_id", "datensatz-id"),
                "name": ("deal name", "deal-name", "dealname"),
                "organisation": (
                    "associated company",
                    "company name",
                    "associated company name",
                    "zugeordnetes unternehmen",
                    "zugehöriges unternehmen",
                ),
                "owner_name": ("deal owner", "deal-inhaber", "dealinhaber"),
                "amount": ("amount", "amount in company currency", "betrag"),
                "created_date": ("create date", "erstellungsdatum", "erstelldatum"),
                "close_date": ("close date", "abschlussdatum"),
                "stage": ("deal stage", "deal-phase", "dealphase"),
                "lost_reason": (
                    "closed lost reason",
                    "grund für verlorenen deal",
                    "grund für verlust",
                    "verlustgrund",
                ),
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
                "record_id": ("opportunity id", "opportunity-id", "opportunity: id", "id"),
                "name": ("opportunity name", "opportunity-name", "opportunityname", "name"),
                "organisation": ("account name", "accountname", "account", "account.name"),
                "owner_name": (
                    "opportunity owner",
                    "opportunity-inhaber",
                    "owner name",
                    "owner.name",
                ),
                "amount": ("amount", "betrag"),
                "created_date": ("created date", "erstelldatum", "createddate"),
                "close_date": ("close date", "schlusstermin", "closedate"),
                "stage": ("stage", "phase", "stagename"),
                "lost_reason": (
                    "loss reason",
                    "reason lost",
                    "closed lost reason",
                    "verlustgrund",
                    "loss_reason__c",
                ),
                "is_won": ("iswon",),
                "is_closed": ("isclosed",),
            },
        ),
        "odoo": Preset(
            "odoo",
            {
                "record_id": ("id", "external id", "externe id"),
                "name": ("opportunity", "chance", "verkaufschance", "name"),
                "organisation": ("customer", "kunde", "partner", "company name", "firmenname"),
                "owner_name": ("salesperson", "vertriebsmitarbeiter", "verkäufer"),
                "amount": ("expected revenue", "erwarteter umsatz"),
                "created_date": ("created on", "erstellt am"),
                "close_date": (
                    "closed date",
                    "abschlussdatum",
                    "expected closing",
                    "erwarteter abschluss",
                ),
                "stage": ("stage", "phase"),
                "lost_reason": ("lost reason", "verlustgrund"),
                "active": ("active", "aktiv"),
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
                "paid_date": (
                    "bezahlt am",
                    "zahlungsdatum",
                    "zahlungseingang",
                    "zahlungseingang am",
                    "paid date",
                    "paid on",
                ),
                "amount": (
                    "betrag brutto",
                    "bruttobetrag",
                    "brutto",
                    "betrag",
                    "gesamtbetrag",
                    "summe",
                    "amount",
                    "total",
                ),
                "invoice_status": ("status", "rechnungsstatus", "invoice status"),
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
        "lexoffice": Preset(
            "lexoffice",
            {
                "customer": ("kunde", "kontakt", "kundenname"),
                "customer_number": ("kundennummer",),
                "invoice_number": ("rechnungsnummer", "belegnummer"),
                "invoice_date": ("rechnungsdatum", "belegdatum"),
                "due_date": ("fälligkeitsdatum", "fällig am"),
                "paid_date": ("bezahlt am", "zahlungsdatum"),
                "amount": ("betrag brutto", "bruttobetrag", "brutto"),
                "invoice_status": ("status", "belegstatus"),
            },
        ),
        "sevdesk": Preset(
            "sevdesk",
            {
                "customer": ("kunde", "kontakt"),
                "customer_number": ("kundennummer", "kunden-nr"),
                "invoice_number": ("rechnungs-nr", "rechnungsnummer", "re-nr"),
                "invoice_date": ("rechnungsdatum", "datum"),
                "due_date": ("fällig am", "fälligkeit"),
                "paid_date": ("bezahlt am", "zahldatum"),
                "amount": ("brutto", "betrag (brutto)", "summe brutto"),
                "invoice_status": ("status",),
            },
        ),
    },
}

_CURRENCY = re.compile(r"\s*[\(\[](eur|€|usd|chf)[\)\]]\s*$", re.IGNORECASE)


def field_part(header: str) -> str:
    """'Deal - Verlustgrund' -> 'verlustgrund'; 'Betrag (EUR)' -> 'betrag'."""
    part = _CURRENCY.sub("", header.rsplit(" - ", 1)[-1])
    return " ".join(part.split()).rstrip(".").casefold()  # "Re-Nr." is "re-nr"


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


def chosen_columns(kind: str, chosen: dict[str, str], headers: list[str]) -> dict[str, str]:
    """field -> column as a script names them: the field by key or label, the column as in the
    file (case-insensitive); ImportRefused names what is not there, by label."""
    if not chosen:
        return {}  # the labels below need both catalogs, slow to load on a first import
    labels = {
        catalog(lang).text(f"data.field.{f}").casefold(): f
        for lang in ("de", "en")
        for f in FIELDS[kind]
    }
    by_name = {h.casefold(): h for h in headers}
    mapping = {}
    for name, column in chosen.items():
        field_name = name if name in FIELDS[kind] else labels.get(name.strip().casefold())
        if field_name is None:
            raise ImportRefused("data.refused.unknown_field", field=name)
        if column.strip().casefold() not in by_name:
            raise ImportRefused("data.refused.unknown_column", field=field_name, column=column)
        mapping[field_name] = by_name[column.strip().casefold()]
    return mapping
