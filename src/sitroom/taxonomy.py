"""ACLED's event taxonomy: 6 event types, 25 sub-event types, inter codes.

The order of SUB_EVENT_TYPES is ACLED's precedence: when one event holds several
tactics, the one listed first wins.
"""
from __future__ import annotations

SUB_EVENT_TYPES: list[tuple[str, str, str]] = [
    # (sub_event_type, event_type, disorder_type)
    ("Government regains territory", "Battles", "Political violence"),
    ("Non-state actor overtakes territory", "Battles", "Political violence"),
    ("Armed clash", "Battles", "Political violence"),
    ("Excessive force against protesters", "Protests", "Demonstrations"),
    ("Protest with intervention", "Protests", "Demonstrations"),
    ("Peaceful protest", "Protests", "Demonstrations"),
    ("Violent demonstration", "Riots", "Demonstrations"),
    ("Mob violence", "Riots", "Political violence"),
    ("Chemical weapon", "Explosions/Remote violence", "Political violence"),
    ("Air/drone strike", "Explosions/Remote violence", "Political violence"),
    ("Suicide bomb", "Explosions/Remote violence", "Political violence"),
    ("Shelling/artillery/missile attack", "Explosions/Remote violence", "Political violence"),
    ("Remote explosive/landmine/IED", "Explosions/Remote violence", "Political violence"),
    ("Grenade", "Explosions/Remote violence", "Political violence"),
    ("Sexual violence", "Violence against civilians", "Political violence"),
    ("Attack", "Violence against civilians", "Political violence"),
    ("Abduction/forced disappearance", "Violence against civilians", "Political violence"),
    ("Agreement", "Strategic developments", "Strategic developments"),
    ("Arrests", "Strategic developments", "Strategic developments"),
    ("Change to group/activity", "Strategic developments", "Strategic developments"),
    ("Disrupted weapons use", "Strategic developments", "Strategic developments"),
    ("Headquarters or base established", "Strategic developments", "Strategic developments"),
    ("Looting/property destruction", "Strategic developments", "Strategic developments"),
    ("Non-violent transfer of territory", "Strategic developments", "Strategic developments"),
    ("Other", "Strategic developments", "Strategic developments"),
]

_EVENT_TYPE = {s: e for s, e, _ in SUB_EVENT_TYPES}
_DISORDER = {s: d for s, _, d in SUB_EVENT_TYPES}
PRECEDENCE = {s: i for i, (s, _, _) in enumerate(SUB_EVENT_TYPES)}

INTER_LABELS = {
    0: "",
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


def event_type_of(sub_event_type: str) -> str:
    return _EVENT_TYPE[sub_event_type]


def disorder_type_of(sub_event_type: str) -> str:
    return _DISORDER[sub_event_type]


def stronger(a: str, b: str) -> str:
    """Of two sub-event types for one event, the one ACLED's precedence keeps."""
    return a if PRECEDENCE[a] <= PRECEDENCE[b] else b


def interaction(inter1: int, inter2: int) -> str:
    """ACLED's interaction text, lower code first ("State forces-Rebel group")."""
    if not inter1:
        return ""
    if not inter2:
        return f"{INTER_LABELS[inter1]} only"
    a, b = sorted((inter1, inter2))
    return f"{INTER_LABELS[a]}-{INTER_LABELS[b]}"


def interaction_code(inter1: int, inter2: int) -> int:
    """The numeric form: both codes, lower first; 10, 20... for a single actor."""
    if not inter1:
        return 0
    a, b = sorted((inter1, inter2 or 0))
    return a * 10 + b if a else b * 10


# CASE 2021 task 2 labels (which follow ACLED) for each ACLED sub-event type.
CASE_LABELS = {
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Chemical weapon": "CHEM_WEAP",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUIC_BOMB",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Sexual violence": "SEX_VIOL",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
}
# CASE labels that are not ACLED events: sitroom must answer "no event" (NONE).
CASE_NON_EVENTS = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}


# Changes of who holds ground: coded from the sides and who gains, and the first thing a side claims.
TERRITORY_SUB_TYPES = frozenset({"Government regains territory", "Non-state actor overtakes territory",
                                 "Non-violent transfer of territory"})
