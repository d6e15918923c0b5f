"""Whole articles coded as an ACLED coder would: what is an event, who did it, where, when, with how many dead.

Each case is a short article written for this test in news style, holding one
kind of text that real articles hold and that coders get wrong.
"""
from __future__ import annotations

import pytest

from helpers import article
from sitroom.export import event_record
from sitroom.pipeline import extract_events
from sitroom.settings import MIN_CONFIDENCE


def coded(text: str, published: str = "2024-03-12", title: str = "") -> list[dict]:
    """The events an analyst would see: at or above the export threshold."""
    return [event_record(e) for e in extract_events(article(text, published, title))
            if e.best.confidence >= MIN_CONFIDENCE]


def all_in(events: list[dict], country: str) -> bool:
    """Some events, and every one of them in the country."""
    return bool(events) and all(e["country"] == country for e in events)


def test_a_trade_war_and_a_sports_battle_are_no_events():
    text = ("Beijing said on Tuesday it was not afraid to fight a trade war with Washington at any cost.\n\n"
            "The ministry said tariffs had destroyed thousands of jobs.\n\n"
            "In the league, the home side stormed back to win the relegation battle 3-2.")
    assert coded(text) == []


def test_history_told_in_passing_is_not_a_new_event():
    text = ("The former minister said that in 2007, when he was arrested by police in Tbilisi, nobody defended him.\n\n"
            "He spoke at a news conference on Tuesday about the coming elections.")
    assert coded(text) == []


def test_the_dateline_is_not_where_the_event_happened():
    text = ("NAIROBI, Kenya (AP) — Gunmen stormed a school in Garissa on Monday and killed four teachers, "
            "police said.")
    (event,) = coded(text)
    assert event["location"] == "Garissa"
    assert event["fatalities"] == 4


def test_a_town_stormed_then_civilians_killed_is_one_attack_with_its_toll():
    text = ("Gunmen stormed the town of Segou in central Mali on Monday and killed five civilians, "
            "local officials said.")
    (event,) = coded(text)
    assert event["sub_event_type"] == "Attack"
    assert event["location"] == "Segou"
    assert event["fatalities"] == 5
    assert event["actor2"].startswith("Civilians")


def test_an_unnamed_bomber_is_an_unidentified_armed_group_and_killing_and_wounding_are_one_blast():
    text = ("A car bomb exploded near a police station in Kandahar on Sunday, killing six policemen and "
            "wounding 20 people, officials said.")
    (event,) = coded(text)
    assert event["event_type"] == "Explosions/Remote violence"
    assert event["actor1"] == "Unidentified Armed Group (Afghanistan)"
    assert event["fatalities"] == 6


def test_an_age_is_not_a_toll_and_a_fatal_shooting_kills_one():
    text = ("Gunmen fatally shot a journalist, Ahmed Musa, 34, outside his home in Kaduna on Friday, "
            "police said.")
    (event,) = coded(text)
    assert event["fatalities"] == 1


def test_a_shared_acronym_is_the_actor_of_the_article_country():
    ukraine = coded("NAF fighters shelled the village of Pisky near Donetsk on Monday, Ukrainian officials said.")
    nigeria = coded("A NAF jet bombed a camp of the insurgents near Maiduguri in Borno state on Monday, "
                    "the Nigerian military said.")
    assert [e["actor1"] for e in ukraine] == ["NAF: United Armed Forces of Novorossiya"]
    assert [e["actor1"] for e in nigeria] == ["Military Forces of Nigeria"]


def test_anti_houthi_forces_are_not_the_houthis():
    events = coded("Anti-Houthi forces clashed with fighters near Marib on Sunday, killing three, "
                   "a government official said.")
    assert events and all("Houthi" not in (e["actor1"] + e["actor2"]) for e in events)


def test_a_denial_is_not_an_event():
    text = ("The army on Wednesday denied that its soldiers had shelled the village of Tawila, calling the claims lies.")
    assert coded(text) == []


def test_a_crowd_out_for_a_cause_is_a_protest_and_a_crowd_out_for_a_match_is_not():
    protest = coded("Thousands of people turned out in Durban on Friday to support the former president "
                    "as he arrived at the high court.")
    streets = coded("Hundreds of residents took to the streets of Bamako on Friday, chanting slogans.")
    joined = coded("More than 2,000 people joined a march in Harare on Saturday.")
    for events in (protest, streets, joined):
        assert [e["sub_event_type"] for e in events] == ["Peaceful protest"]
    assert coded("Thousands of fans gathered in Lagos on Sunday to watch the final.\n\n"
                 "It turned out that the coach had already resigned.") == []


def test_a_fence_pulled_down_is_destruction_a_mask_pulled_down_is_not():
    (event,) = coded("Angry villagers tore down the fence of the mining company in Obuasi on Monday, police said.")
    assert event["event_type"] in ("Strategic developments", "Riots")
    assert coded("The singer pulled down his mask and smiled at the crowd in Accra on Monday.") == []


def test_opened_fire_is_gunfire_and_a_market_fire_is_no_event():
    (event,) = coded("A gunman opened fire on police in central Lyon on Thursday night, killing one officer, "
                     "the interior ministry said.")
    assert event["sub_event_type"] == "Armed clash"
    assert event["actor1"] == "Unidentified Armed Group (France)" and event["actor2"] == "Police Forces of France"
    assert event["fatalities"] == 1
    assert coded("A fire killed six people in a market in Kano on Monday, emergency officials said.") == []


def test_coming_under_fire_is_an_attack_on_the_subject_by_someone_unnamed():
    (event,) = coded("Police officers responding to a call came under fire from inside a house in Mafraq "
                     "on Sunday, the interior ministry said.", published="2016-12-19")
    assert event["sub_event_type"] == "Armed clash"
    assert (event["actor1"], event["actor2"]) == ("Unidentified Armed Group (Jordan)", "Police Forces of Jordan")


def test_a_match_result_is_sport_and_supporters_fighting_police_are_rioters():
    assert coded("In Port Said, Tersana showed their determination by beating Misri 2-0 on Friday.") == []
    (riot,) = coded("Supporters of the opposition leader clashed with police in Lahore on Sunday, "
                    "throwing stones at officers, witnesses said.")
    assert riot["sub_event_type"] == "Violent demonstration"
    assert riot["actor1"] == "Rioters (Pakistan)" and riot["actor2"] == "Police Forces of Pakistan"


def test_a_gas_explosion_is_an_accident():
    assert coded("At least two people died on Friday in a gas explosion at a noodle restaurant in Hangzhou, "
                 "state media said.") == []


def test_a_total_over_the_day_is_not_another_event_nor_one_incident_s_toll():
    events = coded("Gunmen attacked a police patrol in Maan on Sunday, killing two officers, the ministry said.\n\n"
                   "Later on Sunday, armed men opened fire on a police station in Karak, wounding three officers.\n\n"
                   "In all, two officers and a civilian were killed in the attacks on Sunday.",
                   published="2016-12-19", title="Gunmen attack police in southern Jordan")
    assert sorted(e["location"] for e in events) == ["Karak", "Ma'an"]
    assert {e["location"]: e["fatalities"] for e in events} == {"Karak": 0, "Ma'an": 2}


def test_the_blast_that_was_a_gas_explosion_stays_an_accident():
    assert coded("A gas explosion at a supermarket in Shiraz killed two people on Tuesday, state media said.\n\n"
                 "The blast occurred at 12.45 a.m. in the city's main shopping centre, the reports said.",
                 title="Gas blast in Iranian supermarket") == []
    (bomb,) = coded("A roadside bomb killed three soldiers near Kandahar on Monday.\n\n"
                    "The blast occurred at dawn as their convoy passed, officials said.", title="Bomb kills soldiers")
    assert bomb["sub_event_type"] == "Remote explosive/landmine/IED" and bomb["fatalities"] == 3


def test_a_shooting_told_as_crime_is_not_political_violence_unless_the_article_says_so():
    crime = ("A driver shot at two police officers during a traffic stop on a highway near Lewisburg on Thursday, "
             "state police said.\n\n"
             "The suspect was taken into custody and charged with attempted homicide.")
    assert coded(crime) == []
    # still stored, for the analyst who knows more: below the export threshold, with the reason
    (doubtful,) = extract_events(article(crime, "2024-03-12", ""))
    assert any("ordinary crime" in r for r in doubtful.best.reasons)
    motive = crime + " Police said he was a member of a local militia that had threatened officers."
    (event,) = coded(motive)
    assert event["actor2"] == "Police Forces of the United States"


def test_a_blast_whose_cause_was_a_gas_leak_is_an_accident_in_every_sentence():
    text = ("An explosion tore through a restaurant in Taiyuan on Monday, injuring 12 people, and may have been "
            "caused by a gas leak, state media said.\n\n"
            "The blast happened shortly after noon and shattered windows across the street.")
    assert coded(text) == []


def test_a_sentence_naming_the_attack_again_tells_more_of_it_not_another_event():
    text = ("A gunman opened fire on soldiers at a checkpoint in Kidal on Friday, the army said.\n\n"
            "The attack left two soldiers dead before troops shot and killed the attacker.")
    (event,) = coded(text)
    assert event["location"] == "Kidal"
    assert event["actor2"] == "Military Forces of Mali"


def test_a_definite_reference_to_a_past_attack_takes_its_date_and_stays_history():
    text = ("The security law was passed after bombings killed 74 people watching a football final in Kampala "
            "on July 11, 2010.\n\n"
            "The bombers struck at a rugby club and at an Ethiopian restaurant.")
    assert coded(text, published="2024-03-12") == []


def test_a_bare_world_city_is_the_capital_when_the_article_names_its_country():
    text = ("LEXINGTON, Ky. — A Kentucky nurse on holiday in France with her family saw the attack.\n\n"
            "A gunman opened fire on police on a busy avenue in Paris on Thursday night, killing one officer, "
            "the French interior ministry said. The family will return to Kentucky next week.")
    (event,) = coded(text, published="2024-03-15")
    assert event["country"] == "France"


def test_a_photo_caption_sums_up_the_story_and_is_not_an_event_of_its_own():
    # the caption (marked by its photo credit) names another town and another toll than the body
    text = ("Gunmen killed six policemen in Sunday's attacks on a police station in Irbid, officials said. "
            "(Ahmad Saleh/Reuters)\n\n"
            "Gunmen opened fire on a police station in Karak on Sunday, killing five policemen, "
            "the interior ministry said.")
    (event,) = coded(text, published="2016-12-18")
    assert event["location"] in ("Karak", "Karak City")
    assert event["fatalities"] == 5


def test_a_victim_side_is_not_taken_for_the_unnamed_attacker():
    text = ("A police patrol went to a house fire in Mafraq on Sunday. The officers responding to the call came under "
            "fire from inside the house, the statement said.")
    (event,) = coded(text, published="2016-12-19")
    assert (event["actor1"], event["actor2"]) == ("Unidentified Armed Group (Jordan)", "Police Forces of Jordan")


def test_what_a_crowd_wrecks_is_mob_violence_and_the_police_who_report_it_are_no_party():
    (event,) = coded("Angry youths pulled down the perimeter fence of the university in Owerri on Tuesday, "
                     "police said.", published="2018-04-04")
    assert event["sub_event_type"] == "Mob violence"
    assert (event["actor1"], event["actor2"]) == ("Rioters (Nigeria)", "")


def test_a_breakaway_region_s_forces_are_coded_under_its_own_name():
    (event,) = coded("Two Abkhaz servicemen were wounded when a mine exploded near Sukhumi on Sunday, "
                     "the region's defence ministry said.", published="2009-03-30")
    assert event["actor2"] == "Military Forces of Abkhazia"
    assert event["country"] == "Georgia"


def test_an_attack_that_uses_a_crash_or_rules_out_a_leak_is_no_accident():
    (bombing,) = coded("A suicide bomber crashed his explosives-laden car into the gate of an army base in Gao on "
                       "Monday, killing 12 soldiers, the army said.")
    assert bombing["event_type"] == "Explosions/Remote violence"
    (blast,) = coded("Police ruled out a gas leak and said a bomb caused the explosion that killed six people at a "
                     "market in Peshawar on Friday.")
    assert blast["fatalities"] == 6


def test_a_separate_incident_told_with_a_definite_phrase_stays_separate():
    text = ("Gunmen killed five villagers in an attack on Kadisau in Zamfara on Tuesday, police said.\n\n"
            "In a separate incident, the gunmen killed two farmers in Tsafe on Wednesday.")
    events = coded(text, published="2024-03-14")
    assert len(events) == 2
    assert {e["event_date"] for e in events} == {"2024-03-12", "2024-03-13"}


def test_a_slash_in_a_sentence_is_not_a_photo_credit():
    (event,) = coded("Militants attacked a checkpoint near the Afghan/Pakistani border at Torkham on Sunday, "
                     "killing three soldiers, officials said.")
    assert event["fatalities"] == 3


# ---------------------------------------------------------------- places (issue #15)


def test_a_village_the_gazetteer_lacks_is_coded_to_the_district_town_named_with_it():
    text = ("Two soldiers were wounded when a roadside bomb exploded in the village of Kharabeli of the "
            "Ochamchire district on Sunday, local officials said.")
    (event,) = coded(text, published="2024-03-12")
    assert event["location"] == "Ochamchire" and event["country"] == "Georgia"
    assert event["geo_precision"] == 2  # the district's town stands in for the village: not precision 1
    assert "Kharabeli" in event["notes"]


def test_a_qualified_name_takes_the_namesake_its_qualifier_names():
    # Santa Rosa, California is the famous one; the brackets say La Pampa, Argentina.
    text = "Protesters clashed with police in Santa Rosa (La Pampa) on Monday, throwing stones at officers."
    (event,) = coded(text)
    assert event["country"] == "Argentina" and event["admin1"] == "La Pampa"


def test_a_qualifier_that_contains_no_namesake_stands_in_rather_than_a_namesake_abroad():
    # No Pinewood in Borno state: the state is coded (precision 3), never a namesake in another country.
    text = "Gunmen attacked the village of Pinewood in Borno state on Monday, killing three farmers, residents said."
    (event,) = coded(text)
    assert event["country"] == "Nigeria" and event["admin1"] == "Borno"
    assert event["geo_precision"] == 3


def test_a_name_its_province_follows_is_a_place_even_when_taken_for_a_person():
    text = "Militants attacked a police post in Gali, Abkhazia overnight, wounding two officers, officials said."
    (event,) = coded(text)
    assert event["country"] == "Georgia" and event["location"] == "Gali"


def test_a_county_is_placed_in_the_state_the_article_names():
    text = ("Deputies from the Plymouth County Sheriff's Office in Iowa arrested two men on Friday after "
            "protesters blocked a highway near Le Mars, officials said.")
    found = coded(text, published="2024-03-16")
    assert all_in(found, "United States")
    assert all(e["admin1"] == "Iowa" for e in found), [(e["location"], e["admin1"]) for e in found]


def test_the_place_that_qualifies_another_is_not_where_the_event_was():
    # "Punjab" only says where Sialkot is, though the clause hangs off it
    text = ("The minister returned to his hometown of Sialkot in Punjab, where his supporters clashed with police "
            "on Sunday, throwing stones at officers, witnesses said.")
    (event,) = coded(text)
    assert event["location"] == "Sialkot" and event["admin1"] == "Punjab" and event["geo_precision"] == 1


def test_a_headline_known_only_to_the_province_is_the_event_the_body_places_in_it():
    # The title stands on its own line, then the body repeats it as its first sentence: both name
    # only the province and no day; the body names the town and the day. One blast, not two.
    title = "Roadside bomb wounds four soldiers in Diyala"
    text = (f"{title}\n\n{title}. Four Iraqi soldiers were wounded on Sunday when a roadside bomb exploded "
            "beside their patrol near Baqubah, police said.\n\n"
            "The soldiers were taken to hospital, the police added. No group claimed the attack.")
    (event,) = coded(text, published="2024-03-12")
    assert event["location"] == "Baqubah"
    assert event["event_date"] == "2024-03-10"


def test_a_wire_story_s_lead_date_carries_to_the_incidents_its_body_tells():
    # A wire story gives every sentence a paragraph of its own: the lead dates its incident, and the body
    # tells another of the same day without repeating the day.
    text = ("A roadside bomb killed two soldiers near Kirkuk on Sunday, police said.\n\n"
            "No group claimed responsibility.\n\n"
            "In a separate attack, gunmen opened fire on a police checkpoint in Baqubah, wounding two officers, "
            "police said.")
    events = coded(text, published="2024-03-11")
    assert {(e["location"], e["event_date"], e["time_precision"]) for e in events} == {
        ("Kirkuk", "2024-03-10", 1), ("Baqubah", "2024-03-10", 1)}


def test_deaths_told_as_shot_dead_or_with_a_singular_victim_are_counted():
    (event,) = coded("Gunmen shot dead a village chief in Kunduz province on Monday; a passerby was also killed.")
    assert event["fatalities"] == 2
    assert event["actor2"] == "Civilians (Afghanistan)"
    # the second verb of a passive shares its subject
    (event,) = coded("Three traders were shot and killed near Kunduz city on Monday, police said.")
    assert event["fatalities"] == 3


def test_a_vest_detonated_at_a_checkpoint_is_a_suicide_bombing_that_counts_its_bomber():
    (event,) = coded("A suicide bomber detonated his explosive vest at a checkpoint in Baidoa on Monday, "
                     "killing four guards.")
    assert event["sub_event_type"] == "Suicide bomb"
    assert event["fatalities"] == 5


def test_police_shot_by_no_one_named_are_attacked_by_an_unidentified_group():
    (event,) = coded("Two police officers were fatally shot in Mosul on Monday, police said.")
    assert event["actor1"] == "Unidentified Armed Group (Iraq)"
    assert event["actor2"] == "Police Forces of Iraq"
    assert event["fatalities"] == 2


def test_the_dead_of_a_blast_are_its_toll_even_when_the_parser_hangs_them_on_a_time_clause():
    (event,) = coded("A roadside bomb exploded as an army convoy passed near Tikrit on Monday, killing the three "
                     "soldiers inside the lead vehicle.")
    assert event["sub_event_type"] == "Remote explosive/landmine/IED"
    assert event["actor2"] == "Military Forces of Iraq"
    assert event["fatalities"] == 3


def test_a_fire_a_crowd_set_is_arson_in_a_riot_not_an_accident():
    # "set fire to" tells arson; the rules' "police fired on" is the riot's other side, not its first actor
    for text in ("Police fired on rioters who had set fire to a government office in Sumatra on Monday.",
                 "During a riot in Sumatra on Monday, police fired on a crowd that had set fire to a government office."):
        (event,) = coded(text)
        assert event["event_type"] == "Riots"
        assert (event["actor1"], event["actor2"]) == ("Rioters (Indonesia)", "Police Forces of Indonesia")
        assert event["country"] == "Indonesia"


def test_a_nationality_is_not_where_the_event_happened():
    # "a U.S. helicopter" says whose aircraft it was; the report names no place, so none is invented
    events = coded("Insurgents shot down a U.S. transport helicopter just south of the city on Monday, killing two "
                   "crew members.")
    assert events
    assert all(e["country"] != "United States" and "(United States)" not in e["actor1"] for e in events)
    assert all("Unknown" not in e["actor1"] + e["actor2"] for e in events)


def test_ground_entered_after_fighting_is_a_battle_and_not_taken_from_villagers():
    # The classifier is sure of a battle, torn between a clash and ground regained; a village is where the
    # ground was taken, its people are no side of it
    (event,) = coded("Troops backed by tanks entered the rebel-held village of Kafr Nabl in Idlib province on Sunday "
                     "after two days of heavy fighting.")
    assert event["event_type"] == "Battles"
    assert event["actor1"] == "Military Forces of Syria"
    assert not event["actor2"].startswith("Civilians")


def test_a_toll_told_as_a_total_in_brackets_or_beside_the_injured_is_read_right():
    cases = {
        "Gunmen attacked a passenger bus near Asosa on Sunday and killed nine people and six people sustained "
        "injuries.": 9,
        "The army killed a total of 28 rebels near Tal Sukeek in Hama province on Sunday, a military source said.": 28,
        "A roadside bomb struck a minibus near Kandahar on Sunday, killing all passengers (6).": 6,
    }
    for text, dead in cases.items():
        (event,) = coded(text)
        assert event["fatalities"] == dead, text


def test_victims_named_by_their_work_or_age_are_civilians_and_counted():
    for text, dead in {"Four civil servants were killed in a drive-by shooting in Mogadishu on Sunday, police said.": 4,
                       "Gunmen killed a teenager at a checkpoint near Jenin on Sunday.": 1}.items():
        (event,) = coded(text)
        assert event["actor2"].startswith("Civilians ("), text
        assert event["fatalities"] == dead, text


def test_one_incident_told_by_the_lead_a_detail_and_a_claim_is_one_event():
    # The lead has the bomb and the toll, a detail sentence calls it an attack, the group's claim names it:
    # ACLED codes one suicide bombing by the group that claimed it.
    text = ("A suicide car bomber killed at least nine people at a checkpoint in Kismayo on Saturday, police said.\n\n"
            "The attack targeted a convoy carrying local officials, a police officer told reporters.\n\n"
            "Al Shabaab said it was behind the attack.")
    events = coded(text, published="2024-03-16")
    assert len(events) == 1, events
    (event,) = events
    assert event["sub_event_type"] == "Suicide bomb"
    assert event["actor1"] == "Al Shabaab"
    assert event["fatalities"] >= 9
    assert event["location"] == "Kismayo"


def test_the_toll_of_the_lead_and_the_village_and_day_of_the_body_make_one_event():
    # "said on Thursday" is when the police spoke; the attack is dated by the sentence that tells it.
    text = ("Gunmen killed 14 people in northwest Nigeria, police said on Thursday.\n\n"
            "The gunmen stormed Maru in Zamfara state on Wednesday and opened fire on residents, "
            "a police spokesman said.")
    events = coded(text, published="2024-03-15")
    assert len(events) == 1, events
    (event,) = events
    assert event["fatalities"] == 14
    assert event["location"] == "Maru"
    assert event["event_date"] == "2024-03-13"


def test_a_separate_attack_told_without_a_place_stays_its_own_event():
    text = ("Gunmen killed five farmers in Maru in Zamfara state on Monday, police said.\n\n"
            "In a separate attack, gunmen shot dead three traders on a highway, the police added.")
    assert len(coded(text, published="2024-03-12")) == 2


def test_a_running_total_and_last_years_toll_are_no_events():
    text = ("At least 300 civilians have been killed in the region since January, the United Nations said on Monday.\n\n"
            "Attacks by armed groups left nearly 2,000 people dead in Burkina Faso last year.")
    assert coded(text, published="2024-05-14") == []


def test_the_dateline_is_not_the_scene_of_the_story():
    text = ("BANGKOK (Reuters) - Myanmar's military carried out an air strike on a village in Sagaing region on "
            "Tuesday, killing 10 civilians, residents said.\n\n"
            "The strike hit a monastery where families were sheltering, a resident said.")
    events = coded(text, published="2024-03-13")
    assert all_in(events, "Myanmar"), events


def test_the_dead_of_a_shootout_between_gunmen_and_troops_are_no_civilians():
    text = ("MEXICO CITY (AP) — A shootout in rural western Mexico between gunmen and army troops killed seven "
            "people, including one soldier, authorities in Michoacan state said Tuesday.")
    events = coded(text, published="2023-04-25")
    assert len(events) == 1, events
    e = events[0]
    assert e["sub_event_type"] == "Armed clash", e
    assert {e["actor1"], e["actor2"]} == {"Unidentified Armed Group (Mexico)", "Military Forces of Mexico"}, e


def test_people_killed_in_a_raid_on_an_army_camp_are_the_army_s():
    text = ("Suspected jihadists killed at least eight people on Sunday in a raid on an army camp near Mopti in "
            "central Mali, military sources said.")
    events = coded(text, published="2019-03-18")
    assert len(events) == 1, events
    assert events[0]["actor2"] == "Military Forces of Mali" and events[0]["sub_event_type"] == "Armed clash", events


def test_a_full_name_before_its_acronym_is_that_acronym_s_group():
    text = ("Troops repelled fighters of the Islamic State of West Africa Province (ISWAP) who stormed Damboa in "
            "Borno State on Saturday, the army said.")
    events = coded(text, published="2021-10-03")
    assert events and all("West Africa" in (e["actor1"] + e["actor2"]) for e in events), events
    assert all(e["country"] == "Nigeria" for e in events), events


def test_the_first_word_of_an_unknown_longer_name_is_not_a_namesake_abroad():
    text = ("Four Iraqi soldiers were killed on Monday when a roadside bomb hit their vehicle near the village of "
            "Albushahab in Wadi al-Shay in Daquq district, Kirkuk province, a security source said.")
    events = coded(text, published="2022-01-25")
    assert len(events) == 1 and events[0]["country"] == "Iraq", events
    assert events[0]["actor1"] == "Unidentified Armed Group (Iraq)", events


def test_a_state_that_bombs_a_city_strikes_from_the_air():
    text = "Russia bombed the city of Kharkiv overnight, killing two people, the regional governor said on Friday."
    events = coded(text, published="2024-03-08")
    assert len(events) == 1, events
    assert events[0]["sub_event_type"] == "Air/drone strike" and events[0]["actor1"] == "Military Forces of Russia", events


def test_what_a_war_has_killed_so_far_is_no_incident_and_no_toll():
    text = ("A roadside bomb killed one army ranger in Rueso district of Narathiwat on Monday, police said.\n\n"
            "The decade-long insurgency has killed more than 6,200 people, according to a monitoring group.\n\n"
            "Talks to end the fighting that has killed more than 10,000 people collapsed last month.")
    events = coded(text, published="2015-05-05")
    assert len(events) == 1 and events[0]["fatalities"] == 1, events


def test_an_attack_told_as_a_month_before_another_is_background():
    text = ("Jihadists attacked an army outpost in Indelimane in the Menaka region on Friday, killing 15 soldiers, "
            "the army said.\n\n"
            "The attack came a month after two jihadist assaults killed 40 soldiers near the border with Burkina Faso.")
    events = coded(text, published="2019-11-02")
    assert len(events) == 1 and events[0]["fatalities"] == 15 and events[0]["country"] == "Mali", events
    text = ("Gunmen attacked a police station in Kayes on Sunday, killing two officers, the governor said.\n\n"
            "It comes a week after 30 people were killed in an attack on a market in Mopti.")
    events = coded(text, published="2019-11-05")
    assert len(events) == 1 and events[0]["fatalities"] == 2, events


def test_arms_recovered_in_an_arrest_and_a_checkpoint_destroyed_in_a_bombing_are_parts_of_them():
    text = ("Rangers arrested three militants in a raid in Dera Ghazi Khan on Tuesday and recovered arms, ammunition "
            "and explosives from them, an army statement said.")
    events = coded(text, published="2018-05-16")
    assert [e["sub_event_type"] for e in events] == ["Arrests"], events
    text = ("A suicide bomber blew himself up at a police checkpoint in Chermen, North Ossetia, on Tuesday, killing "
            "a police officer, officials said.\n\n"
            "Investigators said the bomber had arrived in a car from neighbouring Ingushetia.\n\n"
            "The checkpoint was also completely destroyed.")
    events = coded(text, published="2012-10-24")
    assert [e["sub_event_type"] for e in events] == ["Suicide bomb"], events


def test_a_single_victim_named_by_nationality_and_militants_gunned_down_are_tolls():
    text = ("A Palestinian was killed after Israeli soldiers came under fire during a raid in the Jenin refugee "
            "camp on Tuesday, the army said.")
    events = coded(text, published="2013-08-21")
    assert [e["fatalities"] for e in events] == [1], events
    text = ("Security forces gunned down four militants in an encounter in Kangpokpi district of Manipur on "
            "Sunday, police said.")
    events = coded(text, published="2021-10-11")
    assert [e["fatalities"] for e in events] == [4], events


def test_a_toll_broken_down_by_sex_is_not_added_up_but_a_list_of_victims_is():
    text = ("Six civilians, three women and three men, were killed in an air strike by foreign troops late on "
            "Thursday in the Bakwa district of Farah province, a provincial official said.")
    events = coded(text, published="2008-07-04")
    assert [e["fatalities"] for e in events] == [6], events
    text = ("Four soldiers, two policemen and two civilians were killed when militants attacked a checkpoint in "
            "Khost city on Monday, officials said.")
    events = coded(text, published="2019-05-14")
    assert [e["fatalities"] for e in events] == [8], events
    text = ("Four men, two women and two children were killed when gunmen attacked the village of Kuru in "
            "Plateau state on Monday, police said.")
    events = coded(text, published="2019-05-14")
    assert [e["fatalities"] for e in events] == [8], events


def test_a_place_named_as_where_a_group_is_based_or_what_a_region_borders_is_not_the_event_s():
    text = ("Security forces shot dead four protesters in the town of Malekshahi on Saturday, the Norway-based "
            "Hengaw rights group said.")
    events = coded(text, published="2026-01-04")
    assert events and all(e["country"] != "Norway" for e in events), events
    text = ("Rebels hacked to death 12 civilians in the troubled Beni region bordering Uganda on Sunday, local "
            "officials said.")
    events = coded(text, published="2019-12-16")
    assert events and all(e["country"] != "Uganda" for e in events), events
    # but troops "based in" a town are there: the attack on them happened in it
    text = "Boko Haram fighters attacked soldiers based in Bama on Monday, killing four, the army said."
    events = coded(text, published="2019-05-14")
    assert [e["location"] for e in events] == ["Bama"], events


def test_a_shootout_told_as_having_taken_place_somewhere_is_placed_there():
    text = ("Gunmen killed 13 police officers in an ambush in Michoacan state on Monday.\n\n"
            "On Tuesday, soldiers killed 14 gunmen in a separate shootout in Guerrero state. "
            "The shootout took place in Tepochica, near Iguala, officials said.")
    events = coded(text, published="2019-10-16")
    assert any(e["location"] == "Tepochica" for e in events), events


def test_police_firing_at_rioters_who_set_vehicles_on_fire_is_no_accident():
    text = ("Five killed as police fire at protesters in Nepal\n\n"
            "Police fired at demonstrators in Birgunj on Monday after they vandalised a police post and set on "
            "fire government vehicles, officials said.")
    events = coded(text, published="2015-09-01")
    assert any(e["event_type"] in ("Protests", "Riots") for e in events), events  # not an accident's fire


def test_the_police_s_answer_to_a_shooting_at_a_cafe_does_not_make_it_a_battle():
    text = ("A Hamas gunman opened fire on a cafe in Tel Aviv on Thursday, wounding three people, before being "
            "shot dead by police, officials said.")
    events = coded(text, published="2023-03-10")
    assert [e["sub_event_type"] for e in events] == ["Attack"], events


def test_a_protest_the_police_broke_up_has_the_protesters_first():
    text = ("Kenyan police fired tear gas and detained dozens of people in Nairobi on Tuesday as they marched to "
            "protest against police brutality, witnesses said.")
    events = coded(text, published="2020-07-08")
    protests = [e for e in events if e["event_type"] == "Protests"]
    assert protests, events
    assert all(e["actor1"].startswith("Protesters") and e["actor2"].startswith("Police") for e in protests), protests


def test_a_toll_told_as_hacked_or_beaten_to_death_is_counted():
    text = "Rebels hacked to death at least 22 civilians in the town of Beni on Sunday, local officials said."
    events = coded(text, published="2019-12-16")
    assert [e["fatalities"] for e in events] == [22], events


def test_the_dead_of_an_encounter_fell_to_the_side_it_was_with():
    text = ("Three militants were killed in an encounter with security forces in Shopian district of Jammu and "
            "Kashmir on Tuesday, police said.")
    (event,) = coded(text, published="2020-06-17")
    assert event["sub_event_type"] == "Armed clash"
    assert event["actor1"].startswith("Military Forces of India"), event
    assert event["location"] != "Jammu", event  # the state's name is not its winter capital


def test_protesters_killed_in_clashes_with_police_is_a_riot_not_a_battle():
    text = "Five protesters were killed in clashes with police in Birgunj on Monday, officials said."
    (event,) = coded(text, published="2015-09-01")
    assert event["sub_event_type"] == "Violent demonstration", event
    assert event["actor1"].startswith("Rioters") and event["actor2"].startswith("Police"), event


def test_another_airstrike_is_by_the_hand_of_the_strike_told_before():
    text = ("An Israeli airstrike hit a car in the village of Maifadoun in south Lebanon on Tuesday, killing five "
            "people, the health ministry said.\n\n"
            "Another airstrike targeted a house in the village of Khiam, wounding two people.")
    events = coded(text, published="2024-08-07")
    assert len(events) == 2 and all(e["actor1"].startswith("Military Forces of Israel") for e in events), events


def test_a_signed_letter_a_feared_arrest_and_the_dead_of_communal_violence():
    text = ("The letter threatening the school was signed by 'Taliban Terrorist', police in Peshawar said on "
            "Friday.")
    assert coded(text, published="2011-12-03") == []
    text = ("At least five people were killed in an attack on cattle keepers in South Sudan's Lakes State on "
            "Wednesday, a lawmaker said. Several injured people stayed away from hospitals out of fear of being "
            "detained.")
    events = coded(text, published="2026-01-03")
    assert events, "the violence itself was lost"
    assert [e["sub_event_type"] for e in events if e["sub_event_type"] == "Arrests"] == [], events
    assert all(not e["actor1"].startswith("Civilians") for e in events), events
    assert all(e["admin1"] == "Lakes" for e in events), events


def test_a_fear_for_someone_does_not_unmake_the_event_it_follows():
    text = ("Parents fear for their children after gunmen abducted 30 students from a school in Kaduna state on "
            "Friday, police said.")
    events = coded(text, published="2021-03-13")
    assert [e["sub_event_type"] for e in events] == ["Abduction/forced disappearance"], events


def test_a_toll_a_few_days_before_the_day_its_source_spoke_is_the_attack_s_own():
    text = ("Gunmen attacked the village of Kuru in Plateau state, residents said on Monday.\n\n"
            "Eleven people were killed in the attack late on Friday, a police spokesman said.")
    events = coded(text, published="2019-05-14")
    assert [e["fatalities"] for e in events] == [11], events


def test_a_toll_told_as_the_death_of_or_the_lives_of_so_many_is_counted():
    text = ("Soldiers clashed with NPA rebels in Balayan, Batangas province, on Sunday. The fighting resulted in "
            "the death of seven people, the army said.")
    events = coded(text, published="2023-12-18")
    assert [e["fatalities"] for e in events] == [7], events
    text = ("Demonstrators clashed with police in Conakry on Thursday. This violence cost the lives of two young "
            "people, the opposition said.")
    events = coded(text, published="2023-02-17")
    assert [e["fatalities"] for e in events] == [2], events


def test_policemen_among_the_dead_make_a_battle_with_the_police():
    text = "Bandits killed 12 villagers and seven policemen in Zamfara State on Thursday, police said."
    events = coded(text, published="2024-06-07")
    assert [(e["sub_event_type"], e["actor2"]) for e in events] == \
        [("Armed clash", "Police Forces of Nigeria")], events
    text = "Bandits killed 12 villagers in Zamfara State on Thursday, police said."
    assert [e["sub_event_type"] for e in coded(text, published="2024-06-07")] == ["Attack"]


def test_protesters_detained_while_protesting_are_a_protest_with_intervention():
    text = ("Police detained 65 opposition activists who tried to paralyze traffic on Yerevan streets on "
            "Friday, officials said.")
    events = coded(text, published="2018-04-21")
    assert [(e["sub_event_type"], e["actor1"], e["actor2"]) for e in events] == \
        [("Protest with intervention", "Protesters (Armenia)", "Police Forces of Armenia")], events
    text = "Police arrested three opposition activists at their homes in Yerevan on Friday."
    assert [e["sub_event_type"] for e in coded(text, published="2018-04-21")] == ["Arrests"]


def test_a_headline_s_source_and_a_speaker_are_no_party_to_the_event():
    text = ("Grenade blast injures two in Burundi's capital: police\n\n"
            "Two persons were injured on Friday night in a grenade explosion at Kamenge in the north of the "
            "capital Bujumbura, police said Saturday.")
    events = coded(text, published="2017-04-29")
    assert events and all("Police" not in e["actor1"] + e["actor2"] for e in events), events


def test_a_correspondent_s_beat_is_no_place_and_a_loose_spelling_stays_in_the_story_s_country():
    text = ("Pakistan mob burns man to death\n\nBy Jane Doe\nBBC World Service South Asia Editor\n\n"
            "A mob has taken a man from a police station on the outskirts of Bahawalpur, in Punjab province, and "
            "burnt him to death, police said on Wednesday.")
    events = coded(text, published="2012-07-05")
    assert all_in(events, "Pakistan"), events
    text = ("Armed separatists attacked a security post in the village of Galim in Cameroon's West region on "
            "Sunday, killing seven people. Many have fled the fighting to Nigeria, the UN says. Cameroon's "
            "government has sent more troops to the region, Cameroon's army said.")
    events = coded(text, published="2020-03-10")
    assert all_in(events, "Cameroon"), events


def test_deaths_in_clashes_are_the_clash_and_the_injured_are_no_deed():
    text = "Five people died in clashes between soldiers and militants in Kidal on Monday, officials said."
    events = coded(text, published="2022-04-07")
    assert [(e["sub_event_type"], e["fatalities"]) for e in events] == [("Armed clash", 5)], events
    text = ("Two protesters died during clashes with police in Lima on Monday. A police spokesman said the injured "
            "were made up of 12 police officers and three civilians.")
    events = coded(text, published="2022-04-07")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [("Violent demonstration", "Rioters (Peru)")], events


def test_a_camp_is_civilians_only_when_the_text_says_whose():
    text = "The camp in Soumpi, Timbuktu region, was targeted this morning by armed men, officials said."
    events = coded(text, published="2018-01-27")
    assert events and all(e["sub_event_type"] != "Attack" for e in events), events
    text = "Gunmen attacked a camp for displaced people near Djibo on Monday, killing 12, officials said."
    assert [e["sub_event_type"] for e in coded(text, published="2018-01-27")] == ["Attack"]


def test_a_robbery_a_flag_march_and_a_donation_box_are_no_events():
    text = ("A gang of bank robbers who took three women hostage during their getaway waged a gunbattle with "
            "police in Stockton on Wednesday, killing one hostage. The gunmen were later shot dead by police.")
    assert coded(text, published="2014-07-18") == []
    text = ("The district superintendent of police on Tuesday led a flag march of armed security personnel in "
            "Tirumangalam town ahead of the polls.")
    assert coded(text, published="2021-03-03") == []
    text = ("Soldiers killed four militants in Kidal on Monday, the army said.\n\nBecome a supporter\n\nFighting "
            "fund\n\nDonate today")
    assert [e["sub_event_type"] for e in coded(text, published="2021-03-03")] == ["Armed clash"]


def test_a_title_case_dateline_with_its_agency_is_not_the_event_s_place():
    text = ("ELN rebels kill 6 soldiers in fighting in Colombia\n\nBogota, May 22 (EFE).- Six soldiers were killed "
            "in an attack staged by ELN guerrillas in a rural area outside Chitaga, in Norte de Santander "
            "province, President Juan Manuel Santos said Wednesday.")
    events = coded(text, published="2013-05-22", title="ELN rebels kill 6 soldiers in fighting in Colombia")
    assert events and all(e["country"] == "Colombia" and e["location"] not in ("Bogota", "") for e in events), events


def test_another_incident_does_not_take_the_hand_of_the_one_before():
    text = ("Taliban militants stormed a checkpoint in Farah province on Saturday, killing 17 soldiers. In another "
            "incident in the same province, officials said an army commander was killed on Saturday.")
    events = coded(text, published="2018-07-15")
    assert [e["actor1"] for e in events].count("Taliban") == 1, events  # the checkpoint's, not the commander's


def test_a_dateline_s_day_is_when_the_story_was_filed_not_when_the_clash_was():
    text = ("(MENAFN- Nam News Network) MANILA, Dec 18 (NNN-PNA) – Government troops clashed with communist rebels "
            "before dawn yesterday in Batangas province, south of Manila, defence officials said.")
    events = coded(text, published="2023-12-18")
    assert [e["event_date"] for e in events] == ["2023-12-17"], events
    text = "A soldier and six suspected rebels were killed in a clash in Batangas province on Sunday."
    assert [e["fatalities"] for e in coded(text, published="2023-12-18")] == [7]


def test_the_deed_someone_is_held_or_charged_for_is_no_event():
    text = "Two men were charged on Monday with burning a church in Kaduna, police said."
    assert coded(text, published="2012-07-04") == []
    text = "The man was being held for allegedly burning a copy of the Koran in public, police in Bahawalpur said."
    assert coded(text, published="2012-07-04") == []


def test_the_rules_for_protests_battles_and_places_keep_to_their_own_cases():
    # (a review's counter-examples to this round's rules: each was coded wrongly by their first versions)
    cases = [
        ("Police arrested three suspects who took a businessman hostage in Kano on Friday.",
         lambda es: "Protest with intervention" not in [e["sub_event_type"] for e in es]),
        ("Gunmen killed five people in the village of Kautikari in Borno on Sunday, and robbed shops.",
         lambda es: [e["sub_event_type"] for e in es] == ["Attack"]),
        ("In Lakes State, cattle raiders killed 20 people on Sunday.",
         lambda es: es and all(e["admin1"] == "Lakes" for e in es)),
        ("Hundreds of police officers marched in Lagos on Monday to demand unpaid salaries.",
         lambda es: [e["sub_event_type"] for e in es] == ["Peaceful protest"]),
        ("A soldier died in hospital on Monday after an attack on his convoy near Kidal.",
         lambda es: all(not e["actor1"].startswith("Military") for e in es)),
        ("Gunmen killed three civilians and a police officer's wife in Kano on Monday.",
         lambda es: [(e["sub_event_type"], e["actor2"]) for e in es] == [("Attack", "Civilians (Nigeria)")]),
        ("The Kidal director of the regional hospital said 12 people were killed on Monday when gunmen attacked "
         "the town's market.", lambda es: es and all(e["country"] == "Mali" for e in es)),
    ]
    for text, holds in cases:
        events = coded(text, published="2024-03-12")
        assert holds(events), (text, events)


def test_mozambique_s_al_shabab_is_not_somalia_s():
    text = ("Five people were beheaded by militants known locally as al-Shabab in Mozambique's northern province of "
            "Cabo Delgado on Tuesday, police said.")
    assert [e["actor1"] for e in coded(text, published="2019-08-30")] == ["Ahlu Sunnah Wa-Jama"]
    text = "Al Shabaab militants attacked a police post in Mandera county in Kenya on Tuesday, killing four officers."
    assert [e["actor1"] for e in coded(text, published="2019-08-30")] == ["Al Shabaab"]


def test_a_namesake_abroad_is_not_read_from_another_language_s_name_of_it():
    # GeoNames lists "Boni" among the names of Bonn: an Ethiopian locality must not become a German city, nor
    # lend Germany to the sides
    text = ("Armed men killed 12 farmers in Boni locality in Ethiopia's Oromia region on Monday, a regional "
            "official said.")
    events = coded(text, published="2021-03-30")
    assert all_in(events, "Ethiopia"), events


def test_a_bearing_and_a_country_s_name_is_that_part_of_the_country():
    text = "An Israeli drone strike killed two Hezbollah fighters in South Lebanon on Tuesday, the group said."
    events = coded(text, published="2024-05-08")
    assert all_in(events, "Lebanon"), events


def test_the_papers_in_an_author_s_bio_are_no_places_of_the_story():
    text = ("Drone strike kills three in Lebanon\n\nAn Israeli drone struck a car in the village of Aitaroun on "
            "Monday, killing three Hezbollah members, the group said.\n\nAuthor: Sam Reed\n\nSam Reed is a senior "
            "editor. His work has appeared in Forbes, the Washington Times and the Detroit Free Press.")
    events = coded(text, published="2024-05-07", title="Drone strike kills three in Lebanon")
    assert all_in(events, "Lebanon"), events


def test_a_town_listed_with_other_towns_is_a_place_whatever_the_recogniser_calls_it():
    from sitroom.nlp import parse
    from sitroom.resolve.places import article_places

    doc = parse("Damara, Sibut and Dekoa, north of the capital, were attacked by rebels over the weekend.")
    assert {t.text for t in article_places(doc)} >= {"Damara", "Sibut", "Dekoa"}


def test_another_clash_on_an_earlier_day_is_an_event_of_its_own():
    text = ("The army said 40 rebels were killed in fighting on Thursday in Unity state. This came after another "
            "clash on Tuesday in the border town of Yei between the two sides killed four soldiers.")
    events = coded(text, published="2017-05-19")
    assert ("Yei", "2017-05-16", 4) in [(e["location"], e["event_date"], e["fatalities"]) for e in events], events


def test_soldiers_who_lost_their_lives_in_an_ambush_were_killed_in_it():
    text = "Eleven soldiers lost their lives in an ambush by jihadists near Diffa on Friday, the army said."
    events = coded(text, published="2020-03-21")
    assert [(e["sub_event_type"], e["fatalities"]) for e in events] == [("Armed clash", 11)], events


def test_an_exchange_of_fire_is_a_gunfight_not_a_blaze():
    text = "Five militants were killed in an exchange of fire with police near El Arish on Wednesday."
    events = coded(text, published="2019-06-05")
    assert [(e["sub_event_type"], e["fatalities"]) for e in events] == [("Armed clash", 5)], events


def test_the_side_attacked_is_not_the_hand_of_the_next_sentence_s_deaths():
    text = ("Gunmen attacked a police post in Kidal on Monday, killing four officers. Two civilians were also "
            "killed.")
    events = coded(text, published="2024-03-12")
    assert events and all(e["actor1"] == "Unidentified Armed Group (Mali)" for e in events), events


def test_deaths_and_damage_under_a_disaster_headline_are_the_disaster_s():
    text = ("Floods kill five in Khartoum\n\nA woman and her child were killed in Omdurman when the roof of their "
            "house fell on them. In Bahri, 40 houses were destroyed, the civil defence said.")
    assert coded(text, published="2019-08-12", title="Floods kill five in Khartoum") == []


def test_a_killing_known_only_to_last_month_is_background():
    text = ("Israeli forces shot dead a Palestinian man in Nablus on Wednesday, the health ministry said. A "
            "journalist was shot dead by Israeli forces last month in Jenin.")
    events = coded(text, published="2022-06-29")
    assert [e["location"] for e in events] == ["Nablus"], events


def test_an_attack_on_a_list_of_towns_is_an_event_at_each_town():
    text = "Russian forces shelled Kupiansk and Izium on Monday, killing two civilians, the governor said."
    events = coded(text, published="2023-05-09")
    assert sorted((e["location"], e["fatalities"]) for e in events) == [("Izyum", 1), ("Kupyansk", 1)], events
    text = "Fighting between herders and farmers in Bokkos and Mangu left 13 people dead on Sunday, police said."
    events = coded(text, published="2024-01-29")
    assert sorted(e["location"] for e in events) == ["Bokkos", "Mangu"], events
    assert sorted(e["fatalities"] for e in events) == [6, 7], events  # the toll shared, none lost


def test_every_name_of_a_list_of_places_is_a_place_and_none_is_read_abroad():
    text = "Jihadists attacked army posts in Hombori, Boni and Douentza on Sunday, killing nine soldiers."
    events = coded(text, published="2024-03-12")
    assert all_in(events, "Mali"), events


def test_this_round_s_place_and_toll_rules_keep_to_their_own_cases():
    # (a review's counter-examples to this round's rules: each was coded wrongly by their first versions)
    cases = [
        ("Floods kill five in Khartoum\n\nFive people died when their houses collapsed in Omdurman. Separately, two "
         "police officers were killed in Nyala on Monday.",
         lambda es: [e["location"] for e in es] == ["Nyala"]),
        ("Gunmen Open Fire, Kill Five in Kaduna Village\n\nFive villagers were killed in Kauru on Sunday.",
         lambda es: es and all(e["location"] == "Kauru" for e in es)),
        ("Police arrested gunmen who attacked a bus in Mandera on Monday. Two passengers were killed.",
         lambda es: es and not any(e["actor1"].startswith("Police") and e["actor2"].startswith("Civilians")
                                   for e in es)),
        ("Gunmen attacked the Mogadishu Star hotel on Monday, killing four guards.",
         lambda es: es and all(e["location"] == "Mogadishu" for e in es)),
    ]
    for text, holds in cases:
        events = coded(text, published="2024-03-12")
        assert holds(events), (text, events)
    text = "Soldiers executed about 300 civilians in Moura in late March, Human Rights Watch said."
    assert len(coded(text, published="2022-04-05")) == 1
    from sitroom.nlp import parse
    from sitroom.resolve.places import article_places

    doc = parse("Police in West Jordan said a man was arrested on Monday.")
    assert [(t.text, t.choice.country_iso) for t in article_places(doc)] == [("West Jordan", "US")]


def test_south_sudan_s_armed_opposition_is_named():
    text = "SPLA-IO rebels attacked army positions near Yei on Tuesday, killing four soldiers, a spokesman said."
    events = coded(text, published="2017-05-19")
    assert [e["actor1"] for e in events] == [
        "SPLM/A-IO: Sudan People's Liberation Movement/Army (In Opposition) (Machar Faction)"], events


_GAO_ATTACK = "Gunmen attacked a village near Gao on Monday, killing five farmers, the mayor said.\n\n"


@pytest.mark.parametrize("text, title, toll", [
    # "also killed", "two more": the dead of the same attack told after its first figure, not a second figure
    (_GAO_ATTACK + "Two civilians were also killed when the attackers set fire to homes, residents said.",
     "Gunmen kill seven in central Mali", 7),
    (_GAO_ATTACK + "Two more people were killed when the attackers set fire to homes, residents said.",
     "Gunmen kill seven in central Mali", 7),
    # an "also" sentence read at two verbs counts once, and a later "also" adds to the whole
    (_GAO_ATTACK + "Two guards were also shot and killed at a checkpoint, residents said. "
     "A child was also killed by a stray bullet.", "Gunmen attack Mali village", 8),
    # a floor is no addition, and a headline's figure already sums the body's
    ("More than 20 people were killed when gunmen attacked a market in Gao on Monday, officials said.\n\n"
     "Another 12 people were wounded and the attackers burned the market.", "Gunmen kill 20 in Mali market attack", 20),
    # "20 or more" is a floor too, and a figure told by kind after "including" is part of the first
    ("Gunmen attacked a village near Gao on Monday, killing 20 people, the mayor said.\n\n"
     "Officials said 20 or more people were killed in the attack.", "Gunmen attack Mali village", 20),
    ("Gunmen attacked a village near Gao on Monday, killing 10 people, including six soldiers, the mayor said.\n\n"
     "Four civilians were also killed in the attack, residents said.", "Gunmen attack Mali village", 10),
])
def test_deaths_told_as_more_of_an_attack_add_to_its_toll_but_a_floor_or_a_breakdown_does_not(text, title, toll):
    assert [e["fatalities"] for e in coded(text, title=title)] == [toll]


def test_a_force_named_after_its_country_s_possessive_and_a_description_is_the_named_force():
    # the parser splits "Sudan's paramilitary | Rapid Support Forces" into two subjects: the name is the head
    text = ("Sudan's paramilitary Rapid Support Forces attacked a village in Gezira state on Wednesday, killing 35 "
            "people, activists said.")
    (event,) = coded(text, published="2024-03-14", title="Dozens killed in Sudan village attack")
    assert (event["actor1"], event["actor2"], event["fatalities"]) == ("Rapid Support Forces", "Civilians (Sudan)", 35)


def test_background_told_as_last_month_of_a_year_ago_or_by_a_source_months_back_is_no_new_event():
    text = ("Government troops recaptured the town of Kiwanja from M23 rebels on Monday, the army said.\n\n"
            "The rebels seized the city of Goma last November after government soldiers fled. About a year ago, "
            "rebels also killed 19 villagers in a night attack near Rutshuru.\n\n"
            "In June, the army said it killed a rebel commander in a clash near Rutshuru.")
    events = coded(text, published="2013-10-29", title="Congo army retakes Kiwanja")
    assert [(e["sub_event_type"], e["event_date"]) for e in events] == [("Government regains territory", "2013-10-28")]


def test_an_event_placed_only_in_a_country_named_alone_is_not_recorded_but_a_village_the_gazetteer_lacks_is():
    # ACLED records no event known only to the country; a village the gazetteer lacks is the coder's gap, not
    # the text's, and the event is kept
    text = ("Fighting escalated last week after peace talks between the government and the rebels in Uganda broke "
            "down, officials said.")
    assert coded(text, published="2013-10-29") == []
    # a people after "in" is no place ("in Israeli strikes")
    text = "Five people were killed in Israeli strikes on Lebanon on Monday, the health ministry said."
    assert coded(text, published="2024-05-07", title="Strikes on Lebanon") == []
    text = "An Israeli drone struck a car in the village of Aitaroun on Monday, killing three Hezbollah members."
    assert [e["fatalities"] for e in coded(text, published="2024-05-07", title="Drone strike in Lebanon")] == [3]


def test_a_village_with_a_namesake_abroad_stays_in_a_story_settled_in_its_country():
    text = ("Gunmen kidnapped 12 travellers near Gidan Visa village on Monday night, the police said on Tuesday.\n\n"
            "The police in Kaduna said a search had been launched. Travellers on the road between Abuja and Kaduna "
            "have been targeted repeatedly by kidnappers in Nigeria.")
    events = coded(text, published="2019-04-02", title="Gunmen kidnap 12 on Nigerian highway")
    assert all_in(events, "Nigeria") and all("(Nigeria)" in e["actor1"] for e in events), events


def test_a_campaign_told_in_the_perfect_progressive_and_an_aim_are_no_incidents():
    text = ("Taliban insurgents attacked two police checkpoints in Kamdesh district of Nuristan province on Sunday, "
            "killing four officers, officials said.\n\n"
            "Insurgents have been attacking government installations around the country, testing Afghan forces. "
            "The Taliban are fighting to topple the government in Kabul.")
    events = coded(text, published="2020-06-02", title="Taliban kill four police")
    assert [(e["actor1"], e["fatalities"]) for e in events] == [("Taliban", 4)], events
    # a progressive of the day is news
    text = "Troops are battling rebels in the streets of Kidal, residents said on Monday."
    assert [e["sub_event_type"] for e in coded(text, published="2024-03-11")] == ["Armed clash"]


def test_the_dead_of_a_riot_are_its_toll_and_those_burned_to_death_are_dead():
    text = "Rioters set fire to a bus in Kisumu on Sunday and two passengers burned to death, police said."
    assert [e["fatalities"] for e in coded(text, published="2019-10-21", title="Bus torched in Kenya")] == [2]


def test_those_burned_to_death_and_another_who_died_later_are_three_dead():
    from sitroom.nlp import parse
    from sitroom.resolve.numbers import fatalities_in

    (sentence,) = parse("Two people burned to death in the blaze and another later died in hospital.").sents
    assert fatalities_in(sentence, "a")[0] == 3


def test_the_day_of_a_statement_is_when_the_source_spoke_not_when_the_event_happened():
    text = ("Gunmen have abducted travellers on a highway in northern Nigeria.\n\n"
            "The Kaduna State Police Command confirmed this in a statement on Tuesday, saying the travellers were "
            "kidnapped on Monday night near the town of Jere.")
    events = coded(text, published="2019-04-03", title="Travellers kidnapped in Nigeria")
    assert [e["event_date"] for e in events] == ["2019-04-01"], events


def test_a_death_dated_after_an_attack_dates_the_death_not_the_attack():
    text = ("A ten-year-old girl died on Sunday after Houthi shelling of a residential district in Taiz, a hospital "
            "official said.\n\n"
            "The Houthis fired mortar rounds at houses in the city on Saturday afternoon, wounding the girl and four "
            "other children, residents said.")
    events = coded(text, published="2022-07-25", title="Girl killed by Houthi shelling in Taiz")
    assert [(e["event_date"], e["fatalities"]) for e in events] == [("2022-07-23", 1)], events


def test_a_disaster_told_in_the_lead_under_a_plain_headline_is_the_story_s_cause_of_death():
    from sitroom.extract.frames import _disaster_headline
    from sitroom.nlp import parse

    doc = parse("Rescuers reach quake-hit villages\n\nKATHMANDU - Rescue teams raced on Monday to reach remote "
                "villages after a powerful earthquake killed at least 40 people in eastern Nepal, officials said.")
    assert _disaster_headline(doc)
    assert not _disaster_headline(parse("Rescuers reach villages\n\nKATHMANDU - Gunmen killed at least 40 people "
                                        "in eastern Nepal on Monday, officials said."))


def test_a_seized_pistol_is_no_ground_taken_and_intercepted_suspects_no_weapons_stopped():
    text = "Police seized a pistol from a man in Arima on Monday, police said."
    assert all(e["sub_event_type"] != "Government regains territory" for e in coded(text)), coded(text)
    text = "Police intercepted the suspects near Arima on Monday after a chase."
    assert all(e["sub_event_type"] != "Disrupted weapons use" for e in coded(text)), coded(text)


def test_a_country_describing_a_drone_is_not_where_the_story_is():
    # "a US drone" says whose drone it was; it must not settle the story in the United States and drop the
    # Pakistani town as a namesake abroad
    text = "A US drone fired two missiles at a compound in Miranshah on Sunday, killing two militants."
    events = coded(text, published="2013-03-11", title="Drone strike")
    assert [e["location"] for e in events] == ["Miran Shah"], events


def test_a_town_named_as_a_town_stays_when_the_story_repeats_another_country_s_name():
    # one country named three times is one name pointing there, not a settled story
    text = ("Russian forces shelled the town of Kupiansk on Monday, killing two civilians. Russia has intensified "
            "attacks. Moscow says Russia will press on, and Russia's defence ministry claimed gains.")
    assert [e["location"] for e in coded(text, title="News report")] == ["Kupyansk"]


def test_a_hamlet_abroad_is_a_namesake_in_a_story_that_repeats_its_own_country():
    text = ("Gunmen kidnapped 12 travellers near Gidan Visa village on Monday night, police in Nigeria said.\n\n"
            "Kidnappings for ransom have surged in Nigeria, and Nigeria's police have promised more patrols.")
    events = coded(text, published="2019-04-02", title="Gunmen kidnap 12 travellers")
    assert all(e["country"] != "Romania" for e in events), events


def test_unqualified_warplanes_and_strikes_of_a_story_about_one_foreign_force_are_that_force_s():
    # the story names Israel's forces and none of the place's own: "warplanes", "the air force" and "the strike"
    # are Israel's (external forces abroad), not Palestine's nor the group whose ministry counted the dead
    text = ("Israeli strikes kill three in Gaza\n\n"
            "Three men were killed on Monday in an Israeli strike near Rafah, medics said.\n\n"
            "A spokesman for the Hamas-run health ministry said the strike had killed three members of a rocket "
            "crew. The Israeli army said its aircraft had targeted militants who had fired rockets.\n\n"
            "Hours later, warplanes targeted a car in the northern town of Beit Lahia, killing two militants.")
    events = coded(text, published="2014-03-11")
    assert events and {e["actor1"] for e in events} == {"Military Forces of Israel"}, events
    assert {e["inter1"] for e in events} == {8}


def test_the_dead_listed_among_those_killed_and_police_at_the_scene_are_no_attackers():
    text = ("Two officers and six conscripts were among those killed when militants attacked a checkpoint near "
            "El Arish on Wednesday, security sources said.")
    events = coded(text, published="2019-06-05", title="Eight killed in Sinai")
    assert [(e["actor1"], e["fatalities"]) for e in events] == [("Unidentified Armed Group (Egypt)", 8)], events
    # officers who investigate the site of a bomb did not plant it
    text = ("Police officers investigate the site of a roadside bomb in Pattani on Monday.\n\n"
            "A roadside bomb killed two rangers on a road in Pattani province on Monday, officials said.")
    events = coded(text, published="2015-05-05", title="Roadside bomb kills two rangers")
    assert [e["actor1"] for e in events] == ["Unidentified Armed Group (Thailand)"], events


def test_a_district_is_read_in_the_province_the_story_names_by_its_town():
    # "Narathiwat" (a town at the dateline, the province later) places the story; Waeng is Narathiwat's, not the
    # bigger Waeng in Roi Et
    text = ("NARATHIWAT - A roadside bomb killed two rangers on Monday.\n\n"
            "The bomb was planted on a road in Waeng district and went off as the rangers drove past, police said. "
            "The rangers were taking supplies to a base in Narathiwat province.")
    events = coded(text, published="2015-05-05", title="Bomb kills two rangers")
    assert [(e["location"], e["admin1"]) for e in events] == [("Waeng", "Narathiwat")], events


def test_a_town_taken_after_its_defenders_withdrew_is_one_change_of_hands_and_an_old_deal_no_event():
    text = ("Rebels seized the town of Sibut on Saturday after soldiers defending it withdrew, officials said.\n\n"
            "The soldiers belonging to the Seleka coalition had attacked the town at dawn. The rebels were led by "
            "members of groups which had signed a 2007 peace deal with the government.")
    events = coded(text, published="2012-12-30", title="Rebels take Sibut")
    assert [e["location"] for e in events] == ["Sibut"], events
    assert events[0]["sub_event_type"] in ("Non-state actor overtakes territory", "Non-violent transfer of territory")


def test_men_belonging_to_a_named_group_are_that_group():
    text = "Soldiers belonging to the Seleka coalition attacked the town of Gambo on Sunday, a resident said."
    events = coded(text, published="2013-03-12", title="Rebels attack Gambo")
    assert [e["actor1"] for e in events] == ["Seleka Rebel Coalition"] or \
        [e["actor1"] for e in events] == ["Ex-Seleka"], events


def test_a_deed_done_in_protest_is_a_protest_but_a_resignation_is_not():
    events = coded("Opposition lawmakers placed mock coffins at the gates of the police headquarters in Kano on Monday "
                   "in protest after the death of a student.", published="2017-06-20")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [("Peaceful protest", "Protesters (Nigeria)")]
    assert coded("Two ministers resigned in protest on Monday in Kano.", published="2017-06-20") == []


def test_a_force_that_marches_is_no_protest():
    text = ("A foreign contingent led by a military band marched on the Rajpath on Tuesday, the first time foreign "
            "troops marched with the Indian Army in the Republic Day parade in New Delhi.")
    assert coded(text, published="2016-01-27", title="French troops march in Delhi parade") == []
    text = ("An 8,000-strong militia army marched on the town of Pibor on Sunday, officials in Juba said.")
    assert [e["sub_event_type"] for e in coded(text, published="2012-01-03")] != ["Peaceful protest"]


def test_a_country_across_the_border_is_not_where_the_ambush_was():
    text = ("Six soldiers were killed in an ambush on a convoy near the border with Burkina Faso, the governor of "
            "Niger's Tillaberi region said on Monday.")
    events = coded(text, published="2021-10-18", title="Six soldiers killed in Niger ambush")
    assert [(e["country"], e["actor2"]) for e in events] == [("Niger", "Military Forces of Niger")], events


def test_a_loosely_matched_town_must_lie_in_the_province_the_story_names():
    # "Kirimu" is only a misspelling away from Korem (Tigray); in a story of Oromia it is a district we lack
    text = ("Gunmen killed eight villagers in Kirimu woreda on Monday, officials in Ethiopia's Oromia region said.")
    events = coded(text, published="2021-10-14", title="Gunmen kill eight in Ethiopia")
    assert events and all(e["admin1"] == "Oromia" for e in events), events


def test_a_foreign_force_named_in_passing_or_as_victims_does_not_take_the_deed():
    events = coded("Soldiers killed 15 jihadists near Mopti on Monday, the army said. French troops left Mali in 2022.",
                   published="2024-05-07", title="Mali army kills 15")
    assert [e["actor1"] for e in events] == ["Military Forces of Mali"], events
    events = coded("A car bomb exploded at a checkpoint in Mogadishu on Sunday, killing five people.\n\n"
                   "Al-Shabaab has carried out many such attacks in the capital. Kenyan troops serve in the African "
                   "Union mission.", published="2024-05-07", title="Car bomb in Mogadishu")
    assert [e["actor1"] for e in events] == ["Al Shabaab"], events


def test_police_marching_for_their_pay_protest_and_a_summoned_ambassador_is_no_protest():
    events = coded("Hundreds of police officers marched to the interior ministry in Nairobi on Monday to demand "
                   "unpaid salaries.", published="2024-05-07")
    assert [e["sub_event_type"] for e in events] == ["Peaceful protest"], events
    assert coded("Ukraine summoned the Hungarian ambassador in Kyiv on Tuesday in protest.", published="2024-05-08") == []


def test_a_title_before_a_name_does_not_end_the_sentence():
    from sitroom.nlp import parse

    doc = parse("One policeman was wounded on Monday in Enarotali, said Brig. Gen. Tony Jakobus, the deputy police chief.")
    assert len(list(doc.sents)) == 1


def test_clashes_between_security_forces_and_protesters_are_a_riot_and_tear_gas_an_intervention():
    # "between" hangs on the verb of occurrence ("clashes broke out ... between"): it still names the two sides
    events = coded("Clashes broke out on Friday evening between security forces and anti-government protesters outside "
                   "the central bank in Beirut.", published="2024-05-11")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [("Violent demonstration", "Rioters (Lebanon)")], events
    events = coded("Riot police fired tear gas at protesters in Santiago on Friday.", published="2024-05-11")
    assert [e["sub_event_type"] for e in events] == ["Protest with intervention"], events
    events = coded("Police opened fire on protesters in Santiago on Friday, killing two.", published="2024-05-11")
    assert [e["sub_event_type"] for e in events] == ["Excessive force against protesters"], events
    events = coded("Riot police fired tear gas at protesters in Santiago on Friday, injuring dozens of them.",
                   published="2024-05-11")
    assert [e["sub_event_type"] for e in events] == ["Excessive force against protesters"], events


def test_lebanon_internal_security_forces_are_its_police_and_iraq_isf_its_military():
    events = coded("Protesters hurled stones at an Internal Security Forces vehicle in Tripoli, Lebanon, on Sunday.",
                   published="2024-05-13")
    assert [e["actor2"] for e in events] == ["Police Forces of Lebanon"], events
    events = coded("ISF troops clashed with Islamic State militants near Tikrit, Iraq, on Sunday.", published="2024-05-13")
    assert [e["actor1"] for e in events] == ["Military Forces of Iraq"], events


def test_two_villages_the_gazetteer_lacks_are_two_attacks_not_one_lead_toll():
    text = ("Raiders killed at least 17 people in two attacks in South Sudan's Jonglei state, officials said on Tuesday.\n\n"
            "\"The village of Pakwor Nyal was attacked and 15 people were killed,\" the county commissioner said. "
            "Two herders were also killed in the village of Luom Kech, he added.")
    events = coded(text, published="2024-05-14", title="Raiders kill 17 in Jonglei")
    assert sorted(e["fatalities"] for e in events) == [2, 15], events
    assert all(e["admin1"] == "Jonglei" and e["geo_precision"] == 3 for e in events), events



def test_a_village_far_from_the_story_is_not_its_namesake_abroad_nor_a_loose_country():
    # "Mandela" is a town in Ghana and "Nambayaya" looks like "Namibia"; in a Cabo Delgado story both are local
    text = ("Insurgents burnt homes in Mandela village in Muidumbe district of Cabo Delgado province on Sunday, "
            "residents said. Two men were beheaded in the Nambayaya area near Macomia the same day.")
    events = coded(text, published="2024-05-14", title="Insurgents burn homes in Cabo Delgado")
    assert events and all(e["country"] == "Mozambique" for e in events), events


def test_a_region_word_alone_is_no_place():
    text = "Junta jets bombed a village in Sagaing Region's Pale Township on Tuesday, killing six people, residents said."
    events = coded(text, published="2024-05-15", title="Junta airstrike kills six in Myanmar")
    assert events and all(e["country"] == "Myanmar" for e in events), events


def test_the_first_recent_day_of_the_lead_dates_the_story_not_a_photo_caption():
    text = ("Soldiers patrol a street during a parade, Wednesday, July 26, 2023, in the capital. (AP Photo/Jane Doe)\n\n"
            "MORELIA, Mexico (AP) — State police drove into the hills to serve a warrant. Gunmen were waiting for them "
            "Monday, prosecutors said.\n\nThirteen officers were killed in the ambush near Aguililla.")
    events = coded(text, published="2019-10-15", title="Gunmen kill 13 police in Mexico")
    assert [e["event_date"] for e in events] == ["2019-10-14"], events


def test_police_firing_in_a_riot_is_the_riot_not_a_battle():
    text = ("IMPHAL: Fresh violence broke out in Churachandpur district in Manipur on Wednesday (May 3).\n\n"
            "Many houses were torched and several people were injured.\n\n"
            "Police resorted to tear gas shelling and opening fire to bring the situation under control.")
    events = coded(text, published="2023-05-04")
    assert events and all(e["event_type"] in ("Protests", "Riots") for e in events), events
    assert all(e["event_date"] == "2023-05-03" for e in events), events


def test_an_estimate_or_a_word_of_quantity_does_not_raise_a_counted_toll():
    text = ("Suspected jihadists killed at least six soldiers on Sunday in a raid on an army camp near Tenenkou in "
            "central Mali, military sources said.\n\nThe attackers stormed the camp at dawn, leaving many soldiers "
            "dead or missing, a military source said. A foreign security source said residents estimated at least "
            "14 people had been killed.")
    events = coded(text, published="2024-05-13", title="Jihadists kill six soldiers in Mali")
    assert [e["fatalities"] for e in events] == [6], events


def test_a_lead_placed_only_by_the_articles_most_named_place_joins_the_body_that_names_its_own():
    text = ("KABUL, Afghanistan (AP) — Taliban insurgents attacked a checkpoint in western Afghanistan early Saturday, "
            "killing four police, officials said.\n\nThe police chief of Farah province said the attackers killed the "
            "four police and escaped with weapons taken from the checkpoint.\n\nIn Kabul, meanwhile, police arrested "
            "a man carrying explosives near a ministry. Kabul has seen several attacks this year, and Kabul police "
            "have raised their alert.")
    events = coded(text, published="2024-05-12", title="Taliban kill 4 police in attack on checkpoint")
    attacks = [e for e in events if e["event_type"] == "Battles"]
    assert [(e["admin1"], e["fatalities"]) for e in attacks] == [("Farah", 4)], events



def test_a_deed_seen_in_pictures_is_not_reported():
    text = ("Insurgents killed two farmers collecting firewood near the village of Nova Zambezia in Cabo Delgado province "
            "on Friday, residents said.\n\nOn Sunday, the group posted a series of pictures reportedly of the attack, "
            "featuring fighters walking through the village in daylight and burning a number of huts.")
    events = coded(text, published="2024-05-15", title="Insurgents kill two in Cabo Delgado")
    assert [(e["sub_event_type"], e["actor2"]) for e in events] == [("Attack", "Civilians (Mozambique)")], events


def test_each_side_of_a_clash_is_read_from_its_own_phrase_and_a_gerund_after_a_passive_keeps_its_doer():
    events = coded("Clashes between Yemen's government forces and Houthi rebels killed 20 fighters near Marib on "
                   "Thursday, officials said.", published="2024-05-15")
    assert [{e["actor1"], e["actor2"]} for e in events] == [{"Military Forces of Yemen", "Military Forces of Yemen Houthi"}]
    events = coded("Eleven soldiers were wounded near Butuan in the Philippines on Monday after clashing with NPA "
                   "rebels in a remote village, the army said.", published="2024-05-15")
    assert [{e["actor1"], e["actor2"]} for e in events] == [{"Military Forces of the Philippines", "NPA: New People's Army"}]


def test_martyred_soldiers_are_dead_and_a_first_and_a_second_incident_are_two_events():
    text = ("Ten soldiers were killed in two attacks in Pakistan, the military said on Saturday.\n\n"
            "In the first incident, six soldiers were martyred when militants opened fire on a border patrol near "
            "Miranshah in North Waziristan.\n\nIn the second incident, four soldiers were martyred when militants "
            "fired on a convoy near Turbat in Balochistan.")
    events = coded(text, published="2019-07-13", title="Ten Pakistani soldiers killed in two attacks")
    assert sorted((e["location"], e["fatalities"]) for e in events) == [("Miran Shah", 6), ("Turbat", 4)], events


def test_a_place_far_off_that_only_measures_the_distance_is_not_the_scene():
    text = ("Nine police commandos were killed when Maoists blew up their vehicle with an IED in Sukma district of "
            "Chhattisgarh on Tuesday, around 450 km from the state capital Raipur, officials said.\n\n"
            "The blast left a deep crater on the road near Kistaram.")
    events = coded(text, published="2024-05-15", title="Maoists kill nine commandos in Chhattisgarh")
    assert events and all(e["location"] != "Raipur" for e in events), events



def test_police_dispersing_demonstrators_with_tear_gas_is_a_protest_with_intervention_unless_they_threw_stones():
    text = ("Shops were closed across the country on Wednesday.\n\nSecurity was tight in the capital Nairobi, where "
            "police used tear gas to disperse protesters in the Mathare and Kibera slums.")
    events = coded(text, published="2023-07-13", title="Kenya police fire tear gas as protesters flout ban")
    assert [(e["sub_event_type"], e["actor1"], e["actor2"], e["event_date"]) for e in events] == [
        ("Protest with intervention", "Protesters (Kenya)", "Police Forces of Kenya", "2023-07-12")], events
    # ACLED: demonstrators who turn to violence riot, whatever the police do
    for stones in ("police used tear gas to disperse stone-throwing protesters in Bamako on Tuesday.",
                   "Police fired tear gas at protesters who threw stones at a police station in Bamako on Tuesday."):
        events = coded(stones, published="2023-07-13", title="Mali police fire tear gas")
        assert [(e["sub_event_type"], e["actor1"], e["actor2"]) for e in events] == [
            ("Violent demonstration", "Rioters (Mali)", "Police Forces of Mali")], events


def test_an_unnamed_air_strike_is_the_states_where_only_the_state_flies():
    text = ("An aerial assault targeting a village in Magway region on Tuesday afternoon killed at least eight "
            "civilians, according to local sources.\n\nThe strike also destroyed a monastery, residents said.")
    events = coded(text, published="2024-05-15", title="Air strike kills eight in Myanmar")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [("Air/drone strike", "Military Forces of Myanmar")], events


def test_a_drone_strike_on_the_states_own_base_is_not_the_states():
    text = ("A drone attack hit a military base in Myawaddy in Kayin state on Tuesday, killing three soldiers, "
            "residents said.")
    events = coded(text, published="2024-05-15", title="Drone attack on army base")
    assert events and all(e["actor1"] != "Military Forces of Myanmar" for e in events), events


def test_a_sentence_summing_attacks_stays_an_event_when_the_body_tells_another_kind_of_incident():
    text = ("Gunmen killed 12 people in two separate attacks on villages in Zamfara state on Sunday, police said. "
            "In Katsina, police arrested five suspected kidnappers on Monday.")
    events = coded(text, published="2024-05-15", title="Gunmen kill 12 in Zamfara")
    assert sorted((e["sub_event_type"], e["admin1"], e["fatalities"]) for e in events) == [
        ("Arrests", "Katsina", 0), ("Attack", "Zamfara", 12)], events


def test_blasts_told_together_are_one_attack_whose_toll_is_the_total():
    for text in ("Three blasts ripped through a market in Maiduguri on Saturday, killing 18 people, police said. "
                 "The first bomber killed six people near the entrance of the market.",
                 "Two explosions at a crowded market in Maiduguri killed 18 people on Saturday, police said."):
        events = coded(text, published="2024-05-15", title="Blasts kill 18 in Maiduguri")
        assert [(e["location"], e["fatalities"]) for e in events] == [("Maiduguri", 18)], events


def test_a_rally_abroad_in_a_big_city_is_placed_there():
    text = ("Thousands of Kenyans protested in Nairobi on Tuesday against the finance bill. In London, members of "
            "the diaspora rallied outside the Kenyan High Commission on Tuesday.")
    events = coded(text, published="2024-05-15", title="Kenyans protest finance bill")
    assert sorted(e["location"] for e in events) == ["London", "Nairobi"], events


def test_a_deed_a_video_shows_is_reported():
    text = ("Footage released on Monday showed Russian troops executing three surrendering Ukrainian soldiers near "
            "Bakhmut, Ukraine's prosecutor said.")
    events = coded(text, published="2024-05-15", title="Video shows executions")
    assert [(e["actor1"], e["fatalities"]) for e in events] == [("Military Forces of Russia", 3)], events


def test_the_second_attack_told_in_one_sentence_counts_its_dead_once():
    text = ("Gunmen attacked the village of Tandjoare in Zamfara state twice on Sunday. In the second attack, they "
            "burned houses and killed a shopkeeper, residents said.")
    events = coded(text, published="2024-05-15", title="Gunmen attack Zamfara village")
    assert sum(e["fatalities"] for e in events) == 1, events


def test_a_village_the_gazetteer_lacks_is_coded_to_the_town_it_is_measured_from():
    for text, town in (("Gunmen killed five villagers in Kwaragal village, about 15 km north of the town of Dori, on "
                        "Monday, security sources said.", "Dori"),
                       ("Shelling by paramilitary forces on Saturday killed 12 people in a village north of the town "
                        "of Kutum in North Darfur, activists said.", "Kutum")):
        events = coded(text, published="2024-05-15", title="Attack on village")
        assert [(e["location"], e["geo_precision"]) for e in events] == [(town, 2)], events


def test_dismantling_is_an_event_only_of_weapons_and_army_engineers_are_the_army():
    assert coded("City had just dismantled the 19-time champions of England in their own backyard with a display "
                 "of clinical football on Sunday.", published="2024-05-15", title="Derby day") == []
    events = coded("Army engineers dismantled an improvised explosive device planted on a road near Kidal on Monday, "
                   "the army said.", published="2024-05-15", title="IED defused")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [("Disrupted weapons use", "Military Forces of Mali")]


def test_the_citys_own_district_is_a_quarter_of_it_and_one_person_killed_is_a_civilian():
    text = ("A Russian missile struck an apartment building in Kharkiv on Sunday, killing one person and wounding "
            "three, the regional governor said.\n\nThe governor said the strike took place in the city's central "
            "Kyiv district.")
    events = coded(text, published="2023-01-30", title="Missile strikes Kharkiv")
    assert [(e["location"], e["actor2"], e["fatalities"]) for e in events] == [("Kharkiv", "Civilians (Ukraine)", 1)]


def test_a_battle_remembered_and_troops_sent_to_help_flood_victims_are_no_events():
    assert coded("Veterans laid wreaths at the memorial in Ypres on Saturday to mark the anniversary of the battle, "
                 "in which thousands of soldiers were killed.", published="2024-05-15", title="Town marks battle") == []
    assert coded("Flash floods swept through villages in the north of the country on Sunday, killing at least 23 "
                 "people, the disaster agency said. Soldiers were deployed to help evacuate residents.",
                 published="2024-05-15", title="Floods kill 23") == []
    assert coded("More than 5,000 refugees crossed into Chad over the past week, fleeing fighting in Darfur, the UN "
                 "refugee agency said on Wednesday.", published="2024-05-15", title="Refugees flee into Chad") == []
    events = coded("On the anniversary of the massacre, gunmen attacked a memorial service in Bunia on Sunday, "
                   "killing two mourners, residents said.", published="2024-05-15", title="Gunmen attack memorial")
    assert [(e["location"], e["fatalities"]) for e in events] == [("Bunia", 2)], events


def test_the_dead_of_a_protest_are_no_side_against_it():
    events = coded("One person was killed in Conakry on Wednesday during protests against fuel price hikes, "
                   "witnesses said.", published="2022-06-03", title="Protester killed in Guinea")
    # (the unnamed force that killed at a protest is the police, the protest's second side)
    assert [(e["sub_event_type"], e["actor1"], e["actor2"], e["fatalities"]) for e in events] == [
        ("Excessive force against protesters", "Protesters (Guinea)", "Police Forces of Guinea", 1)], events


def test_the_codebook_sides_of_force_at_a_protest_and_of_a_mob():
    """A protest's force is its second side, with excessive force too; an intervention has the force that dispersed
    the crowd as actor2 even when it is named outside the protest's clause; a mob's victims are civilians, also
    when they were suspected of a crime, and the lynched are dead."""
    sides = lambda events: [(e["sub_event_type"], e["actor1"], e["actor2"], e["fatalities"]) for e in events]
    assert sides(coded("NAIROBI, July 8 (Reuters) - Kenyan police shot dead two protesters in Nairobi on Monday during "
                       "demonstrations against a new finance bill, witnesses said.", published="2019-07-09")) == [
        ("Excessive force against protesters", "Protesters (Kenya)", "Police Forces of Kenya", 2)]
    assert sides(coded("Police fired tear gas to disperse hundreds of teachers protesting over unpaid salaries outside "
                       "the education ministry in Harare on Wednesday.", published="2019-06-13")) == [
        ("Protest with intervention", "Protesters (Zimbabwe)", "Police Forces of Zimbabwe", 0)]
    assert sides(coded("An angry crowd lynched two suspected kidnappers in Port-au-Prince on Saturday, setting their "
                       "bodies alight, residents said.", published="2019-03-11")) == [
        ("Mob violence", "Rioters (Haiti)", "Civilians (Haiti)", 2)]


def test_dead_told_as_also_killed_after_a_toll_of_people_are_among_them_and_a_brief_capture_is_a_clash():
    text = ("A pre-dawn raid by al-Shabaab on a military base near Marka in southern Somalia has left at least 18 "
            "people dead, officials said on Sunday.\n\n\"We have lost five soldiers in this attack. Our troops have "
            "also killed 13 militants,\" a military official said.")
    events = coded(text, published="2024-05-15", title="Al-Shabaab storm base")
    assert [(e["sub_event_type"], e["fatalities"]) for e in events] == [("Armed clash", 18)], events
    events = coded("Al-Shabaab fighters captured the town of Bulo Burde briefly on Monday before being pushed back by "
                   "government troops, residents said.", published="2024-05-15", title="Al-Shabaab briefly seize town")
    assert [e["sub_event_type"] for e in events] == ["Armed clash"], events


def test_a_sides_count_of_its_own_kills_does_not_stand_against_an_officials_toll():
    text = ("Al-Shabaab fighters attacked a military base near Marka in southern Somalia on Sunday, killing five "
            "soldiers, an army officer said.\n\nThe group said it had killed more than 20 soldiers.")
    events = coded(text, published="2019-09-23", title="Al-Shabaab attack base")
    assert [e["fatalities"] for e in events] == [5], events


def test_the_hand_of_a_passive_death_is_the_by_of_the_deed_it_happened_in():
    events = coded("Three soldiers were killed in an ambush by al-Shabaab fighters near Afgoye on Monday, officials "
                   "said.", published="2024-05-15", title="Ambush kills three")
    assert [(e["actor1"], e["actor2"], e["fatalities"]) for e in events] == [
        ("Al Shabaab", "Military Forces of Somalia", 3)], events


def test_a_killing_after_which_the_army_was_called_out_is_told_as_done():
    text = ("MANDALAY, March 15 - The army was called out and a curfew imposed on parts of Mandalay on Thursday after "
            "three people were killed as rioters stoned police and set fire to shops.")
    events = coded(text, published="2024-03-15")
    # (the curfew came on Thursday, the killing then or a few days before)
    assert events and all("2024-03-11" <= e["event_date"] <= "2024-03-14" for e in events)
    assert max(e["fatalities"] for e in events) == 3


def test_soldiers_killed_on_a_day_after_an_ambush_died_in_it_that_day():
    text = ("Five soldiers were killed on Saturday after rebels ambushed an army patrol near the town of Dori, "
            "the army said in a statement on Monday.")
    (event,) = coded(text, published="2024-03-12")
    assert event["event_date"] == "2024-03-09"
    assert event["time_precision"] == 1
    assert event["fatalities"] == 5


def test_a_camera_shooting_a_video_is_no_gunfire():
    text = ("Thousands of teachers marched peacefully through Nakuru on Tuesday to demand unpaid wages.\n\n"
            "A reporter died while shooting a video of the march from a rooftop that later collapsed.")
    events = coded(text)
    assert events and all(e["event_type"] == "Protests" for e in events)


def test_arrests_at_a_protest_are_the_protest_and_a_place_that_speaks_is_no_scene():
    text = ("Police fired tear gas to disperse hundreds of students protesting over fees in Izmir on Tuesday, "
            "detaining 15 of them.\n\n"
            "Anatolia reported that a total of 22 people had been arrested.")
    (event,) = coded(text)
    assert event["sub_event_type"] == "Protest with intervention"
    assert event["actor2"].startswith("Police Forces of Turkey")
    assert event["location"] == "Izmir"


def test_a_bystander_hurt_by_a_stray_bullet_is_a_casualty_of_the_attack_not_an_attack_of_its_own():
    text = ("Gunmen attacked an army post near Tillia in western Niger on Monday, killing three soldiers.\n\n"
            "A shepherd was also wounded by a stray bullet, the army said.")
    (event,) = coded(text)
    assert event["sub_event_type"] == "Armed clash"
    assert event["fatalities"] == 3


def test_a_fire_at_an_ammunition_depot_and_an_old_war_bomb_defused_are_no_conflict_events():
    depot = ("A fire broke out at an army ammunition depot near Jabalpur on Tuesday, setting off blasts that killed "
             "four firefighters.\n\nEleven others, including two soldiers, were injured, officials said.\n\n"
             "Firefighters battled the blaze for six hours before the explosions stopped.")
    relic = ("Army engineers on Monday defused an unexploded Second World War bomb found on a building site in "
             "Hamburg, and 2,000 residents were allowed to return home.\n\n"
             "The port city was heavily bombed during the war.")
    assert coded(depot) == []
    assert coded(relic) == []


def test_a_hyphened_city_is_one_name_and_a_facility_named_after_a_place_is_not_that_place():
    haiti = "Gunmen killed six residents in Port-au-Prince on Monday, police said."
    peru = ("Police fired tear gas at protesters outside the Cusco Tupac Amaru airport in Juliaca on Monday, "
            "injuring 12 people.")
    (event,) = coded(haiti)
    assert event["location"] == "Port-au-Prince"
    events = coded(peru)
    assert events and all(e["country"] == "Peru" and e["location"] == "Juliaca" for e in events)


def test_deeds_a_crowd_accuses_the_government_of_are_no_events():
    text = ("Opposition supporters marched peacefully through Gulu on Monday.\n\n"
            "They accuse the government of arresting and torturing two opposition lawmakers.")
    (event,) = coded(text)
    assert event["sub_event_type"] == "Peaceful protest"


def test_clashes_that_were_between_two_groups_name_both_sides():
    text = ("Heavy fighting broke out in Zawiya on Friday.\n\n"
            "The clashes were between Radaa fighters and units of the Libyan National Army, residents said.")
    events = coded(text, published="2024-03-16")
    assert any(e["sub_event_type"] == "Armed clash" and e["actor1"] and e["actor2"] for e in events)


def test_a_named_gang_coalition_in_haiti_is_the_actor_not_an_unidentified_group():
    text = ("Gangs of the Viv Ansanm coalition attacked the Petionville suburb of Port-au-Prince on Monday, "
            "killing five residents, police said.")
    (event,) = coded(text)
    assert event["actor1"] == "Viv Ansanm"
    assert event["actor2"] == "Civilians (Haiti)"


def test_an_arms_deal_is_no_agreement_and_a_beating_at_a_dispersal_is_part_of_it():
    assert coded("France and India signed a deal for 36 fighter jets in New Delhi on Friday.") == []
    text = ("Riot police fired tear gas to disperse opposition supporters in Harare on Friday.\n\n"
            "At least one woman was beaten by police, witnesses said.")
    (event,) = coded(text)
    assert event["event_type"] == "Protests"


def test_property_a_riot_destroys_is_no_side_of_it():
    (event,) = coded("Protesters burnt a house and torched eight vehicles in Biratnagar on Friday, police said.")
    assert event["sub_event_type"] == "Violent demonstration"
    assert event["actor2"] == ""


def test_the_kind_of_deed_names_its_hand_and_those_who_recovered_the_dead_did_not_kill_them():
    (event,) = coded("Troops recovered the bodies of five soldiers killed in a rebel ambush near Kidal, the army said "
                     "on Thursday.", published="2024-05-17")
    assert event["sub_event_type"] == "Armed clash"
    assert event["actor1"] == "Unidentified Armed Group (Mali)"
    assert event["actor2"].startswith("Military Forces of Mali")


def test_a_headlines_clash_over_a_story_of_tear_gas_is_a_protest_with_intervention():
    text = ("Zimbabwe police, protesters clash in Harare\n\n"
            "Harare - Zimbabwe's police fired tear gas on Friday to disperse hundreds of opposition supporters in "
            "central Harare.")
    (event,) = coded(text, published="2024-05-17", title="Zimbabwe police, protesters clash in Harare")
    assert event["sub_event_type"] == "Protest with intervention"
    assert event["actor2"].startswith("Police Forces of Zimbabwe")


def test_a_region_told_in_the_lead_and_its_town_told_with_the_incident_code_the_town_as_part_of_the_region():
    text = ("An attack by militants on an army checkpoint in the north of the Sinai Peninsula killed three soldiers "
            "on Saturday, officials said.\n\nThe checkpoint guards the road into El Arish, the provincial capital.\n\n"
            "They described it as a surprise attack in which the militants crept close to the checkpoint before "
            "opening fire.")
    (event,) = coded(text, published="2024-05-12")
    assert event["location"] == "Arish"
    assert event["geo_precision"] == 2
    assert event["fatalities"] == 3


def test_a_victim_named_only_by_name_is_a_civilian_of_an_attack():
    (event,) = coded("Abdi Hassan, 21, was killed when gunmen opened fire on a bus in Mandera on Friday.",
                     published="2024-05-15")
    assert event["sub_event_type"] == "Attack"
    assert event["actor2"] == "Civilians (Kenya)"
    assert event["fatalities"] == 1


def test_a_foreign_force_that_repels_the_attackers_fights_a_battle_of_its_own_with_their_hand():
    text = ("Ex-Seleka fighters attacked a camp for displaced people in Kaga-Bandoro on Wednesday, killing 10 "
            "civilians, the UN said.\n\nPakistani troops of the UN mission repelled the attackers, killing at least "
            "12 of them.")
    events = sorted(coded(text, published="2016-10-14"), key=lambda e: e["sub_event_type"])
    assert [(e["sub_event_type"], e["fatalities"]) for e in events] == [("Armed clash", 12), ("Attack", 10)]
    assert events[0]["actor2"] == "Ex-Seleka" and events[1]["actor1"] == "Ex-Seleka"


def test_the_latest_attack_that_comes_days_after_another_does_not_take_the_others_dead():
    text = ("At least 12 soldiers were killed on Saturday in an attack on their camp at Dioura in central Mali, "
            "the army said.\n\n"
            "The latest attack comes three days after 19 civilians were killed when their bus hit a landmine near "
            "Boni.")
    events = coded(text, published="2024-03-10")
    assert sorted(e["fatalities"] for e in events) == [12, 19]


def test_a_capital_named_alone_is_no_province_that_holds_every_town_matched_loosely():
    text = ("Security forces cleared a protest camp in Baghdad on Saturday, firing tear gas and live bullets.\n\n"
            "At least three demonstrators were killed in the southern city of Nasriyah when security forces moved "
            "in to open a blocked highway.")
    events = coded(text, published="2020-01-26")
    assert any(e["location"] == "Nasiriyah" and e["country"] == "Iraq" for e in events), events
    assert all(e["country"] == "Iraq" for e in events)


def test_a_group_the_story_names_only_in_background_or_accusation_is_not_the_unknown_attackers():
    mali = ("Gunmen killed eight soldiers in an attack on an army post near Djibo on Sunday, the army said.\n\n"
            "The identity of the attackers was not immediately clear.\n\n"
            "Jihadist groups linked to al Qaeda and the Islamic State operate across the region and have used it "
            "as a base to attack soldiers.")
    pakistan = ("Militants attacked a police post in Bannu on Tuesday, killing three officers, police said.\n\n"
                "Islamabad accuses militant groups such as the TTP of using Afghan soil to plan attacks.")
    (event,) = coded(mali, published="2024-03-12")
    assert event["actor1"] == "Unidentified Armed Group (Burkina Faso)"
    (event,) = coded(pakistan, published="2024-03-13")
    assert event["actor1"] == "Unidentified Armed Group (Pakistan)"


def test_a_toll_updated_later_in_the_story_is_the_events_toll_but_a_wars_total_is_no_ones():
    text = ("A bomb hidden in a parked car went off outside a hotel in Mogadishu on Saturday, killing six people, "
            "police said.\n\n"
            "By Sunday the death toll had risen to 11, a hospital official said.\n\n"
            "The overall death toll of the insurgency has passed 20,000, according to monitors.")
    (event,) = coded(text, published="2024-03-11")
    assert event["location"] == "Mogadishu"
    assert event["fatalities"] == 11


def test_a_toll_with_no_event_told_before_it_is_no_event():
    text = ("The death toll from the fighting in the region rose to 40 on Monday, the health ministry said.\n\n"
            "Aid groups called for a ceasefire.")
    assert coded(text, published="2024-03-12") == []


def test_a_range_of_dead_is_coded_at_its_low_end_and_the_dead_left_behind_are_counted():
    range_told = "Ten to 15 villagers were killed when gunmen raided a market near Djibo on Friday, residents said."
    (event,) = coded(range_told, published="2024-03-10")
    assert event["fatalities"] == 10
    left_dead = ("Armed tribesmen clashed with police in the town of Sabha on Monday, leaving four dead, "
                 "witnesses said.")
    (event,) = coded(left_dead, published="2024-03-12")
    assert event["fatalities"] == 4
    assert event["actor1"] == "Unidentified Tribal Militia (Libya)" and event["inter1"] == 4
    assert event["actor2"] == "Police Forces of Libya"


def test_a_fight_between_two_states_border_guards_has_each_state_as_a_side_and_its_dead_as_toll():
    text = ("Clashes between Tajik and Kyrgyz border guards on Wednesday killed five people near the Kyrgyz town "
            "of Batken, officials said.")
    (event,) = coded(text, published="2024-03-14")
    assert event["sub_event_type"] == "Armed clash"
    assert {event["actor1"], event["actor2"]} == {"Military Forces of Tajikistan", "Military Forces of Kyrgyzstan"}
    assert event["fatalities"] == 5


def test_a_fight_in_a_town_the_gazetteer_lacks_is_still_in_the_country_of_the_group_named():
    text = ("Fighting between the military and the Arakan Army killed at least nine people in Paletwa township "
            "on Sunday, a local administrator said.")
    (event,) = coded(text, published="2024-03-12")
    assert event["actor1"] == "Military Forces of Myanmar"
    assert event["actor2"] == "AA: Arakan Army"
    assert event["country"] in ("Myanmar", "")  # never a Nigerian state matched by three consonants
    assert event["fatalities"] == 9


def test_dead_listed_town_by_town_are_each_towns_own_toll():
    text = ("Jihadists raided several villages in Borno state on Tuesday.\n\n"
            "Six people were killed in Konduga, four in Bama and one in Gwoza, a police spokesman said.")
    events = coded(text, published="2024-03-14")
    by_town = {e["location"]: e["fatalities"] for e in events}
    assert by_town.get("Konduga") == 6 and by_town.get("Gwoza") == 1, by_town
    assert sum(by_town.values()) == 11


def test_a_remembered_attack_a_groups_habits_and_an_aim_are_no_events():
    commemoration = ("Families and survivors gathered at a church in Owo on Sunday to mark two years since gunmen "
                     "attacked worshippers there and killed more than 40 people.")
    habit = ("Analysts say the Islamic State continues to carry out ambushes and plant roadside bombs in the desert, "
             "particularly around Palmyra and Sukhnah.")
    aim = ("The two delegations agreed on steps to release detainees and to disarm militias in Tripoli, the UN "
           "envoy said on Friday.")
    assert [e for e in coded(commemoration, published="2024-06-10") if e["event_type"] != "Protests"] == []
    assert all(e["fatalities"] == 0 for e in coded(commemoration, published="2024-06-10"))
    assert coded(habit, published="2024-05-10") == []
    assert coded(aim, published="2024-05-10") == []


def test_a_story_with_no_place_is_in_the_home_country_of_the_group_it_names():
    # Al Shabaab fights in five countries but most of its war is Somalia's; "al-Shabaab" is also the local name of
    # Mozambique's insurgents, which a story that names no country is not about
    (event,) = coded("Al-Shabaab militants ambushed a convoy on Tuesday, killing three soldiers, a military "
                     "official said.", published="2024-05-10")
    assert (event["actor1"], event["actor2"]) == ("Al Shabaab", "Military Forces of Somalia"), event
    # with no group and no place, the state's forces are named without an empty country
    (event,) = coded("Gunmen ambushed an army convoy on Tuesday, killing three soldiers, a military official said.",
                     published="2024-05-10")
    assert event["actor2"] == "Military Forces", event


def test_an_arrest_over_a_fire_is_no_event_and_an_arrest_after_a_bombing_is_its_own():
    text = ("Police arrested the owner of a wedding hall in Mosul on Tuesday after a fire there killed 45 guests, "
            "the interior ministry said.")
    assert coded(text, published="2024-05-10") == []
    text = ("Police arrested three men in Quetta on Tuesday after a bomb killed five people at a market, officials "
            "said.")
    events = sorted(coded(text, published="2024-05-10"), key=lambda e: e["sub_event_type"])
    assert [(e["sub_event_type"], e["actor1"], e["fatalities"]) for e in events] == [
        ("Arrests", "Police Forces of Pakistan", 0),
        ("Remote explosive/landmine/IED", "Unidentified Armed Group (Pakistan)", 5)], events


def test_a_gathering_to_remember_a_massacre_is_not_a_protest_met_with_force():
    for text in ("Hundreds of mourners gathered in Maiduguri on Sunday to mark the anniversary of the day Boko Haram "
                 "fighters killed 30 students at a school in Mamudo.",
                 "Relatives gathered in Lahore on Friday to commemorate the victims of the 2014 school massacre, in "
                 "which 140 people were killed.",
                 "Hundreds of people held a candlelight vigil in Srinagar on Sunday in memory of three civilians "
                 "killed by troops last year."):
        events = coded(text, published="2024-05-10")
        assert all(e["sub_event_type"] == "Peaceful protest" and e["fatalities"] == 0 for e in events), events


def test_the_armed_side_whose_move_times_a_passive_killing_did_it():
    text = ("At least three demonstrators were killed in the southern city of Nasriyah when security forces moved in "
            "to open a blocked highway.")
    (event,) = coded(text, published="2020-01-26")
    assert (event["sub_event_type"], event["location"], event["fatalities"]) == (
        "Excessive force against protesters", "Nasiriyah", 3), event
    assert "Military Forces of Iraq" in (event["actor1"], event["actor2"]), event
    # no armed side in the clause: the killer stays unknown
    (event,) = coded("Two soldiers were killed when their vehicle hit a landmine near Kidal on Monday.",
                     published="2024-05-10")
    assert event["actor1"].startswith("Unidentified Armed Group"), event


def test_anti_houthi_forces_are_the_yemeni_government_s_not_the_houthis():
    (event,) = coded("Anti-Houthi forces repelled an attack on their positions near Marib on Wednesday, a military "
                     "source said.", published="2024-05-10")
    assert event["actor1"] == "Military Forces of Yemen" and "Houthi" not in event["actor2"], event


def test_ground_retaken_told_with_a_pronoun_is_the_government_s():
    text = "Rebels captured the town of Rutshuru on Monday. Government troops retook it on Thursday after heavy fighting."
    events = coded(text, published="2024-05-10")
    assert sorted(e["sub_event_type"] for e in events) == ["Government regains territory",
                                                           "Non-state actor overtakes territory"], events


def test_arson_told_with_set_is_destruction_and_set_is_past_beside_a_past_verb():
    (event,) = coded("Unknown attackers set fire to a police station in Nnewi, Anambra state, on Sunday night, police "
                     "said. No one was hurt.", published="2024-05-10")
    assert event["sub_event_type"] == "Looting/property destruction" and event["location"] == "Nnewi", event
    events = coded("Protesters set tyres on fire and blocked the main road in Port-au-Prince on Monday.",
                   published="2024-05-10")
    assert [e["event_type"] for e in events] in (["Riots"], ["Protests"]), events
    assert coded("The government set fire prevention rules for markets in Lagos.", published="2024-05-10") == []


def test_an_allegation_its_speaker_calls_false_is_no_event_unless_told_as_fact():
    assert coded("Claims that the army targeted civilians in Hawija are lies, the defence ministry said on Monday.",
                 published="2024-05-10") == []
    assert coded("The ministry dismissed reports that soldiers had killed civilians in Hawija as baseless.",
                 published="2024-05-10") == []
    events = coded("Reports that gunmen killed five villagers in Kajuru on Monday were confirmed by police.",
                   published="2024-05-10")
    assert [e["fatalities"] for e in events] == [5], events


def test_a_town_named_with_its_province_is_the_event_s_place_not_the_province():
    cases = [("On Monday, a drone strike hit a pickup truck on a track north of Bourem, in the Gao region, killing "
              "four people.", "Bourem"),
             ("Fighters looted shops and warehouses in the main market of Al Hasaheisa in Gezira state on Sunday.",
              "Al Hasaheisa"),
             ("Government forces repelled a Houthi attack on their positions east of Hays district in southern "
              "Hodeidah governorate on Tuesday.", "Hays")]
    for text, town in cases:
        events = coded(text, published="2024-03-12")
        assert [e["location"] for e in events] == [town], events


def test_what_victims_suffered_when_a_deed_was_done_is_that_deed_s_one_event():
    events = coded("Srinagar, Oct 10: Four civilians were injured on Monday when suspected militants hurled a grenade "
                   "towards a police bunker in Sopore town, police said.", published="2024-10-10")
    assert [(e["sub_event_type"], e["location"]) for e in events] == [("Grenade", "Sopur")], events
    events = coded("A young man was shot dead and at least 14 people were wounded on Sunday when security forces opened "
                   "fire to disperse hundreds of protesters in Basra, medics said.", published="2024-05-10")
    assert [(e["sub_event_type"], e["fatalities"]) for e in events] == [("Excessive force against protesters", 1)]
    (event,) = coded("A man was killed and nine other people were wounded when an unidentified man lobbed a grenade "
                     "into a bar in Cotabato City on Saturday.", published="2024-05-10")
    assert (event["actor1"], event["actor2"]) == ("Unidentified Armed Group (Philippines)", "Civilians (Philippines)")


def test_deeds_summed_over_a_whole_year_are_no_incident_in_any_tense():
    for text in ("Police said 170 militants had been killed in the Valley so far this year.",
                 "More than 4,700 people were abducted in Nigeria in 2023, and at least 2,580 people were killed in "
                 "attacks, the report said.",
                 "Security forces killed 1,900 suspected bandits and insurgents during the year, the report said."):
        assert coded(text, published="2024-03-10") == [], text
    events = coded("Gunmen killed five villagers in Zamfara on Monday, the deadliest attack this year, police said.",
                   published="2024-03-10")
    assert [e["fatalities"] for e in events] == [5], events


def test_people_arrested_or_attacked_with_no_side_named_are_civilians_of_their_nation():
    (event,) = coded("Israeli troops also arrested 15 Palestinians in Hebron overnight into Tuesday, the army said.",
                     published="2024-05-10")
    assert (event["actor1"], event["actor2"]) == ("Military Forces of Israel", "Civilians (Palestine)"), event


def test_a_telling_placed_only_by_the_story_before_does_not_retype_the_incident():
    text = ("On Monday, a drone strike hit a pickup truck on a track north of Bourem, in the Gao region, killing four "
            "people whom relatives described as gold miners.\n\n"
            "The army said it had struck \"a terrorist vehicle\" and killed four terrorists.")
    (event,) = coded(text, published="2024-03-12")
    assert (event["sub_event_type"], event["actor1"], event["fatalities"]) == (
        "Air/drone strike", "Military Forces of Mali", 4), event


def test_a_word_made_of_an_actor_s_name_is_no_actor():
    # "a military-run school" is a school: the attack on it is on civilians, not a battle with the army
    (event,) = coded("Gunmen attacked a military-run school in Kaduna on Monday, killing two students, police said.",
                     published="2024-05-24")
    assert (event["sub_event_type"], event["actor2"]) == ("Attack", "Civilians (Nigeria)"), event


def test_a_year_s_statistics_a_general_remark_and_a_police_cordon_are_no_events():
    text = ("LAGOS — More than 4,700 people were abducted in Nigeria in 2023, and at least 2,580 people were killed in "
            "attacks by armed gangs, jihadist groups and other perpetrators, according to an annual report.\n\n"
            "\"It is cheaper to buy a gun and take hostages than to farm,\" the firm's research director said at the "
            "launch in Maiduguri.")
    assert coded(text, published="2024-03-10") == []
    text = ("Police blocked roads leading to the junction in Mogadishu for several hours and searched everyone "
            "entering the area.")
    assert coded(text, published="2024-03-10") == []
    events = coded("Police used tear gas to disperse protesters in Nairobi on Tuesday.", published="2024-03-10")
    assert [e["sub_event_type"] for e in events] == ["Protest with intervention"], events


def test_the_other_side_named_as_an_owner_or_among_the_dead():
    (event,) = coded("On 4 March, suspected JNIM militants attacked a position of the Volunteers for the Defence of "
                     "the Homeland (VDP) in Sebba, killing six volunteers.", published="2024-03-10")
    assert event["actor2"] == "VDP: Volunteers for the Defense of the Homeland", event
    (event,) = coded("Two soldiers and a suspected New People's Army (NPA) rebel were killed in a firefight in the "
                     "hinterlands of Las Navas town on Sunday, the army said.", published="2024-03-10")
    assert {event["actor1"], event["actor2"]} == {"NPA: New People's Army", "Military Forces of the Philippines"}
    assert event["fatalities"] == 3, event


def test_gunmen_of_the_clans_are_a_tribal_militia_and_southern_forces_the_stc():
    (event,) = coded("Violent clashes broke out on Sunday between the fighters of the Syrian Democratic Forces and "
                     "gunmen from the Arab clans in the town of Dhiban in Deir ez-Zor, which resulted in the death of "
                     "three SDF members.", published="2024-03-10")
    assert event["actor2"] == "Unidentified Tribal Militia (Syria)", event
    (event,) = coded("Two fighters of the Southern forces were killed on Tuesday when a Houthi drone struck their "
                     "position north of Qataba.", published="2024-03-10")
    assert event["actor2"] == "Military Forces of Yemen Presidential Leadership Council - STC", event


def test_a_toll_risen_days_later_a_claimant_s_figure_and_the_victims_as_them():
    text = ("M23 rebels have seized several towns in North Kivu this year.\n\n"
            "On Friday, suspected fighters of the Allied Democratic Forces (ADF) attacked farmers in their fields near "
            "Lubero town, killing them with machetes and guns, a local official said. The local administrator "
            "initially reported eight dead. On Sunday the toll rose to 11.")
    (event,) = coded(text, published="2024-03-12")
    assert (event["sub_event_type"], event["actor1"], event["actor2"], event["fatalities"]) == (
        "Attack", "ADF: Allied Democratic Forces", "Civilians (Democratic Republic of Congo)", 11), event
    text = ("A suicide bomber blew himself up at a mosque in Mazar-i-Sharif on Friday, killing six worshippers, police "
            "said. The Islamic State group's regional affiliate, which claimed the attack, said 30 apostates had been "
            "killed.")
    assert [e["fatalities"] for e in coded(text, published="2024-03-12")] == [7]


def test_a_group_of_one_country_places_a_town_whose_name_is_shared_abroad():
    (event,) = coded("The regime forces shelled the city of Ariha on Saturday with artillery, which caused the death "
                     "of a woman.", published="2024-03-12")
    assert (event["country"], event["actor1"]) == ("Syria", "Military Forces of Syria"), event


def test_arson_told_as_how_an_attack_went_and_a_toll_hung_on_a_place_are_the_attack_s():
    (event,) = coded("Late on Sunday, Israeli settlers attacked the village of Sinjil, north of Ramallah, setting fire to "
                     "four cars and throwing stones at homes, the village council said.", published="2024-03-12")
    assert (event["sub_event_type"], event["actor1"], event["actor2"]) == (
        "Attack", "Settlers (Israel)", "Civilians (Palestine)"), event
    text = ("Deir ez-Zor – Local sources said violent clashes broke out on Sunday between the fighters of the Syrian "
            "Democratic Forces and gunmen from the Arab clans in the town of Dhiban in the eastern countryside of Deir "
            "ez-Zor, which resulted in the death of three members of the SDF.")
    (event,) = coded(text, published="2024-03-12")
    assert (event["location"], event["fatalities"]) == ("Dhiban", 3), event


def test_a_quote_s_second_sentence_is_quoted_and_a_story_with_no_other_place_is_at_its_dateline():
    text = ("SALAMANCA, Mexico — Armed men burst into a bar shortly before midnight on Sunday and opened fire on "
            "customers, killing seven people, prosecutors said.\n\n"
            "The attackers ordered the music switched off before they started shooting, a waiter said. \"They did not "
            "ask for anyone. They just started firing at the tables,\" he told this newspaper.")
    (event,) = coded(text, published="2024-03-12")
    assert (event["location"], event["fatalities"], event["geo_precision"]) == ("Salamanca", 7, 2), event
    # a dateline abroad is no fallback for a story of another country
    events = coded("NAIROBI, Kenya — Gunmen killed four soldiers in an ambush in Somalia on Monday, officials said.",
                   published="2024-03-12")
    assert all(e["location"] != "Nairobi" for e in events), events


def test_weapons_used_to_disperse_a_protest_are_its_policing_not_a_bombing():
    text = ("Residents blocked the Avenida Brasil in Rio de Janeiro on Wednesday to protest against the killings. "
            "The Military Police used bombs of moral effect to disperse the demonstrators.")
    (event,) = coded(text, published="2024-03-12")
    assert (event["sub_event_type"], event["actor1"]) == ("Protest with intervention", "Protesters (Brazil)"), event


def test_dead_listed_with_a_kin_word_or_a_partitive_count_add_up():
    (event,) = coded("Regime forces shelled the city of Ariha in Idlib on Saturday, killing a woman and her son.",
                     published="2024-03-12")
    assert event["fatalities"] == 2, event
    (event,) = coded("Clashes broke out on Sunday between SDF fighters and clan gunmen in Dhiban in Deir ez-Zor, killing "
                     "three members of the SDF and two of the clan fighters.", published="2024-03-12")
    assert event["fatalities"] == 5, event


def test_a_place_ending_a_longer_facility_name_is_not_the_event_s_place():
    # ("Tupac Amaru", a town in Ica, ends the name of an airport placed in Juliaca)
    events = coded("Police fired tear gas at protesters outside the Cusco Tupac Amaru airport in Juliaca on Monday, "
                   "injuring 12 people.", published="2024-03-12")
    assert [e["location"] for e in events] == ["Juliaca"], events


def test_a_first_count_since_revised_is_no_more_dead_and_a_withdrawal_as_a_time_is_no_transfer():
    text = ("A suicide bomber rammed a car packed with explosives into a police checkpoint in Bannu on Friday, killing "
            "seven officers, police said on Saturday. Police had initially said four officers were killed.")
    assert [e["fatalities"] for e in coded(text, published="2023-08-20")] == [8]  # ACLED counts the bomber
    text = ("Resistance fighters said they ambushed the army column near Shwebo on Tuesday as it withdrew, killing "
            "five soldiers.")
    assert [e["sub_event_type"] for e in coded(text, published="2024-03-12")] == ["Armed clash"]


def test_a_road_between_two_towns_is_one_scene_and_a_policeman_is_the_police():
    events = coded("Gunmen stopped a minibus and a truck on the road between Gimbi and Nekemte on Monday and abducted 14 "
                   "passengers, residents said.", published="2024-02-06")
    assert len(events) == 1, events
    (event,) = coded("Gunmen on a motorcycle shot and killed a policeman guarding a polio vaccination team in Dera "
                     "Ismail Khan district on Wednesday, police said.", published="2024-02-06")
    assert event["actor2"] == "Police Forces of Pakistan", event


def test_both_sides_as_the_subject_of_a_fight_and_a_source_s_count_of_the_dead_after_it():
    (event,) = coded("The army and fighters of the National Salvation Front clashed along the road south of Yei town on "
                     "Tuesday. County officials reported five dead, including two civilians caught in crossfire.",
                     published="2023-04-12", title="Clashes near Yei")
    assert (event["actor1"], event["actor2"], event["fatalities"]) == (
        "Military Forces of South Sudan", "NAS: National Salvation Front", 5), event
    (event,) = coded("Soldiers repelled an attack on their base near Bozoum on Sunday, the army said. Local sources "
                     "speak rather of four dead, one of them a civilian.", published="2023-03-15", title="Bozoum")
    assert event["fatalities"] == 4, event
    # a count told with no event before it is no event
    assert coded("Hospital sources counted 12 dead on Sunday.", published="2023-03-15") == []


def test_clans_and_communities_fight_as_their_militias():
    (event,) = coded("Fighters from the Habar Gidir clan attacked a village near Galkayo on Saturday, killing four "
                     "people, elders said.", published="2024-03-06")
    assert event["actor1"] == "Habar Gidir Clan Militia (Somalia)", event
    (event,) = coded("Two rival clans fought over grazing land near Beledweyne on Friday, leaving seven people dead, "
                     "local elders said.", published="2024-03-06")
    assert (event["sub_event_type"], event["actor1"], event["actor2"]) == (
        "Armed clash", "Unidentified Clan Militia (Somalia)", "Unidentified Clan Militia (Somalia)"), event


def test_the_capital_named_by_what_it_is():
    (event,) = coded("A car bomb exploded at a checkpoint in the Somali capital on Sunday, killing three people, "
                     "police said.", published="2024-05-24")
    assert (event["location"], event["country"]) == ("Mogadishu", "Somalia"), event
    (event,) = coded("SAN PEDRO SULA, Honduras — Riot police fired tear gas on Thursday on about 300 teachers who had "
                     "blocked a boulevard in the capital, union leaders said.", published="2024-05-24")
    assert (event["location"], event["actor1"], event["actor2"]) == (
        "Tegucigalpa", "Protesters (Honduras)", "Police Forces of Honduras"), event
    events = coded("Gunmen killed a trader in the regional capital of Mopti region on Sunday, residents said.",
                   published="2024-05-24")
    assert all(e["location"] != "Bamako" for e in events), events


def test_a_group_s_home_places_a_town_it_shares_a_name_with_and_an_attack_on_police_is_a_battle():
    (event,) = coded("Government troops and Ansar Allah fighters clashed near the town of Hays on Sunday, leaving six "
                     "combatants dead, a military source said.", published="2023-04-12")
    assert (event["country"], event["actor2"]) == ("Yemen", "Military Forces of Yemen Houthi"), event
    (event,) = coded("Gunmen killed two police officers in Peshawar on Sunday, police said.", published="2024-05-24")
    assert event["sub_event_type"] == "Armed clash", event


def test_a_seized_councillor_is_an_abducted_civilian():
    (event,) = coded("Gunmen seized a member of the municipal council of Zawiya from his car late on Monday, relatives "
                     "said.", published="2024-03-06")
    assert (event["sub_event_type"], event["actor2"]) == ("Abduction/forced disappearance", "Civilians (Libya)"), event


def test_persons_listed_one_by_one_add_up_to_the_toll():
    (event,) = coded("Gunmen shot dead a village head and his nephew near Bijapur on Sunday, police said.",
                     published="2021-03-17", title="Two shot dead")
    assert event["fatalities"] == 2, event
    (event,) = coded("A mob beat two of them to death in the market of Kaduna on Sunday after accusing them of theft, "
                     "police said.", published="2021-03-17", title="Mob kills two")
    assert event["fatalities"] == 2, event


def test_an_ally_named_beside_a_side_is_not_that_side():
    (event,) = coded("Government troops, together with Ma'awisley fighters, repelled an attack by Al-Shabaab near "
                     "Beledweyne on Sunday, officials said.", published="2021-03-17", title="Attack repelled")
    assert {event["actor1"], event["actor2"]} == {"Military Forces of Somalia", "Al Shabaab"}, event
    (event,) = coded("Rebels backed by local clan militias attacked an army base near Beledweyne on Sunday, killing "
                     "five soldiers.", published="2021-03-17", title="Base attacked")
    assert "Clan" not in event["actor1"], event


def test_the_taliban_in_power_are_the_state_and_force_on_a_gathering_is_its_intervention():
    (event,) = coded("Taliban fighters fired into the air to disperse dozens of women who had gathered outside a school "
                     "in Herat on Tuesday to demand that girls be allowed back to class, witnesses said.",
                     published="2023-03-08", title="Women's protest dispersed")
    assert (event["sub_event_type"], event["actor1"], event["actor2"]) == (
        "Protest with intervention", "Protesters (Afghanistan)", "Military Forces of Afghanistan"), event
    (event,) = coded("Taliban fighters attacked a police checkpoint in Ghazni on Tuesday, killing four policemen, "
                     "officials said.", published="2019-03-08", title="Checkpoint attacked")
    assert event["actor1"] == "Taliban", event


def test_the_killing_a_protest_is_about_is_no_force_on_the_protest_and_arrests_at_a_sit_in_are_the_protest():
    events = coded("Hundreds of residents gathered in Herat on Tuesday to protest after soldiers killed five villagers, "
                   "witnesses said.", published="2023-03-08", title="Protest in Herat")
    protest = next(e for e in events if e["event_type"] == "Protests")
    assert (protest["sub_event_type"], protest["fatalities"]) == ("Peaceful protest", 0), events
    (event,) = coded("Police detained at least 20 activists in Lahore on Tuesday who had been holding a sit-in outside "
                     "the press club to demand the release of their leader.", published="2023-03-08",
                     title="Activists detained")
    assert (event["sub_event_type"], event["actor1"]) == ("Protest with intervention", "Protesters (Pakistan)"), event


def test_a_person_named_with_an_age_and_a_source_s_town_are_not_the_scene():
    events = coded("Police raided the Maré favela complex in Rio de Janeiro on Monday, killing four suspects, police "
                   "said.\n\nThe state health department later confirmed the death of Thiago dos Santos, 14, who was "
                   "hit in the chest while walking to a bakery with his mother.", published="2024-08-13",
                   title="Police raid in Rio")
    assert [e["location"] for e in events] == ["Rio de Janeiro"], events
    (event,) = coded("A bomb hidden by the roadside struck a passenger bus near Pama on Sunday, officials said. The "
                     "provisional toll is four dead and eleven wounded, according to a health source in Fada N'Gourma.",
                     published="2023-03-20", title="Bus hits a bomb")
    assert (event["location"], event["fatalities"]) == ("Pama", 4), event


def test_a_higher_count_of_the_same_dead_by_another_source_is_not_the_toll_but_an_update_is():
    (event,) = coded("Government artillery shelling on the town of Ariha in Syria's rebel-held northwest killed three "
                     "civilians, including two children, on Thursday, rescuers said.\n\nA local activist network said "
                     "five people had been killed.", published="2024-05-24", title="Shelling kills three")
    assert (event["actor1"], event["fatalities"]) == ("Military Forces of Syria", 3), event
    (event,) = coded("Shelling by the Rapid Support Forces hit the main market in El Fasher on Monday, killing nine "
                     "people, medics said.\n\nBy Tuesday evening the toll had risen to 14, the city's South Hospital said "
                     "in a statement, after five of the wounded died overnight.", published="2024-06-12",
                     title="Market shelled")
    assert event["fatalities"] == 14, event


def test_the_islamic_state_s_province_where_it_has_one_and_its_own_count_is_a_claim():
    events = coded("Islamic State fighters attacked an army base near Marte on Sunday, the sources said. Two soldiers "
                   "were killed and several others were wounded in fighting that lasted about two hours, the sources "
                   "said.\n\nISWAP said in a statement that it had killed 10 soldiers.", published="2024-02-13",
                   title="Base attacked")
    assert [(e["actor1"], e["fatalities"]) for e in events] == [("Islamic State (West Africa)", 2)], events


def test_a_match_report_a_labour_strike_a_relief_flight_and_a_forecast_are_no_events():
    match = ("Leopards FC lost the derby 2-1 to Union Sportive at the municipal stadium on Sunday.\n\nThe striker "
             "executed a penalty in the 24th minute and the wingers bombarded the penalty area with crosses. The "
             "visiting fans' section exploded when the equaliser went in.\n\nThe losing coach said his side had been "
             "\"massacred by the refereeing\" and that the club would complain to the league.")
    assert coded(match, published="2022-05-16", title="Derby report") == []
    assert coded("About 900 dockworkers at the port of Callao went on strike at midnight on Monday after wage talks "
                 "broke down, their union said.", published="2023-06-06", title="Dockworkers strike") == []
    assert coded("Floods killed 12 people in Zambezia province on Saturday. The armed forces deployed two helicopters "
                 "to evacuate families trapped on rooftops.", published="2025-03-12", title="Floods") == []
    (event,) = coded("Gunmen attacked a police post near Jamundi on Sunday, killing two officers. Further attacks on "
                     "security forces in the area are likely in the coming weeks.", published="2024-03-12",
                     title="Police post attacked")
    assert event["actor2"] == "Police Forces of Colombia", event


def test_a_raid_s_lead_dated_by_its_source_joins_the_body_that_dates_and_places_it():
    events = coded("Gunmen killed two people and kidnapped 15 others in a night raid on a village in Katsina state, "
                   "residents said on Tuesday.\n\nThe attackers stormed the village in Danmusa local government area "
                   "late on Sunday, residents said. A farmer and his brother were shot dead as they tried to flee.",
                   published="2024-02-14", title="Gunmen raid village")
    assert [(e["event_date"], e["fatalities"]) for e in events] == [("2024-02-11", 2)], events


def test_a_speaker_s_day_an_ally_and_a_command_s_own_strike():
    events = coded("Somali troops backed by local clan militias recaptured the town of Bulo Burde on Monday after "
                   "al-Shabaab fighters withdrew, officials said.\n\nSpeaking at a news conference on Tuesday, the "
                   "defence minister said troops had entered Bulo Burde on Monday and that four militants had been "
                   "killed. Troops were still in control of the town on Tuesday, residents said.\n\nSeparately, the "
                   "U.S. Africa Command said it carried out an airstrike on Tuesday near Jilib, killing three "
                   "al-Shabaab fighters.", published="2024-07-10", title="Troops retake town")
    assert [(e["sub_event_type"], e["actor1"], e["actor2"], e["event_date"]) for e in events] == [
        ("Government regains territory", "Military Forces of Somalia", "Al Shabaab", "2024-07-08"),
        ("Air/drone strike", "Military Forces of the United States", "Al Shabaab", "2024-07-09")], events


def test_a_town_with_its_province_in_brackets_a_route_and_a_town_measured_from():
    (event,) = coded("On 5 March, unidentified gunmen killed a social leader in Tumaco (Nariño).", published="2024-03-11",
                     title="Weekly security summary")
    assert event["location"] == "Tumaco", event
    (event,) = coded("On Monday, suspected jihadi fighters attacked a military convoy between Niono and Diabaly in the "
                     "central Segou region, the army said, adding that three soldiers were killed.",
                     published="2024-04-09", title="Convoy attacked")
    assert (event["location"], event["geo_precision"]) == ("Niono", 2), event
    (event,) = coded("A bus carrying passengers between Fada N'Gourma and Pama hit an explosive device on Sunday, about "
                     "thirty kilometres from Fada N'Gourma, killing four people.", published="2023-03-20",
                     title="Bus hits a mine")
    assert (event["sub_event_type"], event["location"]) == ("Remote explosive/landmine/IED", "Fada N'gourma"), event


def test_a_deed_attributed_to_a_group_is_its_own_and_an_unclaimed_one_takes_no_hand_from_before():
    (event,) = coded("On 4 March, a drone attack attributed to FARC dissidents hit a police station in Jamundí, injuring "
                     "two officers.", published="2024-03-11", title="Drone attack")
    assert event["actor1"] == "FARC Dissidents", event
    events = coded("JNIM fighters attacked an army post near Djibo on Saturday, killing eight soldiers, the group said."
                   "\n\nIn the east, a bus hit an explosive device near Pama on Sunday, killing four passengers. No "
                   "group has claimed this attack.", published="2023-03-20", title="Attacks in Burkina Faso")
    bomb = next(e for e in events if e["location"] == "Pama")
    assert bomb["actor1"] == "Unidentified Armed Group (Burkina Faso)", events


def test_an_exercise_a_robbery_and_a_trial_s_testimony_are_not_the_day_s_conflict_events():
    drill = ("KAOHSIUNG - Troops fought off a simulated amphibious landing on the beaches near Kaohsiung on Wednesday on "
             "the third day of the annual exercises. Howitzers fired live rounds at floating targets and marines fired "
             "anti-tank missiles at mock armoured vehicles in the live-fire drill.")
    assert coded(drill, published="2023-07-27", title="Drills enter third day") == []
    robbery = ("ELDORET - Police have arrested two men over the killing of a shop attendant who was stabbed during a "
               "robbery on Monday evening. A gang of four men entered the shop and stabbed her when she refused to open "
               "the till, witnesses said. Traders said robberies had risen since the election.")
    assert coded(robbery, published="2023-10-25", title="Attendant killed in robbery") == []
    trial = ("BANGUI - Survivors of killings in villages near Bocaranga in 2015 told the Special Criminal Court this week "
             "how armed men went from house to house. \"They came at dawn and they shot my husband,\" one witness told "
             "the court on Monday. Prosecutors asked for life sentences for the three defendants, whose trial ends in "
             "December.")
    assert coded(trial, published="2023-11-29", title="Trial nears verdict") == []


def test_a_town_named_in_the_province_is_the_place_not_the_province():
    events = coded("In Borno State, insurgents ambushed a military convoy travelling from Konduga towards Bama on "
                   "Wednesday, killing three soldiers, a local official said.", published="2024-03-15",
                   title="Convoy ambushed")
    assert [e["location"] for e in events] == ["Konduga"], events
    events = coded("In Ethiopia's Oromia region, gunmen killed five farmers near Nekemte on Sunday, residents said.",
                   published="2024-03-15", title="Farmers killed")
    assert [(e["location"], e["geo_precision"]) for e in events] == [("Nek'emte", 2)], events


def test_a_side_s_own_word_on_an_incident_names_its_hand_but_is_no_event_or_toll_of_its_own():
    # a ministry's version of a strike, dated by the day it spoke and naming its own target
    events = coded("KYIV, May 8 - A Russian missile struck a school in Kharkiv on Monday, killing four people, regional "
                   "officials said.\n\nRussia's defence ministry said on Tuesday that its forces had hit a military training "
                   "centre in Kharkiv with a precision weapon.", published="2024-05-08", title="Missile hits school")
    assert [(e["sub_event_type"], e["event_date"], e["fatalities"]) for e in events] == [
        ("Shelling/artillery/missile attack", "2024-05-06", 4)], events
    # a claim of responsibility days later, and the group's own count of its kills
    events = coded("BAMAKO, May 8 - Islamist militants attacked an army post in Djibo in northern Burkina Faso on Sunday, "
                   "killing 12 soldiers, security sources said.\n\nJNIM claimed the attack on Tuesday. The group said it "
                   "had killed 40 soldiers and seized weapons and vehicles.", published="2024-05-08", title="Post attacked")
    assert [(e["actor1"], e["event_date"], e["fatalities"]) for e in events] == [
        ("JNIM: Jamaah Nusrat al Islam wal Muslimin", "2024-05-05", 12)], events
    # a commander's count where the reporters give none
    (event,) = coded("Fighters of the Fano militia attacked the town of Debre Tabor in Amhara region on Monday and fought "
                     "government troops for several hours, residents said. A Fano commander told a diaspora television "
                     "channel that his men had killed 35 soldiers.", published="2024-05-08", title="Fighting in Debre Tabor")
    assert event["fatalities"] == 0, event
    # a force's word on its own strike, told nowhere else, is that strike, and the force did it
    events = coded("The army said its drones had struck rebel vehicles near Umm Ruwaba on Sunday. Separately, RSF shells "
                   "killed three civilians in El Obeid on Monday, medics said.", published="2024-05-08", title="Strikes")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [
        ("Air/drone strike", "Military Forces of Sudan"), ("Shelling/artillery/missile attack", "Rapid Support Forces")]


def test_a_dateline_city_far_bigger_than_its_namesakes_says_the_story_s_country():
    (event,) = coded("GOMA, May 8 - Gunmen killed nine villagers in Beni territory on Thursday, local officials said.",
                     published="2024-05-08", title="Villagers killed")
    assert (event["location"], event["country"]) == ("Beni", "Democratic Republic of Congo"), event



def test_a_side_s_own_operation_is_its_event_with_its_count_and_the_arms_it_found_are_not_its_weapon():
    events = coded("QUETTA, May 3: A bomb planted on a bicycle exploded near a polling station in Sariab on Thursday "
                   "evening, killing two people, police said.\n\nIn the early hours of Friday, the Counter-Terrorism "
                   "Department said it had killed three suspected militants in a shootout in Hazarganji. The CTD said "
                   "the suspects opened fire when a police team raided their hideout, and that rifles and a suicide vest "
                   "were recovered.", published="2013-05-03", title="Bomb near polling station")
    assert [(e["sub_event_type"], e["actor1"], e["event_date"], e["fatalities"]) for e in events] == [
        ("Remote explosive/landmine/IED", "Unidentified Armed Group (Pakistan)", "2013-05-02", 2),
        ("Armed clash", "Police Forces of Pakistan", "2013-05-03", 3)], events


def test_what_a_crowd_throws_makes_a_riot_and_its_arrests_are_the_riot_s():
    events = coded("TWELVE people were arrested after bottles and bricks were thrown at police during a far-right march in "
                   "Dudley on Saturday.\n\nAbout 400 marchers gathered outside the bus station before walking to the "
                   "market place. Missiles were thrown at the police line for about ten minutes.",
                   published="2014-05-11", title="Twelve held after march")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [
        ("Violent demonstration", "Rioters (United Kingdom)")], events
    events = coded("Running battles broke out in Harare's central business district on Monday when municipal police "
                   "tried to remove vendors from pavements. Vendors threw stones and bottles at the council officers, "
                   "who fired teargas. Several vendors were arrested.", published="2019-06-11", title="Vendors clash")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [
        ("Violent demonstration", "Rioters (Zimbabwe)")], events
    assert coded("A member of the visiting team threw a bottle at the referee in Dudley after the final whistle on "
                 "Saturday.", published="2014-05-11", title="Derby ends in disgrace") == []


def test_a_riot_s_arrests_told_without_a_day_are_the_riot_s_and_the_dateline_s_town_named_again_is_the_scene():
    events = coded("CAEN - Yellow vest protesters clashed with riot police in the centre of Caen on Saturday afternoon. "
                   "Demonstrators threw bottles and paving stones at officers, who responded with tear gas and water "
                   "cannon.\n\nSeveral shop windows were smashed. Twelve people were arrested.\n\nIn Saint-Lô, about 800 "
                   "people marched peacefully through the town centre.", published="2019-01-20", title="Act X")
    assert [(e["sub_event_type"], e["location"], e["event_date"]) for e in events] == [
        ("Violent demonstration", "Caen", "2019-01-19"), ("Peaceful protest", "Saint-Lo", "2019-01-19")], events
    events = coded("Rajshahi, Feb 11: Hartal supporters clashed with police in the city's Shaheb Bazar area yesterday, "
                   "leaving at least 15 people injured. Picketers threw brickbats at police, who fired rubber bullets "
                   "and tear gas.\n\nPolice detained 11 people from the spot.", published="2015-02-12", title="Hartal")
    assert [e["sub_event_type"] for e in events] == ["Violent demonstration"], events


def test_a_strike_s_or_a_bomb_s_killing_of_fighters_is_the_strike_not_a_battle_and_a_planted_bomb_is_its_planter_s():
    events = coded("MOGADISHU, Aug 29 - The US Africa Command (AFRICOM) said it carried out an air strike against "
                   "al-Shabaab fighters near Jilib on Tuesday, killing four militants. No civilians were hurt, it said.",
                   published="2018-08-29", title="US strike in Somalia")
    assert [(e["sub_event_type"], e["actor1"], e["fatalities"]) for e in events] == [
        ("Air/drone strike", "Military Forces of the United States", 4)], events
    # (the dateline the parser makes the subject does not hide whose strike it was)
    events = coded("MOGADISHU, Aug 29 - A US air strike hit an al-Shabaab camp near Jilib on Tuesday, killing four "
                   "militants, the US Africa Command said.", published="2018-08-29", title="US strike in Somalia")
    assert [(e["sub_event_type"], e["actor1"]) for e in events] == [
        ("Air/drone strike", "Military Forces of the United States")], events
    events = coded("Two soldiers were killed on Monday when a roadside bomb planted by PKK militants exploded under "
                   "their vehicle near Yuksekova, targeting a military convoy.", published="2016-05-10", title="Bomb")
    assert [(e["sub_event_type"], e["actor1"], e["fatalities"]) for e in events] == [
        ("Remote explosive/landmine/IED", "PKK: Kurdistan Workers Party", 2)], events
    assert coded("Somalia's transition plan: AMISOM is due to begin handing over security responsibilities to Somali "
                 "forces under a transition plan agreed with the government, starting with several bases near Jilib "
                 "in the coming months.", published="2018-08-29", title="Transition") == []


def test_a_wave_of_bombings_told_blast_by_blast_is_one_event_per_blast_with_its_own_toll():
    events = coded("BAGHDAD (AP) — A string of bombings targeting bus stations in Baghdad killed at least 15 people on "
                   "Sunday, officials said, pushing the monthly death toll to levels not seen since 2008.\n\nThe worst "
                   "blast struck Kadhimiya, in the city's north, where a car bomb parked near a bus station exploded "
                   "shortly after 8 a.m. Police first said five people were killed; by noon an officer said the toll "
                   "had risen to eight, with 20 wounded.\n\nAbout two hours later, a second parked car bomb went off near "
                   "a market in the Dora neighborhood, killing four people, police said.", published="2013-11-11",
                   title="Bombings hit Baghdad")
    assert sorted((e["sub_event_type"], e["fatalities"]) for e in events) == [
        ("Remote explosive/landmine/IED", 4), ("Remote explosive/landmine/IED", 8)], events


def test_a_national_tally_of_arrests_is_no_event_at_the_town_told_before():
    events = coded("Sylhet, Feb 11: Picketers clashed with police in the city's Zindabazar area yesterday.\n\nLaw enforcers "
                   "arrested over 300 leaders and activists of the opposition across the country in the 24 hours till "
                   "yesterday morning, police headquarters said.", published="2015-02-12", title="Hartal violence")
    assert [e["sub_event_type"] for e in events] == ["Violent demonstration"], events


def test_a_crowd_that_attacks_a_camp_is_mob_violence_against_its_people():
    events = coded("Around 100 residents armed with sticks and stones attacked an informal Roma camp on the outskirts of "
                   "Turin on Saturday night, setting fire to three shacks and injuring two men, police said.",
                   published="2016-07-19", title="Residents attack Roma camp")
    assert [(e["sub_event_type"], e["actor1"], e["actor2"]) for e in events] == [
        ("Mob violence", "Rioters (Italy)", "Civilians (Italy)")], events
    events = coded("Two men attacked a shopkeeper in Turin on Saturday night, police said.", published="2016-07-19",
                   title="Shopkeeper attacked")
    assert all(e["sub_event_type"] != "Mob violence" for e in events), events
    # workers who strike hit no one
    assert coded("Production at the phosphate mines was halted on Monday after 3,000 workers went on strike over "
                 "pay, the company said.", published="2018-01-23",
                 title="Gafsa: phosphate production halted as 3,000 workers strike") == []


def test_people_held_for_an_accident_or_a_business_fault_are_no_political_arrest():
    events = coded("Four people were killed when a gas cylinder exploded at a restaurant in Rawalpindi on Saturday. "
                   "Police said it was not terrorism and ruled out militant involvement. Police arrested the owner and "
                   "the manager of the restaurant on Sunday and registered a case of negligence against them.",
                   published="2011-06-20")
    assert [e for e in events if e["sub_event_type"] == "Arrests"] == [], events
    # the same words with an armed side in the arrest's sentence stay an arrest
    events = coded("Police arrested the owner of a house in Quetta on Sunday for sheltering militants who attacked "
                   "a checkpoint.", published="2011-06-20")
    assert "Arrests" in [e["sub_event_type"] for e in events], events


def test_the_deed_a_relative_clause_tells_of_is_the_event_noun_above_its_target():
    """"the bombing of a police checkpoint that killed three officers": the parser hangs the clause on the
    checkpoint; the bombing killed, and the police are its victims, not its hand."""
    events = coded("Police arrested two men in Peshawar on Sunday in connection with the bombing of a police "
                   "checkpoint that killed three officers.", published="2015-03-02")
    bombing = [e for e in events if e["event_type"] == "Explosions/Remote violence"]
    assert [(e["actor1"], e["actor2"], e["fatalities"]) for e in bombing] == [
        ("Unidentified Armed Group (Pakistan)", "Police Forces of Pakistan", 3)], events
    events = coded("A bombing at a police checkpoint killed three officers in Peshawar on Friday.",
                   published="2015-03-02")
    assert [(e["actor1"], e["actor2"]) for e in events] == [
        ("Unidentified Armed Group (Pakistan)", "Police Forces of Pakistan")], events


def test_words_of_care_of_a_crowds_own_leaving_and_of_a_ban_are_no_events():
    """"Taken to hospital" is no abduction; "the crowd dispersed" on its own ends a peaceful march, nobody broke it
    up; "the ministry banned demonstrations in A, B and C" is a measure, not three protests."""
    events = coded("Police detained 40 members of the party at a rally in Addis Ababa on Sunday. At least six women "
                   "were taken to hospital with injuries, the party said.", published="2016-03-14")
    assert "Abduction/forced disappearance" not in [e["sub_event_type"] for e in events], events
    events = coded("Thousands of supporters marched peacefully through Nairobi on Monday to demand electoral "
                   "reforms. The march ended without incident and the crowd dispersed by 1pm.", published="2017-10-10")
    assert [(e["sub_event_type"], e["location"]) for e in events] == [("Peaceful protest", "Nairobi")], events
    assert coded("Last week the interior ministry banned demonstrations in the centres of Nairobi, Kisumu and "
                 "Mombasa, citing security concerns.", published="2017-10-10") == []
    # police who disperse a crowd still intervene
    events = coded("Police dispersed hundreds of traders protesting against new taxes in Kampala on Monday.",
                   published="2017-10-10")
    assert [e["sub_event_type"] for e in events] == ["Protest with intervention"], events


def test_the_force_whose_vehicle_met_a_mine_is_its_target():
    """"An army truck struck a landmine": the truck's force is the one hit, the hand that laid the mine unknown;
    paramilitary rangers are the state's forces."""
    sides = lambda events: [(e["sub_event_type"], e["actor1"], e["actor2"], e["fatalities"]) for e in events]
    assert sides(coded("An army truck struck a landmine near the town of Djibo on Wednesday, killing three soldiers, "
                       "security sources said.", published="2018-05-10")) == [
        ("Remote explosive/landmine/IED", "Unidentified Armed Group (Burkina Faso)", "Military Forces of Burkina Faso", 3)]
    assert sides(coded("A roadside bomb wounded four paramilitary rangers on patrol in Nong Chik district yesterday "
                       "morning, police said.", published="2017-03-14")) == [
        ("Remote explosive/landmine/IED", "Unidentified Armed Group (Thailand)", "Military Forces of Thailand", 0)]
    # a bomb that strikes is the device itself: its target stays the object
    assert sides(coded("A roadside bomb struck an army convoy near Djibo on Wednesday, killing two soldiers.",
                       published="2018-05-10")) == [
        ("Remote explosive/landmine/IED", "Unidentified Armed Group (Burkina Faso)", "Military Forces of Burkina Faso", 2)]


def test_a_protest_after_prayers_broken_up_in_the_same_sentence_is_an_intervention():
    """"after noon prayers" is the protest's time, not its grievance: the police who dispersed the crowd later in
    the sentence still intervened."""
    events = coded("On Friday, several hundred people took to the streets of El-Obeid, the capital of North Kordofan "
                   "state, after noon prayers before police dispersed them with tear gas, witnesses said.",
                   published="2019-01-26")
    assert [(e["sub_event_type"], e["actor1"], e["actor2"]) for e in events] == [
        ("Protest with intervention", "Protesters (Sudan)", "Police Forces of Sudan")], events


def test_a_weapons_name_and_a_names_last_word_are_no_foreign_villages():
    """"Grad rockets" are no town in Slovenia, and "the Abu Salim district" is one name the gazetteer lacks, not
    "Salim", a village in Palestine: the dateline's Tripoli is the place."""
    events = coded("TRIPOLI - On Friday morning, several Grad rockets fell on a residential block in the Abu Salim "
                   "district, killing a woman and her 8-year-old son.", published="2019-01-19")
    assert [(e["location"], e["country"], e["fatalities"]) for e in events] == [("Tripoli", "Libya", 2)], events


def test_bombers_who_blew_themselves_up_made_a_suicide_bombing_and_are_counted_among_its_dead():
    events = coded("N'DJAMENA - In Chad, two young men wearing explosive belts blew themselves up on Monday morning in "
                   "the weekly market of Bol, the main town of the Lake region, killing five people.",
                   published="2016-03-22")
    assert [(e["sub_event_type"], e["location"], e["fatalities"]) for e in events] == [("Suicide bomb", "Bol", 7)], events


def test_a_groups_own_troops_are_the_group():
    """"The Arakan Army confirmed that its troops had detained the administrator": the speaker's troops, not the
    state's; the village administrator is a civilian. (Arrests or abduction depends on whether the group governs
    the place, which ACLED decides and the text does not say: the rules keep the verb's arrest.)"""
    events = coded("SITTWE - The Arakan Army also confirmed that its troops had detained the administrator of Kyauk "
                   "Taung village in Buthidaung Township on Monday.", published="2019-04-25")
    assert [(e["sub_event_type"], e["actor1"], e["actor2"]) for e in events] == [
        ("Arrests", "AA: Arakan Army", "Civilians (Myanmar)")], events


def test_gang_members_who_fire_on_a_police_raid_are_its_other_side():
    events = coded("Police officers came under fire from gang members as they raided the Complexo da Mare slum in Rio "
                   "de Janeiro on Monday; two suspects died, police said.", published="2017-12-05")
    assert [(e["sub_event_type"], sorted([e["actor1"], e["actor2"]])) for e in events] == [
        ("Armed clash", ["Police Forces of Brazil", "Unidentified Armed Group (Brazil)"])], events


def test_a_robbery_by_an_army_deserter_and_shops_closed_in_protest_are_no_events():
    """A robbery story's soldiers (a suspect "had deserted the army") make it no political violence; traders who
    "closed their shops in protest" held a shutdown, not a demonstration."""
    text = ("Colombo, Feb 18 - Police have arrested two suspects, including an army deserter, in connection with "
            "Tuesday's armed robbery of a jewellery shop in Pettah in which a security guard was shot and seriously "
            "wounded. Four men, two of them armed with rifles, stormed the shop on Tuesday and fled with gold "
            "jewellery worth about Rs. 35 million. One of the suspects had deserted the Sri Lanka Army in 2012, police "
            "said. Traders in Pettah closed their shops for two hours on Wednesday in protest at what they called a "
            "lack of police protection.")
    assert coded(text, published="2016-02-18") == []


def test_the_police_who_close_a_sentences_credit_are_its_source_not_its_victims():
    """"..., killing at least 12 people, police and medical sources said, the latest ...": the parser lists the
    police with the dead; they are who says so."""
    events = coded("BAGHDAD (Reuters) - A car bomb exploded in the Shaab district of Baghdad on Monday, killing at least "
                   "seven people, police and medical sources said, the latest in a wave of violence.",
                   published="2013-12-03")
    # (the toll of such a sentence is still lost to the same misparse: see the round's note)
    assert [(e["actor1"], e["actor2"]) for e in events] in (
        [("Unidentified Armed Group (Iraq)", "Civilians (Iraq)")], [("Unidentified Armed Group (Iraq)", "")]), events


def test_men_who_opened_fire_did_not_start_a_blaze():
    """"fire" is in the list of what kills without a hand (a blaze); "opened fire on them" is gunfire, also where the
    parser hangs "fire" under "on" and the sentence names no armed actor ("two men on a motorcycle")."""
    events = coded("CAIRO — A police conscript and a low-ranking officer manning a traffic post on Haram Street were "
                   "killed on Sunday evening when two men on a motorcycle opened fire on them and fled, a security "
                   "source said.", published="2015-09-14")
    # (and "CAIRO —", which the tagger reads as an adverb, is the dateline that places it)
    assert [(e["event_type"], e["actor2"], e["location"], e["event_date"]) for e in events] == [
        ("Battles", "Police Forces of Egypt", "Cairo", "2015-09-13")], events


def test_an_arrest_that_sparked_a_riot_is_an_event_of_its_own():
    """"Police arrested X ..., sparking running battles between his supporters and police": two events with
    different sides (ACLED), not the riot's own arrests."""
    text = ("KAMPALA — Police yesterday arrested opposition leader Kizza Besigye as he tried to leave his home in "
            "Kasangati, sparking running battles between his supporters and anti-riot officers.\n\n"
            "Shortly afterwards, dozens of youths at Kasangati trading centre lit bonfires of old tyres and pelted "
            "police with stones. Police responded with tear gas.")
    events = coded(text, published="2016-04-06")
    assert sorted(e["event_type"] for e in events) == ["Riots", "Strategic developments"], events
    (arrest,) = [e for e in events if e["sub_event_type"] == "Arrests"]
    assert arrest["actor1"] == "Police Forces of Uganda" and arrest["actor2"] != "Police Forces of Uganda", arrest


def test_what_the_new_rules_must_leave_alone():
    """Cases each of this round's narrow rules must not reach (a review of the round found them)."""
    ev = lambda text, pub="2019-01-02": coded(text, published=pub)
    # a subject that acts on a device is its hand, not its target
    events = ev("Militants set off a car bomb outside a police station in Mogadishu on Monday, killing three officers.")
    assert any(e["actor2"] == "Police Forces of Somalia" for e in events), events
    # a protest told in the past progressive, a protest that goes on, are protests
    assert [e["sub_event_type"] for e in ev("Thousands of teachers were staging a sit-in outside the education "
                                            "ministry in Harare on Monday over unpaid salaries.")] == ["Peaceful protest"]
    assert [e["sub_event_type"] for e in ev("Protesters extended their sit-in outside the army headquarters in "
                                            "Khartoum into a third day on Monday.")] == ["Peaceful protest"]
    # employees held over an article are a political arrest
    events = ev("Police arrested two employees of the Daily Nation in Nairobi on Monday over an article critical "
                "of the president.")
    assert [e["sub_event_type"] for e in events] == ["Arrests"], events
    # soldiers who hunt robbers and abduct villagers are no ordinary crime
    events = ev("Soldiers hunting for armed robbers raided Kpakpa village near Maiduguri on Monday and abducted 12 "
                "young men, residents said. Police later charged two suspects with the robbery of a bank in the town.")
    assert any(e["actor1"] == "Military Forces of Nigeria" for e in events), events
    # the dead a bombing killed are not its bombers
    events = ev("Suicide bombers attacked a mosque in Maiduguri on Friday, killing 12 worshippers including three "
                "women.")
    assert [e["fatalities"] for e in events] == [13], events
    # a football club's fans are no army
    events = ev("Glasgow Rangers fans clashed with police outside the stadium in Glasgow on Saturday.")
    assert all("Military Forces" not in e["actor1"] + e["actor2"] for e in events), events
