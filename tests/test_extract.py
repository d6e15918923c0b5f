"""extract + resolve + merge on sentences written for these tests."""
from __future__ import annotations

import pytest

from helpers import article
from sitroom.export import event_record
from sitroom.pipeline import extract_events


def _events(text: str, published: str = "2024-03-12"):
    return [event_record(e) for e in extract_events(article(text, published))]


@pytest.mark.parametrize(
    "text",
    [
        "Militants are preparing to attack the town of Maiduguri, officials warned on Monday.",
        "The army did not shell the village of Kafr Nabl on Sunday, a spokesman said.",
        "Rebels threatened to storm Goma if talks failed.",
        "Officials fear that fighters will attack the camps near Maiduguri next week.",
        "The government denied that its troops had killed civilians in Kidal.",
        "No group has admitted carrying out the attack on the army post in Kidal.",
    ],
)
def test_plans_negations_threats_and_denials_are_not_events(text):
    assert _events(text) == []


def test_an_attack_that_killed_no_one_is_still_an_event_with_no_deaths():
    # "no one" negates the killing, not the shelling it came from
    for text in ("No one was killed when rebels shelled Goma on Monday, the army said.",
                 "Rebels shelled Goma on Monday, killing no one, the army said."):
        (event,) = _events(text)
        assert event["sub_event_type"] == "Shelling/artillery/missile attack" and event["fatalities"] == 0, text


def test_gunmen_killing_farmers_is_an_attack_on_civilians():
    (event,) = _events("Gunmen killed three farmers near Maiduguri on Tuesday, police said.")
    assert event["sub_event_type"] == "Attack"
    assert event["actor1"] == "Unidentified Armed Group (Nigeria)"
    assert event["actor2"] == "Civilians (Nigeria)"
    assert event["fatalities"] == 3
    assert event["country"] == "Nigeria" and event["location"] == "Maiduguri"
    assert event["event_date"] == "2024-03-12"  # Tuesday, the day of publication
    assert event["civilian_targeting"] == "Civilian targeting"


def test_weapon_decides_the_explosion_type():
    (event,) = _events("A roadside bomb killed two Somali soldiers near Afgooye on Saturday.", "2024-06-02")
    assert event["sub_event_type"] == "Remote explosive/landmine/IED"
    assert event["actor2"] == "Military Forces of Somalia"
    assert event["fatalities"] == 2


def test_arrest_by_police():
    # Not "protesters": ACLED codes arrests at a protest as the protest (with intervention).
    (event,) = _events("Police arrested five opposition activists in Kano on Monday.")
    assert event["sub_event_type"] == "Arrests"
    assert event["actor1"] == "Police Forces of Nigeria"


def test_two_acts_in_one_sentence_are_two_events_unless_one_raid_kills_and_abducts():
    events = _events("Militants of the Islamic State shelled the town and arrested two activists in Raqqa on Sunday.")
    assert sorted(e["sub_event_type"] for e in events) == ["Arrests", "Shelling/artillery/missile attack"], events
    # ACLED: one event is the same actors, place and day; of its tactics the one higher in the list wins
    events = _events("Militants of the Islamic State attacked a village near Raqqa on Sunday, killing two farmers "
                     "and kidnapping 30 civilians.")
    assert [(e["sub_event_type"], e["fatalities"]) for e in events] == [("Attack", 2)], events
    # (an attack that killed no one is told for its abduction: the seed article's gold keeps both)
    events = _events("Militants of the Islamic State attacked villages and kidnapped civilians near Raqqa on Sunday.")
    assert sorted(e["sub_event_type"] for e in events) == ["Abduction/forced disappearance", "Attack"]


def test_the_same_event_in_two_sentences_is_one_event():
    events = _events(
        "Clashes broke out between the Syrian army and Hayat Tahrir al-Sham near Saraqib on Monday. "
        "The fighting near Saraqib killed seven fighters, a monitor said."
    )
    assert len(events) == 1
    assert events[0]["sub_event_type"] == "Armed clash"


@pytest.mark.parametrize("text,actor1,inter1", [
    ("A Russian strike on the town of Kupiansk killed two people on Monday, the regional governor said.",
     "Military Forces of Russia", 8),
    ("Russia launched missiles at the Ukrainian town of Kupiansk on Monday, killing two people, the governor said.",
     "Military Forces of Russia", 8),
    ("Syrian government airstrikes hit a market in Maarat Misrin on Monday, killing seven civilians.",
     "Military Forces of Syria", 1),
])
def test_a_state_named_by_its_country_or_demonym_is_its_forces(text, actor1, inter1):
    (event,) = _events(text)
    assert (event["actor1"], event["inter1"]) == (actor1, inter1)


def test_a_side_claiming_the_ground_does_not_turn_the_attack_into_a_takeover():
    text = ("Taliban fighters attacked the district headquarters in Shortepa on Tuesday, killing 11 policemen, "
            "officials said. Taliban spokesman Zabihullah Mujahid said the insurgents had overrun the compound.")
    (event,) = _events(text, published="2019-06-12")  # (an insurgency's report: after August 2021 they are the state)
    assert event["sub_event_type"] == "Armed clash" and event["fatalities"] == 11


def test_a_killing_told_inside_a_running_total_is_neither_an_event_nor_a_toll():
    text = ("Soldiers killed two militants in a gunfight in Kupwara on Tuesday, the police said. "
            "Security forces have killed 190 militants this year, 66 of whom were foreigners who were killed "
            "along the Line of Control.")
    (event,) = _events(text)
    assert event["sub_event_type"] == "Armed clash" and event["fatalities"] == 2


def test_a_toll_since_a_date_told_with_the_displaced_is_a_running_total():
    # "since then" hangs on the second perfect of the pair; it dates both
    from sitroom.extract.frames import find_frames
    from sitroom.nlp import parse

    frames = find_frames(parse("More than 400 people have been killed and at least 240,000 have fled the country "
                               "since then, according to the United Nations."))
    killed = next(f for f in frames if f.trigger.lower_ == "killed")
    assert not killed.factual and "running total" in killed.factuality.reason


def test_the_dead_named_again_are_not_their_own_killers():
    # the parser reads "The soldiers killed and wounded were members ..." as soldiers who killed; they are the dead
    from sitroom.extract.frames import find_frames
    from sitroom.nlp import parse

    frames = find_frames(parse("The soldiers killed and wounded were members of the national guard."))
    killed = next(f for f in frames if f.trigger.lower_ == "killed")
    assert killed.agent is None and killed.patient is not None and killed.patient.lower_ == "soldiers"
    # a marcher with a sentence of its own after "and" keeps its subject
    frames = find_frames(parse("The contingent marched on the avenue and it was the first time a foreign band did so."))
    marched = next(f for f in frames if f.trigger.lower_ == "marched")
    assert marched.agent is not None and marched.agent.lower_ == "contingent"


def test_forces_sent_or_an_operation_begun_is_no_change_of_activity():
    from sitroom.extract.frames import routine_force_movement, sentence_frame
    from sitroom.nlp import parse

    def frame(text, kind="Change to group/activity"):
        return sentence_frame(next(parse(text).sents), kind)

    assert routine_force_movement(frame("Security forces launched a joint search operation in the village on Monday."))
    assert routine_force_movement(frame("Additional troops were deployed in the area on Monday.", "Other"))
    assert not routine_force_movement(frame("The rebel faction announced on Monday that it had disbanded."))
