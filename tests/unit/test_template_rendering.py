"""Every template, rendered for every demo lead in both languages and both forms of address,
reads as a person would write it: greeted by name, topic quoted, no empty or broken slot."""

import re

import pytest

from coaching.cadence import lead_values, render
from coaching.content import catalog
from coaching.demo import reset_demo
from coaching.store import leads as repo
from coaching.store import read
from tests.conftest import FIXED_TODAY

EXTRAS = {
    "de": {
        "reply_by": "04.12.2026",
        "preparatory_work": "- Entwurf des Standes (6 Stunden)\n- Reservierung der Bauteile",
        "return_date": "07.12.2026",
        "deputy": "Aylin Demir",
        "end_date": "31.12.2026",
    },
    "en": {
        "reply_by": "2026-12-04",
        "preparatory_work": "- Stand design (6 hours)\n- Parts reserved",
        "return_date": "2026-12-07",
        "deputy": "Aylin Demir",
        "end_date": "2026-12-31",
    },
}
GREETING = {("de", "sie"): "Guten Tag", ("de", "du"): "Hallo", ("en", "sie"): "Dear"}
GREETING[("en", "du")] = "Hi"
QUOTES = {"de": ("„", "“"), "en": ("“", "”")}
BROKEN = [
    re.compile(r"bis einschließlich|until and including", re.I),  # away on the day one is back
    re.compile(r"[„“]\s*[“”]"),  # an empty quotation
    re.compile(r"\s[,.:;]"),  # a slot that left a gap before punctuation
    re.compile(r"[^\S\n]{2,}"),  # two spaces where a value went missing
    re.compile(r"(Guten Tag|Hallo|Dear|Hi) ,"),
    re.compile(r"\(e\)|\(en\)|\(s\)|\(n\)"),
]
FIRM_ONLY = ("firm_progress", "firm_channel_check", "firm_confirm", "firm_letter")


@pytest.fixture(scope="module")
def demo_leads(sqlite_template, tmp_path_factory):
    import shutil

    from coaching.store import make_engine

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    report = reset_demo(engine, FIXED_TODAY)
    with read(engine) as conn:
        found = repo.list_leads(conn, report.team_id)
    engine.dispose()
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("address", ["sie", "du"])
def test_every_template_renders_for_every_demo_lead_as_a_person_would_write_it(
    demo_leads, lang, address
):
    templates = catalog(lang).doc("templates")
    assert len(demo_leads) >= 20
    for lead in demo_leads:
        values = lead_values(lead, "Jonas Weber", lang, address) | EXTRAS[lang]
        missing = {templates.gaps[k] for k, v in values.items() if v is None}
        for key, template in {**templates.messages, **templates.manners}.items():
            message = render(template, templates, address, values)
            text = f"{message.subject}\n{message.body}"
            where = (lead.company, key)
            assert "{" not in text and "}" not in text, where
            gaps = set(re.findall(r"\[([^\]]+)\]", text)) & set(templates.gaps.values())
            assert gaps <= missing, where
            for pattern in BROKEN:
                assert not pattern.search(text), (where, pattern.pattern, text)
            if key != "out_of_office":
                assert f"{GREETING[(lang, address)]} {values['salutation']}," in message.body
                _topic_is_quoted(text, lead.topic, lang, where)
            assert "Jonas Weber" in message.body, where


def test_informal_mails_greet_by_first_name_and_formal_ones_by_the_stored_salutation(demo_leads):
    templates = catalog("de").doc("templates")
    olbrich = next(lead for lead in demo_leads if lead.contact_name == "Dr. Miriam Olbrich")
    formal = render(templates.messages["clear_question"], templates, "sie", _values(olbrich, "sie"))
    informal = render(templates.messages["clear_question"], templates, "du", _values(olbrich, "du"))
    assert formal.body.startswith("Guten Tag Frau Dr. Olbrich,")
    assert informal.body.startswith("Hallo Miriam,")


def test_the_firm_letter_names_the_day_the_order_was_agreed_not_the_offer_date(demo_leads):
    templates = catalog("de").doc("templates")
    firm = next(lead for lead in demo_leads if lead.commitment == "firm_order")
    values = _values(firm, "sie") | EXTRAS["de"]
    body = render(templates.messages["firm_letter"], templates, "sie", values).body
    assert f"Am {values['order_date']} haben wir den Auftrag" in body
    assert values["offer_date"] not in body


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_out_of_office_reply_says_from_when_one_is_back(lang):
    templates = catalog(lang).doc("templates")
    values = {"sender": "Jonas Weber", **EXTRAS[lang]}
    message = render(templates.manners["out_of_office"], templates, "sie", values)
    back = {"de": "Ab dem 07.12.2026 bin ich wieder da", "en": "back on 2026-12-07"}[lang]
    assert back in message.body


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_firm_order_path_has_its_own_templates_without_a_no_is_fine_line(lang):
    cadence = catalog(lang).doc("cadence")
    templates = catalog(lang).doc("templates")
    firm = {key for step in cadence.paths["firm_order"] for key in step.templates}
    interest = {key for step in cadence.paths["interest_only"] for key in step.templates}
    assert firm == set(FIRM_ONLY) and not firm & interest
    for key in firm:
        for address in ("sie", "du"):
            body = templates.messages[key].body.for_address(address)
            assert not re.search(r"Nein|\"no\"|in Ordnung|perfectly fine|Entscheidung", body), key


def _values(lead, address):
    return lead_values(lead, "Jonas Weber", "de", address)


def _topic_is_quoted(text: str, topic: str | None, lang: str, where) -> None:
    opening, closing = QUOTES[lang]
    shown = topic or f"[{catalog(lang).doc('templates').gaps['topic']}]"
    for match in re.finditer(re.escape(shown), text):
        before, after = text[match.start() - 1], text[match.end() : match.end() + 1]
        assert (before, after) == (opening, closing), (where, text)
