"""Draft sanctions rules: status in the main clause, kinds, listings, expected and end dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from loader.draft.build import DraftOptions, draft_text
from loader.draft.events import EventIndex
from tests.helpers import draft, draft_pipe

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_status_is_the_main_clause_not_the_background() -> None:
    text = "The EU adopted its 21st package of sanctions on Monday, weeks after Hungary blocked it."
    [s] = draft(text, "sanctions")
    assert (s["number"], s["status"], s["date"]) == (21, "adopted", "on Monday")
    [f] = draft(
        "Ministers ended talks on Tuesday without agreeing the 21st sanctions package of the EU.",
        "sanctions",
    )
    assert f["status"] == "failed" and f["issuer"] == "european-union"


def test_a_package_in_a_leading_subordinate_clause_is_background() -> None:
    text = "Weeks after the 20th package took effect, the EU began work on a 21st round of sanctions against Russia."
    [s] = draft(text, "sanctions")
    assert (s["number"], s["status"]) == (21, "drafting")


def test_drafting_and_planned_cues() -> None:
    [d] = draft(
        "The European Union is preparing a 21st package of sanctions against Russia.", "sanctions"
    )
    assert d["status"] == "drafting"
    [p] = draft(
        "The EU will propose a 22nd sanctions package against Russia, Kaja Kallas said on Tuesday.",
        "sanctions",
    )
    assert p["status"] == "planned" and "date" not in p, "the date is when she spoke"


def test_a_designation_is_a_listing_without_the_word_sanctions() -> None:
    text = "The U.S. Treasury on Monday blacklisted Lukoil and Rosneft under Executive Order 14024, freezing their U.S. assets."
    [s] = draft(text, "sanctions")
    assert s["kind"] == "listing" and s["issuer"] == "us-treasury"
    assert s["targets"] == ["lukoil", "rosneft"], (
        "nothing after 'under' or ', freezing' is a target"
    )
    assert s["legal_act"] == {"label": "Executive Order 14024", "identifier": "E.O. 14024"}
    assert draft("Donald Trump's designated envoy Steve Witkoff flew to Moscow.", "sanctions") == []
    assert draft("Rosneft said the United States designated no new oil buyers.", "sanctions") == []


def test_expected_date_from_a_later_sentence() -> None:
    text = "EU states failed to agree the 21st sanctions package on Friday. Diplomats expect another attempt next week."
    [s] = draft(text, "sanctions")
    assert s["status"] == "failed" and s["date"] == "on Friday" and s["expected"] == "next week"
    assert len(s["evidence"]) == 2 and "review" in s
    [a] = draft(
        "The EU adopted its 21st sanctions package on Friday. Officials expect more next week.",
        "sanctions",
    )
    assert "expected" not in a, "an adopted package has no expected step"


def test_in_force_until_is_a_future_day() -> None:
    [s] = draft(
        "The EU on Monday extended its sanctions on Russia until 31 January 2026.", "sanctions"
    )
    assert s["kind"] == "extension" and s["in_force_until"] == "31 January 2026"
    [r] = draft("EU governments renewed the sanctions on Russia until 31 July.", "sanctions")
    assert r["kind"] == "renewal" and r["in_force_until"] == "2026-07-31", "read forward, not back"


def test_a_renewal_renews_the_issuers_only_regime_in_the_corpus() -> None:
    events = EventIndex.from_corpus(EXAMPLES)
    doc = draft_text(
        "The European Union rolled over its economic sanctions on Russia on Monday.\n",
        pipe=draft_pipe(), article_id="t", text_file="t.txt",
        options=DraftOptions(published=dt.date(2026, 1, 26)), events=events,
    ).doc  # fmt: skip
    [s] = doc["sanctions"]
    assert s["renews"] == "eu-russia-economic" and "only regime" in s["review"]


def test_a_numbered_package_without_the_word_sanctions_in_a_sanctions_article() -> None:
    text = "The EU adopted new sanctions on Lukoil on Monday. Kaja Kallas said a 21st package was in the works."
    packages = draft(text, "sanctions")
    assert [(p.get("number"), p["status"]) for p in packages] == [
        (None, "adopted"),
        (21, "drafting"),
    ]
    assert (
        draft("Kaja Kallas said a 21st package of aid for Ukraine was in the works.", "sanctions")
        == []
    )


def test_an_administration_is_its_state_and_the_acting_body_is_the_issuer() -> None:
    text = "The Biden administration on Friday imposed sanctions on Rosneft. The Treasury Department also listed 40 tankers."
    [s] = draft(text, "sanctions")
    assert s["issuer"] == "us-treasury" and "united-states" in s["review"]
    assert "The Treasury Department also listed 40 tankers." in s["evidence"]
    assert (
        draft(
            "Sergei Lavrov said the Biden administration was imposing sanctions on Russia.",
            "sanctions",
        )
        == []
    )


def test_measures_against_counted_targets_and_the_same_targets() -> None:
    text = (
        "The U.S. Treasury imposed sanctions on Rosneft and Lukoil on Wednesday. "
        "The United Kingdom announced measures against the same two firms, and against 30 more vessels."
    )
    us, uk = draft(text, "sanctions")
    assert uk["issuer"] == "united-kingdom"
    assert uk["targets"] == ["rosneft", "lukoil", {"count": 30, "description": "vessels"}]
    assert "the same" in uk["review"] and us["issuer"] == "us-treasury"
    assert draft("Police took measures against protesters in Moscow.", "sanctions") == []
