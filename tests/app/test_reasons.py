"""The Gründe & Trends page: charts, takeaways, filters, presenter view, mapping, empty states."""

import json
import re

from sqlalchemy import delete, update

from coaching import insights
from coaching.store import insights as repo
from coaching.store import read, versions, write
from coaching.store.schema import conversations, deals, leads, reviews, teams, users
from tests.app.conftest import texts

# The demo is dated relative to today, so on some days two reasons tie for the top.
LEADING_DE = "(Häufigster Grund|Gleich häufig)"
FINDING = "reasons_open_"


def _open(signed_in, person="claudia"):
    """The page with every finding unfolded: a chart is drawn only when its finding is open."""
    at = signed_in(person)
    at.switch_page("pages/reasons.py")
    return _unfold(at.run())


def _unfold(at):
    for key in [k for k in at.session_state if k.startswith(FINDING)]:
        at.session_state[key] = True
    return at.run()


def _figures(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def _titles(at) -> list[str]:
    return [f["layout"]["title"]["text"] for f in _figures(at)]


def test_every_member_sees_reason_charts_with_takeaways(signed_in):
    at = _open(signed_in, "jonas")
    assert not at.exception
    shown = texts(at)
    assert "Gründe & Trends" in shown
    assert re.search(LEADING_DE + " in den letzten 12 Monaten:", shown)
    assert "Gründe nach Anzahl" in _titles(at)
    assert "Gründe je Quartal" in _titles(at)


def test_on_arrival_the_findings_are_sentences_and_a_chart_is_drawn_when_opened(signed_in):
    at = signed_in("jonas")
    at.switch_page("pages/reasons.py")
    at.run()
    assert len([k for k in at.session_state if k.startswith(FINDING)]) >= 8  # one per finding
    assert not _titles(at) and not at.get("download_button")
    at.session_state[f"{FINDING}silence_stage"] = True
    at.run()
    assert len(_titles(at)) == 1 and len(at.get("download_button")) == 1


def test_charts_use_german_separators_and_labelled_axes(signed_in):
    at = _open(signed_in)
    counts = next(f for f in _figures(at) if f["layout"]["title"]["text"] == "Gründe nach Anzahl")
    assert counts["layout"]["separators"] == ",."
    assert counts["layout"]["xaxis"]["title"]["text"] == "Anzahl Fälle"
    assert counts["layout"]["yaxis"]["title"]["text"] == "Grund"


def test_charts_without_data_say_where_the_data_comes_from(signed_in):
    at = _open(signed_in)
    at.selectbox(key="reasons_source").set_value("crm").run()  # hours come from reviews only
    assert "Investierte Stunden stammen aus geteilten Rückblicken" in texts(at)


def test_each_chart_offers_its_data_as_csv(signed_in):
    at = _open(signed_in)
    keys = {e.proto.id for e in at.get("download_button")}
    assert len(keys) == len(_figures(at)) >= 4


def test_changing_the_period_changes_the_takeaway(signed_in):
    at = _open(signed_in)
    at.selectbox(key="reasons_period").set_value("all").run()
    assert not at.exception
    assert re.search(LEADING_DE + " im gesamten Zeitraum:", texts(at))


def test_the_last_quarter_is_flagged_as_small_figures(signed_in):
    at = _open(signed_in)
    at.selectbox(key="reasons_period").set_value("last_quarter").run()
    shown = texts(at)
    assert "kleine Zahlen" in shown
    assert "im letzten Quartal (Q3 2026)" in shown


def test_the_source_filter_shows_only_reviews_and_leads(signed_in):
    at = _open(signed_in)
    everything = _figures(at)[0]
    at.selectbox(key="reasons_source").set_value("reviews").run()
    assert not at.exception
    assert _figures(at)[0]["data"] != everything["data"]  # CRM deals no longer counted


def test_the_deal_size_filter_narrows_the_counted_deals(signed_in):
    at = _open(signed_in)
    at.selectbox(key="reasons_period").set_value("all").run()
    everything = _figures(_unfold(at))[0]["data"][0]["x"]
    at.selectbox(key="reasons_band").set_value("medium").run()
    _unfold(at)  # new sentences are new findings: they arrive folded
    assert not at.exception
    assert sum(_figures(at)[0]["data"][0]["x"]) < sum(everything)


def test_a_selection_from_too_few_people_is_withheld(signed_in, store, demo):
    with write(store) as conn:
        conn.execute(update(teams).where(teams.c.id == demo.team_id).values(min_group_size=7))
        versions.bump(conn, demo.team_id)
    at = _open(signed_in)
    assert "nur 6 Personen" in texts(at)
    assert "ab 7 Personen" in texts(at)
    assert not _figures(at)


def test_the_presenter_view_shows_one_chart_at_a_time_with_next_and_previous(signed_in):
    at = _open(signed_in)
    at.toggle(key="reasons_presenter").set_value(True).run()
    assert not at.exception
    assert _titles(at) == ["Gründe nach Anzahl"]
    count = int(re.search(r"Diagramm 1 von (\d+)", texts(at)).group(1))
    assert count >= 4
    assert _figures(at)[0]["layout"]["font"]["size"] == 22
    at.button(key="reasons_next").click().run()
    assert _titles(at) == ["Gründe nach verlorenem Wert"]
    at.button(key="reasons_previous").click().run()
    at.button(key="reasons_previous").click().run()
    assert f"Diagramm {count} von {count}" in texts(at)
    assert at.query_params["praesentation"] in ("1", ["1"])


def test_the_presenter_view_opens_from_the_address(signed_in):
    at = signed_in("claudia")
    at.switch_page("pages/reasons.py")
    at.query_params["praesentation"] = "1"
    at.run()
    assert len(_figures(at)) == 1


def test_a_manager_confirms_a_suggested_mapping_and_the_charts_use_it(signed_in, store, demo):
    at = _open(signed_in)
    key = insights.label_key("Intern keine Freigabe")
    assert at.selectbox(key=key).value == "internal_processes"  # suggested from keywords
    at.button(key="reasons_map_save").click().run()
    assert not at.exception
    assert "Zuordnungen gespeichert" in texts(at)
    with read(store) as conn:
        left = repo.unmapped_labels(conn, demo.team_id)
        assert all(insights.suggest_reason(label) is None for label, _ in left)
        assert repo.mappings(conn, demo.team_id)["intern keine freigabe"] == "internal_processes"


def test_a_manager_can_change_the_suggestion_before_saving(signed_in, store, demo):
    at = _open(signed_in)
    at.selectbox(key=insights.label_key("Timing")).set_value("no_decision")
    at.button(key="reasons_map_save").click().run()
    with read(store) as conn:
        assert repo.mappings(conn, demo.team_id)["timing"] == "no_decision"


def test_members_are_told_about_unmapped_labels_but_cannot_map(signed_in):
    at = _open(signed_in, "aylin")
    assert "noch keinem Grund zugeordnet" in texts(at)
    assert not [s for s in at.selectbox if str(s.key).startswith("reasons_map_")]


def test_a_team_without_data_is_told_how_to_get_some(signed_in, store, demo):
    with write(store) as conn:
        for table in (deals, reviews, conversations, leads):
            conn.execute(delete(table).where(table.c.team_id == demo.team_id))
        versions.bump(conn, demo.team_id)
    at = _open(signed_in)
    assert not at.exception
    shown = texts(at)
    assert "Noch keine Daten für Gründe & Trends" in shown
    assert "CRM-Deals importieren" in shown and "Rückblick teilen" in shown
    assert not _figures(at)


def test_english_speakers_get_english_words_and_formats(signed_in, store, demo):
    with write(store) as conn:
        conn.execute(update(users).where(users.c.team_id == demo.team_id).values(language="en"))
    at = _open(signed_in)
    assert re.search("(Most frequent reason|Equally frequent) in the last 12 months:", texts(at))
    assert _figures(at)[0]["layout"]["separators"] == ".,"


def test_the_start_page_tells_the_manager_about_labels_waiting_for_a_mapping(signed_in):
    def links(at) -> str:
        return " ".join(link.proto.label for link in at.get("page_link"))

    assert "4 CRM-Verlustgründe warten auf Ihre Zuordnung" in links(signed_in("claudia"))
    assert "CRM-Verlustgründe" not in links(signed_in("markus"))
