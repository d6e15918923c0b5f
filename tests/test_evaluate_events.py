"""evaluate events: matching found events to hand-coded ones, on cases small enough to check by hand."""
from __future__ import annotations

from sitroom.evaluate.events import check_fields, locate, locate_statement, normalise_actor, pair_events

TEXT = ("Gunmen killed three villagers in Kwanar Dutse on Monday, police said. "
        "The governor said the army would deploy more troops to the area.")

GOLD = {"id": "E1", "status": "required", "event_type": "Violence against civilians", "sub_event_type": "Attack",
        "actor1": "Unidentified Armed Group (Nigeria)", "actor2": "Civilians (Nigeria)", "latitude": 12.0,
        "longitude": 7.0, "date_from": "2024-03-11", "date_to": "2024-03-11", "fatalities": 3,
        "evidence": "Gunmen killed three villagers in Kwanar Dutse on Monday"}


def found(**fields) -> dict:
    event = {"event_type": "Violence against civilians", "sub_event_type": "Attack",
             "actor1": "Unidentified Armed Group (Nigeria)", "actor2": "Civilians (Nigeria)",
             "latitude": 12.05, "longitude": 7.02, "date_from": "2024-03-11", "date_to": "2024-03-11",
             "fatalities": 3, "mentions": [{"sentence": {"start": 0, "end": 68}, "trigger": {"start": 7, "end": 13}}]}
    event.update(fields)
    return event


def test_a_right_event_has_every_field_right():
    assert all(check_fields(found(), GOLD).values())


def test_actor_names_ignore_case_punctuation_and_year_spans():
    assert normalise_actor("Police Forces of Nigeria (1999-)") == normalise_actor("police forces of Nigeria")
    fields = check_fields(found(actor1="unidentified armed group (nigeria)"), GOLD)
    assert fields["actor1"]


def test_the_sides_of_a_clash_may_come_in_either_order_but_not_those_of_an_attack():
    clash = {**GOLD, "sub_event_type": "Armed clash", "event_type": "Battles",
             "actor1": "Military Forces of Nigeria", "actor2": "Unidentified Armed Group (Nigeria)"}
    swapped = found(sub_event_type="Armed clash", event_type="Battles",
                    actor1="Unidentified Armed Group (Nigeria)", actor2="Military Forces of Nigeria")
    assert check_fields(swapped, clash)["actor1"] and check_fields(swapped, clash)["actor2"]
    attack_swapped = found(actor1="Civilians (Nigeria)", actor2="Unidentified Armed Group (Nigeria)")
    assert not check_fields(attack_swapped, GOLD)["actor1"]


def test_a_place_31_km_off_and_a_date_outside_the_window_are_wrong():
    fields = check_fields(found(latitude=12.28, date_from="2024-03-12", date_to="2024-03-12"), GOLD)
    assert not fields["location_25km"] and not fields["date"]


def test_an_event_is_paired_by_its_sentence_even_with_the_wrong_type():
    pairs = pair_events([found(sub_event_type="Armed clash", event_type="Battles")], [GOLD], TEXT)
    assert len(pairs) == 1 and not pairs[0].fields["sub_event_type"] and not pairs[0].right


def test_each_gold_event_is_paired_once_and_required_ones_first():
    optional = {**GOLD, "id": "E2", "status": "optional"}
    pairs = pair_events([found(), found()], [optional, GOLD], TEXT)
    assert sorted((p.gold_id, p.status) for p in pairs) == [("E1", "required"), ("E2", "optional")]
    assert len({p.found_index for p in pairs}) == 2


def test_quotes_and_paraphrased_non_events_are_located_in_the_text():
    assert locate(TEXT, "gunmen  killed three villagers") == (0, 29)
    verbatim = locate_statement(TEXT, "the army would deploy more troops — a plan, not an event")
    assert verbatim is not None and TEXT[verbatim[0]:verbatim[1]] == "the army would deploy more troops"
    paraphrased = locate_statement(TEXT, "the governor promised more troops for the area: a plan, not an event")
    assert paraphrased is not None and TEXT[paraphrased[0]:paraphrased[1]].strip().startswith("The governor said")
    assert locate_statement(TEXT, "rebels seized the airport: not in this text") is None


def test_an_accepted_alternative_sub_type_brings_its_event_type():
    gold = {**GOLD, "alternatives": {"sub_event_type": ["Armed clash"]}}
    clash = found(event_type="Battles", sub_event_type="Armed clash")
    assert check_fields(clash, gold)["event_type"] and check_fields(clash, gold)["sub_event_type"]
    assert not check_fields(clash, GOLD)["event_type"]
