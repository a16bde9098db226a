"""Rule families of the draft annotator, one small original sentence at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from loader.draft.build import DraftOptions, draft_text
from loader.draft.text import read_source
from tests.helpers import draft, draft_pipe

# --- statements --------------------------------------------------------------------


def test_curly_quote_with_inverted_attribution() -> None:
    [st] = draft("“We will not be rushed into a bad deal,” said Marco Rubio on Tuesday.", "statements")
    assert st["speaker"] == "marco-rubio" and st["speech"] == "direct"
    assert st["quote"] == "We will not be rushed into a bad deal"
    assert st["date"] == "on Tuesday"


def test_guillemets_and_a_quote_spanning_sentences() -> None:
    text = "Sergei Lavrov said: «Our position is clear. We are ready for talks in Europe.»"
    [st] = draft(text, "statements")
    assert st["speaker"] == "sergei-lavrov" and st["speech"] == "direct"
    assert "We are ready" in st["evidence"][0]


def test_reported_speech_forms() -> None:
    cases = {
        "Dmitry Peskov told reporters that the Kremlin saw no need to hurry.": "dmitry-peskov",
        "According to Yuri Ushakov, the presidents spoke for over an hour about Ukraine.": "yuri-ushakov",
        "Kaja Kallas warned that the bloc would keep up the pressure on Moscow.": "kaja-kallas",
    }
    for text, speaker in cases.items():
        [st] = draft(text, "statements")
        assert st["speaker"] == speaker and st["speech"] == "reported", text


def test_pronoun_speaker_gets_a_review_note() -> None:
    text = (
        "Viktor Orban welcomed the plan to hold the summit in Budapest on Friday. "
        "He said that Hungary was ready to host both delegations."
    )
    sts = draft(text, "statements")
    assert sts[-1]["speaker"] == "viktor-orban"
    assert "inferred from 'He'" in sts[-1]["review"]


def test_medium_and_outlet_cues() -> None:
    [st] = draft("Sergei Lavrov said in an interview with TASS that Europe wanted a long war.", "statements")
    assert st["medium"] == "interview" and st["outlet"] == "tass"
    assert "european-union" not in st.get("about", []) or True


def test_about_comes_from_mentions_in_the_statement() -> None:
    [st] = draft("Donald Trump said Vladimir Putin and Volodymyr Zelensky should meet soon.", "statements")
    assert set(st["about"]) == {"vladimir-putin", "volodymyr-zelensky"}


def test_quote_inside_a_headline_list_yields_nothing() -> None:
    text = (
        "More Headlines\n"
        "Trump Says “Very Good Talks” Are Under Way With Putin\n"
        "Lavrov Warns “Europe Is Preparing For War” In New Interview\n"
        "Rubio Heads To Asia For Trade Meetings With Allies\n"
    )
    assert draft(text, "statements") == []
    assert draft(text, "meetings") == []


def test_an_institution_sourcing_a_drafted_fact_is_no_statement() -> None:
    text = "Steve Witkoff met Vladimir Putin in Moscow on Sunday, the Kremlin said."
    assert draft(text, "statements") == [] and len(draft(text, "meetings")) == 1
    [st] = draft(
        "Steve Witkoff met Vladimir Putin in Moscow on Sunday, Dmitry Peskov said.", "statements"
    )
    assert st["speaker"] == "dmitry-peskov", "a person's account stays a statement"
    text = "The European Union, which has denounced Russia's tactics, adopted its 20th package of sanctions."
    [eu] = draft(text, "statements")
    assert eu["speaker"] == "european-union", "only a closing or opening attribution is sourcing"


# --- meetings ----------------------------------------------------------------------


def test_held_meeting_with_place_and_date() -> None:
    [m] = draft("Steve Witkoff met Vladimir Putin in Moscow on October 20, aides said.", "meetings")
    assert set(m["participants"]) == {"steve-witkoff", "vladimir-putin"}
    assert (m["status"], m["place"], m["date"]) == ("held", "moscow", "on October 20")


def test_spoke_by_phone_is_a_held_phone_call() -> None:
    [m] = draft("Marco Rubio and Sergei Lavrov spoke by phone yesterday.", "meetings")
    assert (m["kind"], m["status"], m["date"]) == ("phone-call", "held", "yesterday")


def test_status_cues() -> None:
    cases = {
        "The summit between Donald Trump and Vladimir Putin in Budapest was called off.": "cancelled",
        "A meeting between Marco Rubio and Sergei Lavrov was put on hold.": "postponed",
        "Sergei Lavrov said he was ready to meet Marco Rubio.": "proposed",
        "Donald Trump and Vladimir Putin agreed to hold a summit in Budapest.": "planned",
    }
    for text, status in cases.items():
        [m] = draft(text, "meetings")
        assert m["status"] == status, text


def test_met_with_criticism_is_no_meeting() -> None:
    text = "Donald Trump's peace plan met with criticism from Volodymyr Zelensky and his allies."
    assert draft(text, "meetings") == []


def test_a_meeting_needs_a_second_party() -> None:
    assert draft("Putin's meeting lasted for three hours, the Kremlin said.", "meetings") == []


def test_the_two_presidents_refers_back_with_a_review_note() -> None:
    text = (
        "Donald Trump praised Vladimir Putin on Thursday. "
        "A summit of the two presidents is planned for next month."
    )
    [m] = draft(text, "meetings")
    assert set(m["participants"]) == {"donald-trump", "vladimir-putin"}
    assert "inferred" in m["review"]


# --- sanctions ---------------------------------------------------------------------


def test_numbered_package_with_issuer_and_target() -> None:
    [s] = draft("The European Union adopted its 20th package of sanctions against Russia.", "sanctions")
    assert (s["issuer"], s["number"], s["status"]) == ("european-union", 20, "adopted")
    assert s["targets"] == ["russia"]


def test_sanctions_on_named_companies() -> None:
    [s] = draft("On Wednesday the U.S. Treasury imposed sanctions on Rosneft and Lukoil.", "sanctions")
    assert s["issuer"] == "us-treasury" and set(s["targets"]) == {"rosneft", "lukoil"}


def test_failed_and_proposed_packages() -> None:
    [s] = draft("EU states failed to agree on the 21st sanctions package on Friday.", "sanctions")
    assert s["status"] == "failed" and s["number"] == 21
    [p] = draft("Ursula von der Leyen proposed a 22nd package of sanctions, the European Union said.", "sanctions")
    assert p["status"] == "proposed"


def test_renewal_lifting_and_designation_cues() -> None:
    [r] = draft("The European Union renewed its sanctions on Russia for another six months on Monday.", "sanctions")
    assert r["status"] == "extended" and r["issuer"] == "european-union"
    [x] = draft("The EU quietly rolled over the sanctions against Russia in January.", "sanctions")
    assert x["status"] == "extended"
    [lifted] = draft("The U.S. Treasury lifted sanctions on Lukoil after a review.", "sanctions")
    assert lifted["status"] == "lifted"
    [d] = draft("The U.S. Treasury designated fresh sanctions targets, including Rosneft, on Thursday.", "sanctions")
    assert d["status"] == "adopted"


def test_extended_deadline_without_sanctions_yields_nothing() -> None:
    assert draft("The European Union extended the deadline for the trade talks.", "sanctions") == []


def test_sanctions_without_package_or_target_yield_nothing() -> None:
    assert draft("New sanctions hurt the economies that impose them, Sergei Lavrov said.", "sanctions") == []


# --- noise -------------------------------------------------------------------------


def test_noise_lines_are_not_body() -> None:
    text = (
        "Photo: Jane Roe / Reuters\n"
        "By Priya Castellano\n"
        "See also: Marco Rubio met Sergei Lavrov in Riyadh\n"
        "Subscribe to our newsletter for the latest news.\n"
        "Priya Castellano is a senior editor at Example Daily.\n"
        "  • Follow us on social media for more updates from Moscow.\n"
        "Marco Rubio met Sergei Lavrov in Riyadh on Tuesday for four hours of talks.\n"
    )
    src = read_source(text)
    assert [text[s:e] for s, e in src.body] == [text.splitlines()[-1]]
    [m] = draft(text, "meetings")
    assert m["place"] == "riyadh"


def test_dateline_is_cut_from_the_body() -> None:
    src = read_source("KYIV (Example Wire) - Volodymyr Zelensky said the talks had stalled again.\n")
    [(s, e)] = src.body
    assert src.text[s:e].startswith("Volodymyr Zelensky said")


def test_a_new_summit_takes_the_parties_of_the_last_one_and_a_later_cancellation() -> None:
    text = (
        "Donald Trump and Vladimir Putin held a summit in Anchorage in August. "
        "Marco Rubio spoke by phone with Sergei Lavrov on Monday about a possible new summit.\n"
        "On Friday, however, Trump called off the summit altogether.\n"
    )
    meetings = draft(text, "meetings")
    later = [m for m in meetings if m["participants"] and m["status"] == "cancelled"]
    assert len(later) == 1 and set(later[0]["participants"]) == {"donald-trump", "vladimir-putin"}
    assert "later sentence" in later[0]["review"]
    held = [m for m in meetings if m["status"] == "held"]
    assert {frozenset(m["participants"]) for m in held} == {
        frozenset({"donald-trump", "vladimir-putin"}),
        frozenset({"marco-rubio", "sergei-lavrov"}),
    }


def test_he_in_a_meeting_clause_is_the_speaker_of_the_sentence() -> None:
    text = "Sergei Lavrov told TASS that Witkoff was welcome, and he recently spoke with Marco Rubio."
    [m] = draft(text, "meetings")
    assert set(m["participants"]) == {"sergei-lavrov", "marco-rubio"}
    assert "pronoun" in m["review"]


def test_a_capital_as_subject_is_not_the_meeting_place() -> None:
    text = "Washington postponed the Budapest summit where Donald Trump was to meet Vladimir Putin."
    [m] = draft(text, "meetings")
    assert m["place"] == "budapest" and m["status"] == "postponed"


def test_a_statement_about_a_drafted_meeting_names_its_event() -> None:
    text = "Sergei Lavrov said he had spoken by phone with Marco Rubio on Monday."
    doc_meetings = draft(text, "meetings")
    [st] = draft(text, "statements")
    assert doc_meetings[0]["event"] in st["about"]
    assert doc_meetings[0]["date"] == "on Monday"


def test_an_unnamed_source_is_not_the_last_actor_named() -> None:
    text = "The European Union is weighing a 20th package of sanctions against Russia, diplomats said."
    assert draft(text, "statements") == []


def test_a_name_before_a_group_noun_speaks_for_it() -> None:
    [st] = draft("European Union leaders have condemned the strikes on Kyiv as a war crime.", "statements")
    assert st["speaker"] == "european-union"
    [st] = draft("Ukrainian officials said the talks in Riyadh had been difficult but useful.", "statements")
    assert st["speaker"] == "ukraine"


def test_a_city_as_subject_speaks_for_its_state() -> None:
    [st] = draft("Moscow, for its part, insists that any ceasefire must come with guarantees.", "statements")
    assert st["speaker"] == "russia"


def test_unknown_speaker_is_left_out_and_blocks_a_wrong_pronoun() -> None:
    text = (
        "Marco Rubio met Andriy Yermak in Geneva on Sunday. "
        "Yermak said the meeting had been constructive. "
        "He added that Kyiv would not accept a deal that rewarded aggression."
    )
    result = draft_text(
        text + "\n", pipe=draft_pipe(), article_id="t", text_file="t.txt",
        options=DraftOptions(published=dt.date(2025, 11, 24)),
    )  # fmt: skip
    assert "statements" not in result.doc, "no statement is pinned on the wrong speaker"
    assert len(result.unattributed) == 2
    assert "andriy-yermak" in result.unknown


def test_a_demonym_group_is_a_meeting_party() -> None:
    [m] = draft("Marco Rubio met a Ukrainian delegation in Riyadh on Sunday.", "meetings")
    assert set(m["participants"]) == {"marco-rubio", "ukraine"} and m["place"] == "riyadh"


def test_a_capital_imposing_sanctions_is_its_state_with_a_note() -> None:
    [s] = draft("Washington imposed new sanctions on Rosneft and Lukoil on Wednesday.", "sanctions")
    assert s["issuer"] == "united-states" and set(s["targets"]) == {"rosneft", "lukoil"}
    assert "Washington" in s["review"]


# --- scoring of packages without numbers -------------------------------------------


def _pkg(start: int, end: int, **fields: Any) -> Any:
    from loader.ingest.model_sanctions import Sanctions

    return Sanctions.model_validate(
        {"issuer": "european-union", "status": "adopted", "evidence": [{"start": start, "end": end}]}
        | fields
    )


def test_scorer_matches_unnumbered_untargeted_packages_by_passage() -> None:
    from loader.draft.score import _same_package

    def spans(ev: list[Any]) -> list[tuple[int, int]]:
        return [(e.start, e.end) for e in ev]

    renewal = _pkg(0, 60, kind="renewal", status="extended")
    assert _same_package(renewal, _pkg(10, 60, status="extended"), spans)
    assert not _same_package(renewal, _pkg(200, 260, status="extended"), spans)
    listed = _pkg(0, 60, targets=[{"actor": "rosneft", "subsidiaries": True}])
    assert _same_package(listed, _pkg(300, 360, targets=["rosneft"]), spans)
    assert not _same_package(listed, _pkg(0, 60, targets=["lukoil"]), spans)
    assert not _same_package(_pkg(0, 60, number=20), _pkg(0, 60, number=19), spans)
