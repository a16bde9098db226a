"""Draft meeting rules: seats of power and datelines as places, delegations, weak cues."""

from __future__ import annotations

from tests.helpers import draft


def test_a_seat_of_power_is_its_city() -> None:
    [m] = draft("Vladimir Putin received Steve Witkoff in the Kremlin on Thursday.", "meetings")
    assert m["place"] == "moscow" and m["date"] == "on Thursday"
    [w] = draft("Donald Trump met Volodymyr Zelensky at the White House on Monday.", "meetings")
    assert w["place"] == "washington"
    [k] = draft("The Kremlin said Vladimir Putin met Steve Witkoff on Thursday.", "meetings")
    assert "place" not in k, "the Kremlin as a speaker is no place"


def test_the_capital_is_the_dateline_city() -> None:
    text = "RIYADH — Marco Rubio met Sergei Lavrov in the Saudi capital on Tuesday."
    [m] = draft(text, "meetings")
    assert m["place"] == "riyadh"
    [x] = draft(
        "MOSCOW — Marco Rubio met Sergei Lavrov in the Saudi capital on Tuesday.", "meetings"
    )
    assert "place" not in x, "the dateline is in another country"


def test_sides_then_people_are_one_meeting() -> None:
    text = (
        "Senior U.S. and Russian officials met in Riyadh on Tuesday for talks on Ukraine. "
        "Marco Rubio and Steve Witkoff sat down with Sergei Lavrov and Yuri Ushakov for four hours."
    )
    [m] = draft(text, "meetings")
    assert set(m["participants"]) == {
        "marco-rubio",
        "steve-witkoff",
        "sergei-lavrov",
        "yuri-ushakov",
    }
    assert (m["date"], m["place"], m["kind"]) == ("on Tuesday", "riyadh", "talks")
    assert len(m["evidence"]) == 2 and "sides named first" in m["review"]


def test_weak_references_make_no_meeting() -> None:
    text = "Donald Trump spoke to Vladimir Putin by phone. He added that a meeting of the two presidents needed care."
    assert [m["kind"] for m in draft(text, "meetings")] == ["phone-call"], "a meeting, no tense"
    text = (
        "Steve Witkoff met Vladimir Putin on Friday. Officials watched the envoy's visits "
        "with unease, worried that deals could be made over their heads."
    )
    assert len(draft(text, "meetings")) == 1, "'their' owns no meeting here"


def test_a_pronoun_subject_postpones_a_trip() -> None:
    text = "Volodymyr Zelensky spoke in Ankara on Tuesday. He put off a planned trip to Saudi Arabia until March."
    trips = [m for m in draft(text, "meetings") if m["kind"] == "visit"]
    assert [(t["status"], set(t["participants"])) for t in trips] == [
        ("postponed", {"volodymyr-zelensky", "saudi-arabia"})
    ]


def test_a_later_trigger_in_the_clause_has_the_parties() -> None:
    text = "The trip followed talks in Riyadh, where Marco Rubio and Mike Waltz met Sergei Lavrov."
    [m] = draft(text, "meetings")
    assert set(m["participants"]) == {"marco-rubio", "mike-waltz", "sergei-lavrov"}


def test_him_after_the_trigger_is_who_said_so() -> None:
    text = "Donald Trump said on Air Force One that Vladimir Putin wanted to meet him and that talks were being arranged."
    [m] = draft(text, "meetings")
    assert set(m["participants"]) == {"donald-trump", "vladimir-putin"} and m["status"] == "planned"
    assert "a pronoun" in m["review"]


def test_a_date_in_a_who_aside_dates_something_else() -> None:
    text = "Friedrich Merz, who took office on 6 May, met Volodymyr Zelensky in Berlin."
    [m] = draft(text, "meetings")
    assert "date" not in m and m["place"] == "berlin"


def test_states_a_few_words_from_the_trigger_and_time_spent_with() -> None:
    [t] = draft(
        'Russia and Ukraine would "soon" start talks on prisoners, Donald Trump said.', "meetings"
    )
    assert set(t["participants"]) == {"russia", "ukraine"} and t["status"] == "planned"
    [s] = draft("Vladimir Putin spent three hours with Steve Witkoff on Thursday.", "meetings")
    assert s["status"] == "held" and set(s["participants"]) == {"vladimir-putin", "steve-witkoff"}
