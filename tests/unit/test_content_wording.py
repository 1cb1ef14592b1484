"""The words themselves: real plural forms, one term per thing, no borrowed sentences, English
as a native speaker writes it. A failing test names the file and the offending text."""

import io
import re
import shutil
import tokenize
from pathlib import Path

import pytest
import yaml

from coaching import settings
from coaching.content import ContentError, catalog, load_catalog

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PLURAL_HACK = re.compile(r"\w\((e|en|n|r|s|es|in|innen)\)")
RUN = 8


def content_files(lang: str | None = None) -> list[Path]:
    base = settings.content_dir()
    return sorted((base / lang if lang else base).rglob("*.yaml"))


def texts(path: Path) -> list[str]:
    """Every text value of a content file (keys and comments are not shown to anyone)."""
    return list(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))


def test_no_plural_hack_in_any_content_file():
    found = [(p.name, s) for p in content_files() for s in texts(p) if PLURAL_HACK.search(s)]
    assert found == []


def test_no_plural_hack_in_the_code_either():
    sources = [*(ROOT / "coaching").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    found = [
        (path.name, token.string)
        for path in sources
        for token in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline)
        if token.type == tokenize.STRING and PLURAL_HACK.search(token.string)
    ]
    assert found == []


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("count", "form"), [(0, "other"), (1, "one"), (2, "other")])
def test_t_chooses_the_plural_form_by_count(lang, count, form):
    cat = catalog(lang)
    expected = cat.strings[f"follow_up.attention_overdue.{form}"].replace("{count}", str(count))
    assert cat.text("follow_up.attention_overdue", count=count) == expected


def test_german_singular_and_plural_read_right():
    cat = catalog("de")
    assert cat.text("follow_up.no_anchor", count=1).startswith("1 offener Lead ohne")
    assert "erscheint hier nicht" in cat.text("follow_up.no_anchor", count=1)
    assert cat.text("follow_up.no_anchor", count=3).startswith("3 offene Leads ohne")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_plural_entry_has_both_forms(lang):
    strings = catalog(lang).strings
    stems = {key.rsplit(".", 1)[0] for key in strings if key.endswith(".one")}
    for stem in stems:
        assert f"{stem}.one" in strings and f"{stem}.other" in strings, stem


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_run_of_eight_words_from_the_source_seeds(lang):
    seeds = _words((FIXTURES / "domain_seeds.md").read_text(encoding="utf-8"))
    seeds += ["|"] + _words((FIXTURES / "domain_seeds_de.md").read_text(encoding="utf-8"))
    runs = {tuple(seeds[i : i + RUN]) for i in range(len(seeds) - RUN + 1)}
    found = []
    for path in content_files(lang):
        for text in texts(path):
            words = _words(text)
            hits = [" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)]
            found += [(path.name, hit) for hit in hits if tuple(hit.split()) in runs]
    assert found == []


def test_the_seed_copy_is_the_shared_domain_brief():
    shared = ROOT.parent / "shared" / "domain.md"  # ../shared, as the workplace lays it out
    if not shared.exists():
        pytest.skip("the shared domain brief is not beside this checkout (../shared)")
    assert (FIXTURES / "domain_seeds.md").read_text() == shared.read_text()


GERMAN_TERMS = {
    r"\bReviews?\b": "Rückblick",
    r"\bFeedback\b": "Rückmeldung",
    r"\bAnsprechpartner": "Ansprechperson",
    r"\w/in(nen)?\b": "Paarform (Kundin oder Kunde) oder neutrale Form",
    r"\bKunde/Kundin\b": "Kundin oder Kunde",
}
ENGLISH_SLIPS = [
    r"\b(a|an|the|our|your|their|this|that|each|every|no|per|open|many) offers?\b",
    r"\boffer date\b",
    r"into the blue",
    r"our ways part",
    r"no head for",
    r"own manners",
]


def test_german_content_uses_one_term_per_thing():
    found = [
        (path.name, text[:80], term)
        for path in content_files("de")
        for text in texts(path)
        for pattern, term in GERMAN_TERMS.items()
        if re.search(pattern, text) and "Harvard Business Review" not in text
    ]
    assert found == []


def test_english_content_has_no_germanisms_and_says_proposal():
    found = [
        (path.name, text[:80])
        for path in content_files("en")
        for text in texts(path)
        for pattern in ENGLISH_SLIPS
        if re.search(pattern, text, re.IGNORECASE)
    ]
    assert found == []


@pytest.mark.parametrize("doc", ["cadence", "review", "pulse", "lead_check"])
def test_coaching_text_in_german_speaks_to_the_user_as_sie_only(doc):
    """These documents talk to the person using the app; Du exists only for customer text."""
    texts_ = _strings(catalog("de").doc(doc).model_dump())
    found = [text for text in texts_ if re.search(r"\b(du|dich|dir|dein\w*|ihr|euch)\b", text)]
    assert found == []


def test_german_quotations_close_with_a_german_closing_quote():
    found = [
        (path.name, text[:80])
        for path in content_files("de")
        for text in texts(path)
        if re.search(r"„[^“\"]*\"", text)
    ]
    assert found == []


def test_style_guide_exists_and_names_the_conventions_the_tests_check():
    style = (settings.content_dir() / "STYLE.md").read_text(encoding="utf-8")
    for word in ("Rückblick", "Rückmeldung", "Ansprechperson", "Kundinnen und Kunden", "proposal"):
        assert word in style


def _strings(value):
    if isinstance(value, dict):
        for child in value.values():
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)
    elif isinstance(value, str):
        yield value


def _words(text: str) -> list[str]:
    return re.findall(r"[\wäöüÄÖÜß']+", text.lower())


STUDY_KINDS = {
    "de": ("Buch", "Umfrage", "Schätzung", "Herstellerstudie", "Studie", "Befragung"),
    "en": ("Book", "survey", "estimate", "Vendor study", "study"),
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_research_source_says_what_kind_of_study_it_is(lang):
    for item in catalog(lang).doc("workshop").research:
        kind = item.source.split(":", 1)[0]
        assert any(word.lower() in kind.lower() for word in STUDY_KINDS[lang]), item.source


def test_the_research_figures_say_what_they_measure():
    for lang, qualified, million in (("de", "qualifizierte", "1,25"), ("en", "qualified", "1.25")):
        research = {item.figure: item for item in catalog(lang).doc("workshop").research}
        jolt = next(item for figure, item in research.items() if figure.startswith("40"))
        lead_response = next(item for figure, item in research.items() if figure.startswith("7"))
        assert qualified in jolt.claim and qualified in jolt.reliability
        assert million in lead_response.reliability and "B2C" in lead_response.reliability


@pytest.mark.parametrize(("lang", "orientation"), [("de", "Orientierung"), ("en", "orientation")])
def test_the_consent_reminder_orients_and_disclaims_rather_than_reassures(lang, orientation):
    text = catalog(lang).doc("cadence").consent_reminder
    assert orientation in text
    assert ("keine Rechtsberatung" if lang == "de" else "not legal advice") in text
    assert not re.search(r"meist etwas anderes|usually something else", text)


def test_a_plural_without_its_other_form_is_refused_at_start_up_naming_file_and_entry(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(settings.content_dir(), content)
    path = content / "de" / "ui" / "follow_up.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  other: "Nachfassen: {count} Schritte überfällig"\n', "", 1))
    with pytest.raises(ContentError) as error:
        load_catalog(content, "de")
    message = str(error.value)
    assert "follow_up.yaml" in message and "follow_up.attention_overdue" in message


def test_a_radar_plural_missing_a_form_names_file_and_field(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(settings.content_dir(), content)
    path = content / "de" / "radar.yaml"
    text = path.read_text(encoding="utf-8")
    cut = '    other: "zu wenig Daten: erst {count} verwertbare Rechnungen, nötig sind {needed}"\n'
    assert cut in text
    path.write_text(text.replace(cut, "", 1), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_catalog(content, "de")
    assert "radar.yaml" in str(error.value) and "too_little.invoices" in str(error.value)
