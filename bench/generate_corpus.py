"""Synthetic wire copy for the benchmark: N stories x M outlets, with planted truth.

Every story is a different event (talks, an earthquake, a flood, a rail crash, a ferry
sinking) in its own made-up town, with its own people, districts, landmarks and
organisation, drawn from combinatorial word banks so two stories share little more than
the words any two reports of the same kind of event share (and a few deliberately common
names: regions, Korean family names, outlets' reporters). Each outlet writes its own
3-6 KB article: the story's statements quoted exactly, as excerpts, or with one word
changed; speakers under name variants (Sergei/Sergey, Ri Jong-chol/Ri Jong Chol,
"Mr. Tarasenko"); hedged figures; the event date as a weekday or written out.

A share of stories gets ONE injected conflict in one outlet's article: a negation added
inside a quote (``quote``), a contradicting figure (``figure``), the event moved by a few
days (``date``) or a weekday that does not match its date (``weekday``). The truth file
records, for each, the article id, character offsets of the injected text and its kind;
it also records the benign variations (excerpts, one-word wording changes) so a scorer
can tell an expected finding from a false alarm, and which articles form each event.

Deterministic: the same seed gives the same bytes, and story ``i`` does not depend on
how many stories come after it (a 1k corpus is a prefix of the 10k one).

Usage: python bench/generate_corpus.py --stories 200 --outlets 5 --out /tmp/corpus
  writes /tmp/corpus/articles/<shard>/<id>.txt and /tmp/corpus/truth.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Bump when the output changes, so cached corpora (bench/run_scale.py) are rebuilt.
VERSION = 4

# --------------------------------------------------------------------------- word banks

ONSETS = ["b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kr", "st",
          "tr", "sh", "ch", "h", "f", "j"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
CODAS = ["", "", "n", "r", "l", "s", "m", "k", "th", "nd", "rt"]
PLACE_SUFFIX = ["ova", "ane", "ton", "burg", "heim", "mouth", "grad", "port", "vik", "stad", "polis",
                "ford", "wick", "dale", "mar", "sk"]
SURNAME_SUFFIX = {
    "slavic": ["ov", "enko", "in", "sky", "ova", "uk", "ich"],
    "western": ["son", "ley", "ford", "well", "man", "er", "ton"],
    "arabic": ["i", "ani", "awi", "ah", "an"],
}

# (usual, variant) transliterations: the tool should see one person in both.
SLAVIC_FIRST = [("Sergei", "Sergey"), ("Yevgeny", "Evgeny"), ("Aleksandr", "Alexander"),
                ("Dmitri", "Dmitry"), ("Yuri", "Yury"), ("Andrei", "Andrey"), ("Nikolai", "Nikolay"),
                ("Alexei", "Aleksey"), ("Natalia", "Natalya"), ("Yelena", "Elena"), ("Tatiana", "Tatyana"),
                ("Arkadi", "Arkady"), ("Vasili", "Vasily"), ("Grigori", "Grigory")]
ARABIC_FIRST = [("Mohammed", "Muhammad"), ("Ahmed", "Ahmad"), ("Youssef", "Yusuf"), ("Hussein", "Husain"),
                ("Mustafa", "Mostafa"), ("Khaled", "Khalid"), ("Omar", "Umar"), ("Fatima", "Fatma")]
WESTERN_FIRST = ["Marta", "Ian", "Joan", "Graham", "Lena", "Tomas", "Helen", "Piet", "Ines", "Rowan",
                 "Clara", "Hugo", "Maren", "Felix", "Agnes", "Oskar", "Nora", "Emil", "Ruth", "Bram"]
FEMALE = {"Natalia", "Yelena", "Tatiana", "Fatima", "Marta", "Joan", "Lena", "Helen", "Ines", "Clara",
          "Maren", "Agnes", "Nora", "Ruth"}
KOREAN_FAMILY = ["Kim", "Ri", "Pak", "Choe", "Han", "Jang", "Ryu", "Kang"]  # shared across stories
KOREAN_SYLL = ["jong", "chol", "song", "mi", "hyok", "su", "yong", "il", "chun", "hui", "nam", "gyu",
               "myong", "sok", "hwa", "ok", "bok", "dong", "chang", "un", "kwang", "ryong", "sun", "hyon",
               "gil", "man", "jin", "ho", "yon", "gun", "thae", "chon", "sang", "ae", "hak", "ung"]

OUTLETS = ["Wire Agency", "Daily Courier", "Evening Ledger", "Global Desk", "Harbour Times",
           "Metro Post", "Northern Star", "Coastal Herald", "Valley Observer", "Morning Bulletin"]
# Sentences any story may carry (slots filled with the story's own names).
GENERIC = [
    "Officials in {place} gave few other details on the day.",
    "The government of {country} said it would publish a full report within weeks.",
    "Opposition figures in {region} criticised the pace of the response in a joint letter.",
    "Shops in the centre of {place} reopened in the afternoon, although many streets remained blocked.",
    "International observers have asked the authorities in {country} for regular updates.",
    "Journalists were kept behind a cordon several hundred metres from the {landmark}.",
    "Local radio in {district} broadcast appeals for volunteers throughout the day.",
    "The {org} said its staff in {place} were working in shifts.",
    "Church bells rang in {district} at noon in memory of the victims.",
    "Residents of {place} said they had heard nothing from the authorities for hours.",
    "The regional parliament of {region} is expected to debate the events next week.",
    "A spokesperson for the {org} declined to comment on the timetable.",
    "Social media users in {country} shared images of the {landmark} from every angle.",
    "The last comparable events in {region} took place more than a decade ago.",
    "Several foreign embassies advised their citizens to avoid travel to {district}.",
    "Businesses along the {river} said the disruption would cost them dearly.",
    "A hotline for relatives was set up by the town hall of {place}.",
    "Critics argue that the {org} has been underfunded for years.",
    "The mayor of {district} cancelled a planned festival as a mark of respect.",
    "Reporters who reached {place} by road described long queues of vehicles.",
    "Newspapers in {country} devoted their front pages to the events in {place}.",
    "The army in {region} said it was ready to assist if asked.",
    "Analysts in {country} said the coming weeks would be decisive.",
    "Schools in {district} stayed closed while inspectors checked the buildings.",
]
REPORTED = ["{who} said the {org} would {action} {object}.",
            "According to {who}, officials intend to {action}.",
            "{who} told reporters in {place} that the plan was to {action} {object}.",
            "Asked about the timetable, {who} said only that work would continue {object}."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

# One-word changes that alter wording but not meaning: a warning at most, never an error.
SYNONYMS = [("quickly", "swiftly"), ("difficult", "hard"), ("enormous", "huge"), ("entire", "whole"),
            ("immediately", "at once"), ("carefully", "closely"), ("every", "each"),
            ("urgent", "pressing"), ("serious", "grave"), ("small", "little")]


@dataclass(frozen=True)
class Kind:
    """One kind of event: what its articles say, in banks of interchangeable parts."""

    name: str
    headline: list[str]
    date_sentence: list[str]  # {date} = when; {a}/{b} = speakers' surnames
    figures: list[tuple[str, str]]  # (subject, sentence with {fig})
    openers: list[str]
    actions: list[str]  # "{verb} {object}" after "we will"
    objects: list[str]
    purposes: list[str]
    background: list[str]
    titles: list[str]
    org: list[str]


KINDS = [
    Kind(
        name="talks",
        headline=["Talks in {place} end with pledge on {landmark}", "{A} and {B} meet in {place} as {region} watches",
                  "{country} and neighbours open talks in {place}", "Envoys gather in {place} for {region} talks"],
        date_sentence=["{A} met {B} in {place} on {date} for talks on the {landmark}.",
                       "The talks between {A} and {B} opened in {place} on {date}."],
        figures=[("troops", "Officials in {place} said {fig} troops remained along the {region} frontier."),
                 ("aid", "The delegations discussed {fig} in aid for the {district} district.")],
        openers=["This is a moment for {place} to choose cooperation", "Our delegations have worked through the night in {place}",
                 "Nobody in {place} wants another year of uncertainty", "The people of {district} have waited long enough",
                 "We came to {place} with a clear mandate", "The {landmark} belongs to both our peoples"],
        actions=["open the {landmark} to traders", "reduce the patrols along the {river} frontier",
                 "sign a framework on the {landmark}", "restore the ferry line to {district}",
                 "hand the disputed fields near {district} back to farmers", "share the water of the {river} river",
                 "create a joint commission on the {district} crossings", "release the fishermen detained off {district}"],
        objects=["before the end of the season", "within the next round of talks", "as soon as the ministers agree",
                 "once the inspectors have reported", "without waiting for outside mediators"],
        purposes=["so that {enormous} queues at the border finally end", "because our {entire} region depends on trade",
                  "and the {urgent} questions will be settled {quickly}", "so that families in {district} can visit each other"],
        background=["The {landmark} has been closed to civilian traffic for most of the past decade.",
                    "Traders in {district} say the border queues can last for two days.",
                    "A previous framework on the {river} river collapsed over disputes about fishing rights.",
                    "Diplomats from {country} described the mood in {place} as cautious but constructive.",
                    "The {org} has asked both sides to publish the text of any agreement.",
                    "Farmers near the {landmark} say they have not reached their fields in years.",
                    "Observers in {region} expect the next round of talks to take place in {place} as well.",
                    "Local officials in {district} prepared the old customs house for the delegations.",
                    "The opposition in {country} accused the government of moving too {quickly} on the {landmark}.",
                    "Security around the conference hall in {place} was tight, with roads closed near the {river}."],
        titles=["Foreign Minister", "Deputy Foreign Minister", "chief negotiator", "Trade Minister", "envoy"],
        org=["Commission for {region} Affairs", "{region} Border Council", "{country} Trade Office"],
    ),
    Kind(
        name="quake",
        headline=["Earthquake strikes {place}, rescuers search rubble", "{place} quake: toll rises as {A} visits",
                  "Rescuers dig through the night after {place} earthquake", "Aftermath of {place} quake tests {org}"],
        date_sentence=["The earthquake struck {place} in {region} on {date}, toppling houses in {district}.",
                       "The quake hit {place} and the {district} district of {region} on {date}."],
        figures=[("deaths", "Officials said {fig} people were killed in {place} and the surrounding villages."),
                 ("injured", "Hospitals in {region} reported that {fig} people were injured.")],
        openers=["The first hours after a quake decide everything in {district}", "Our teams in {district} have not slept",
                 "We have seen the {enormous} damage to the old town of {place}", "The families of {district} deserve answers",
                 "The ground under {place} is still moving", "Every street near the {landmark} has cracks"],
        actions=["search every collapsed building in {district}", "inspect the {landmark} before anyone goes back",
                 "house the displaced families in the {place} stadium", "rebuild the {district} school to a stronger code",
                 "bring heavy machinery to {place} from {country}", "open field hospitals along the {river} road"],
        objects=["until the last person is found", "before the winter rains arrive", "as long as aftershocks continue",
                 "with help from volunteers in {region}", "in the coming days"],
        purposes=["because the {entire} district is without water", "so that no family sleeps outside",
                  "and the {urgent} repairs will be paid for by the state", "so that children in {district} can return to class"],
        background=["Aftershocks were felt across {region} throughout the night.",
                    "Residents of {district} gathered in parks, afraid to return to their homes.",
                    "The {landmark} suffered visible damage to its northern wall.",
                    "The {org} sent rescue dogs and engineers to {place}.",
                    "Roads along the {river} were blocked by landslides, slowing the arrival of aid.",
                    "Seismologists said the region sits on a known fault line.",
                    "Schools across {region} were closed while engineers checked the buildings.",
                    "Volunteers in {place} handed out blankets and bread outside the town hall.",
                    "Power was restored to parts of {district} by the evening.",
                    "Officials in {country} promised a review of building inspections."],
        titles=["Interior Minister", "mayor", "rescue coordinator", "regional governor", "civil defence chief"],
        org=["{region} Civil Defence Authority", "{country} Red Crescent", "{place} Emergency Service"],
    ),
    Kind(
        name="flood",
        headline=["Floods sweep {place} as the {river} bursts its banks", "{place} flood: thousands leave homes",
                  "Storm leaves {district} under water", "{A} orders evacuation as {river} rises"],
        date_sentence=["The flooding reached {place} in {region} on {date} after the {river} burst its banks.",
                       "The storm made landfall near {place} on {date}, flooding {district}."],
        figures=[("evacuated", "Authorities said {fig} residents were evacuated from {district} and nearby villages."),
                 ("deaths", "At the last count, {fig} people had drowned in {region}.")],
        openers=["The water came faster than anyone in {district} expected", "We have never seen the {river} this high",
                 "Our crews have been on the embankments of the {river} since dawn", "The people of {place} have lost {enormous} amounts",
                 "This is the worst storm {place} has seen in a generation", "The dykes along the {landmark} held"],
        actions=["reinforce the embankments along the {river}", "pump the water out of {district}",
                 "open the {landmark} as a shelter", "pay compensation to the farmers of {district}",
                 "move the hospital patients out of {place}", "clear the drains under the {landmark}"],
        objects=["before the next high tide", "while the river keeps rising", "over the coming weekend",
                 "with soldiers sent from {country}", "as soon as the rain stops"],
        purposes=["because the {entire} harvest is at risk", "so that nobody is trapped in {district}",
                  "and the {urgent} repairs will start this week", "so that families can go home {quickly}"],
        background=["Boats were used to reach houses in the lower streets of {district}.",
                    "The {org} opened shelters in schools across {region}.",
                    "Farmers along the {river} said their fields had disappeared under brown water.",
                    "Rail services to {place} were suspended as a precaution.",
                    "Meteorologists warned that more rain was expected over {region}.",
                    "The {landmark} was closed after water reached its lower steps.",
                    "Residents criticised the slow response of the authorities in {country}.",
                    "Volunteers filled sandbags in the main square of {place} through the night.",
                    "Drinking water was handed out from lorries parked near the {landmark}.",
                    "Insurance companies in {country} said claims would take weeks to assess."],
        titles=["mayor", "Environment Minister", "flood control chief", "regional governor", "water board director"],
        org=["{river} Water Board", "{region} Flood Agency", "{country} Relief Service"],
    ),
    Kind(
        name="rail",
        headline=["Train derails near {place}", "{place} rail crash: investigators on site",
                  "Questions over signals after {place} derailment", "{A} promises inquiry into {place} crash"],
        date_sentence=["The train derailed near {place} in {region} on {date}, on the line to {district}.",
                       "The crash happened outside {place} on {date}, close to the {landmark}."],
        figures=[("passengers", "The train was carrying {fig} passengers when it left {place}."),
                 ("injured", "Railway officials said {fig} people were injured in the derailment.")],
        openers=["The signals on the {district} line were replaced last spring", "Our investigators reached {place} within the hour",
                 "Nobody should be afraid to board a train in {place}", "The driver of the {place} train followed every procedure we know of",
                 "The curve near the {landmark} has worried engineers for years", "This line carries commuters from {district} every day"],
        actions=["examine the signal box at {place}", "check every curve on the {district} line",
                 "publish the data from the {place} train's recorder", "replace the old sleepers near the {landmark}",
                 "compensate the passengers from {district}", "reduce speeds on the line through {place}"],
        objects=["before the line reopens", "within the next month", "together with independent experts",
                 "as soon as the carriages are removed", "under the supervision of the {org}"],
        purposes=["because the {entire} network must be safe", "so that commuters in {district} can trust us again",
                  "and the {urgent} findings will be made public", "so that this never happens again in {region}"],
        background=["Cranes arrived at the site near {place} to lift the overturned carriages.",
                    "The {org} said the line would stay closed for several days.",
                    "Passengers described being thrown from their seats as the train left the rails.",
                    "Buses replaced trains between {place} and {district}.",
                    "The {landmark} was used as a gathering point for the injured.",
                    "Unions in {country} have long complained about maintenance on regional lines.",
                    "The driver was taken to hospital in {place} for observation.",
                    "Engineers will examine the track along the {river} embankment.",
                    "Commuters from {district} faced long delays on the first working day after the crash.",
                    "Investigators from {region} collected the train's data recorder."],
        titles=["Transport Minister", "railway chief executive", "chief investigator", "mayor", "union leader"],
        org=["{country} Rail Safety Board", "{region} Railways", "{place} Transport Authority"],
    ),
    Kind(
        name="ferry",
        headline=["Ferry sinks off {place}", "{place} ferry: divers search the wreck",
                  "Coast guard widens search after ferry capsized near {place}", "{A} defends ferry operator after {place} sinking"],
        date_sentence=["The ferry sank off {place} in {region} on {date}, on its crossing to {district}.",
                       "The ferry capsized near the {landmark} on {date} after leaving {place}."],
        figures=[("passengers", "The ferry had {fig} passengers on its manifest when it left {place}."),
                 ("missing", "The coast guard said {fig} people were still missing off {district}.")],
        openers=["The sea near the {landmark} was calm that morning", "Our divers have been in the water off {district} since first light",
                 "The crossing to {district} has run for forty years", "The families waiting in {place} deserve the truth",
                 "The vessel passed its last inspection in {place}", "Nobody in {place} can remember a night like this"],
        actions=["raise the wreck from the {landmark}", "search the coast as far as {district}",
                 "suspend the crossing to {district}", "inspect every ferry registered in {place}",
                 "publish the manifest of the {place} crossing", "bring sonar ships to the {landmark}"],
        objects=["until every passenger is accounted for", "before the weather turns", "with fishermen from {place}",
                 "as the investigation continues", "in the next forty-eight hours"],
        purposes=["because the {entire} coast depends on these crossings", "so that the families in {place} are not left waiting",
                  "and the {urgent} questions about overloading will be answered", "so that the operator is held to account"],
        background=["Fishing boats from {place} joined the search at dawn.",
                    "Relatives gathered at the harbour of {place} waiting for news.",
                    "The {org} said the vessel had been built more than thirty years ago.",
                    "The crossing to {district} is the only link for islanders without an airport.",
                    "Survivors were taken to the hospital in {place} suffering from hypothermia.",
                    "Divers said visibility near the {landmark} was poor.",
                    "The operator suspended all sailings across {region} pending inspections.",
                    "Officials in {country} said overloading had not been ruled out.",
                    "The wreck lies in shallow water near the {landmark}.",
                    "A helicopter from {region} flew over the area throughout the afternoon."],
        titles=["coast guard commander", "Maritime Minister", "harbour master", "mayor", "ferry operator chief"],
        org=["{region} Coast Guard", "{country} Maritime Authority", "{place} Harbour Board"],
    ),
]


# --------------------------------------------------------------------------- the plan of a story


@dataclass
class Speaker:
    names: list[str]  # full-name spellings (first is canonical)
    surname: str  # how a later mention names them ("Tarasenko", "Ri")
    honorific: str  # "Mr." / "Ms."
    title: str


@dataclass
class Statement:
    speaker: int
    text: str  # without final punctuation
    negation_at: int  # char offset right after "will " where "not " may be inserted
    action_end: int  # end of "<action> <object>" (an excerpt's natural span)
    synonym: tuple[str, str] | None  # a word of the statement and its benign alternative
    action: str = ""
    obj: str = ""


@dataclass
class StoryPlan:
    idx: int
    kind: Kind
    words: dict[str, str]  # slot values: place, district, region, country, river, landmark, org
    speakers: list[Speaker]
    statements: list[Statement]
    figures: list[tuple[str, str, int]]  # (subject, template, value)
    event_date: dt.date
    inject: str | None  # quote | figure | date | weekday | None
    inject_outlet: int = 1
    article_ids: list[str] = field(default_factory=list)


def _syllables(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(n))


def _unique(rng: random.Random, used: set[str], make, tries: int = 1000) -> str | None:
    """A word ``make`` has not produced before in this corpus (None when the bank is spent)."""
    for _ in range(tries):
        w = make()
        if w.casefold() not in used and len(w) >= 4:
            used.add(w.casefold())
            return w
    return None


def _new(rng: random.Random, used: set[str], make) -> str:
    w = _unique(rng, used, make)
    if w is None:  # pragma: no cover - banks hold millions of words
        raise RuntimeError("word bank exhausted")
    return w


def _toponym(rng: random.Random) -> str:
    return (_syllables(rng, rng.randint(1, 2)) + rng.choice(PLACE_SUFFIX)).capitalize()


def _speaker(rng: random.Random, used: set[str], title: str, korean_ok: bool) -> Speaker:
    culture = rng.choice(["slavic", "western", "arabic", "korean"] if korean_ok else ["slavic", "western", "arabic"])
    fam = rng.choice(KOREAN_FAMILY)
    given = _unique(rng, used, lambda: fam + " " + "-".join(rng.sample(KOREAN_SYLL, 2)), tries=50) \
        if culture == "korean" else None
    if given:  # Korean names: a shared family name, a unique hyphenated given name
        given = given.split(" ", 1)[1]
        a = f"{fam} {given.capitalize()}"
        b = f"{fam} {' '.join(p.capitalize() for p in given.split('-'))}"
        return Speaker([a, b], fam, rng.choice(["Mr.", "Ms."]), title)
    culture = "slavic" if culture == "korean" else culture  # Korean bank spent: another name
    sur = _new(rng, used, lambda: (_syllables(rng, rng.randint(1, 2)) + rng.choice(SURNAME_SUFFIX[culture]))
               .capitalize())
    if culture == "arabic" and rng.random() < 0.5:
        sur = "Al-" + sur
    if culture == "western":
        first = rng.choice(WESTERN_FIRST)
        names = [f"{first} {sur}"]
    else:
        usual, variant = rng.choice(SLAVIC_FIRST if culture == "slavic" else ARABIC_FIRST)
        first = usual
        names = [f"{usual} {sur}", f"{variant} {sur}"] if usual != variant else [f"{usual} {sur}"]
    return Speaker(names, sur, "Ms." if first in FEMALE else "Mr.", title)


def _fill(template: str, words: dict[str, str]) -> str:
    return template.format(**words)


# Who will act: every form ends in "will " (an injected negation goes right after it).
_PLEDGES = (", and we will ", ", and my ministry will ", ", and our teams will ", ", so the government will ",
            ". That is why we will ", ", and this office will ", ". Our engineers will ")
_OWN_SLOTS = ("{place}", "{district}", "{river}", "{landmark}")
_ANCHORS = (" in {district}", " for {place}", " near the {landmark}", " along the {river}")


def _anchored(part: str, k: int) -> str:
    """Every part of a statement names something only its story has: two stories that draw
    the same parts still say different things (quote similarity stays far below linking)."""
    return part if any(s in part for s in _OWN_SLOTS) else part + _ANCHORS[k % len(_ANCHORS)]


def _statement(rng: random.Random, kind: Kind, words: dict[str, str], speaker: int,
               used_parts: set[tuple[str, str]]) -> Statement:
    """``<opener>, and we will <action> <object> <purpose>``: parts unique within the story."""
    def pick(bank: str, options: list[str]) -> str:
        free = [o for o in options if (bank, o) not in used_parts] or options
        o = rng.choice(free)
        used_parts.add((bank, o))
        return o

    syn = rng.choice(SYNONYMS)
    slots = dict(words, enormous="enormous", entire="entire", urgent="urgent", quickly="quickly")
    # put the story's own synonym word into the purpose clause where the template has a slot
    purpose = pick("purpose", kind.purposes)
    slot_word = next((s for s in ("enormous", "entire", "urgent", "quickly") if "{" + s + "}" in purpose), None)
    synonym = None
    if slot_word:
        pair = next((p for p in SYNONYMS if p[0] == slot_word), syn)
        synonym = pair
    head = _fill(_anchored(pick("opener", kind.openers), 0), slots) + rng.choice(_PLEDGES)
    action = _fill(_anchored(pick("action", kind.actions), 1), slots)
    obj = _fill(_anchored(pick("object", kind.objects), 2), slots)
    rest = action + " " + obj + " " + _fill(_anchored(purpose, 3), slots)
    return Statement(speaker, head + rest, len(head), len(head) + len(action) + 1 + len(obj), synonym, action, obj)


def plan_story(i: int, seed: int, used: set[str], conflict_rate: float) -> StoryPlan:
    """Everything about story ``i`` that all its articles share."""
    rng = random.Random(f"{seed}:story:{i}")
    kind = KINDS[rng.randrange(len(KINDS))]
    # Regions and countries come from small pools: many stories share them (as real ones do).
    region_rng = random.Random(f"{seed}:region:{rng.randrange(60)}")
    region = _toponym(region_rng)
    country = _toponym(random.Random(f"{seed}:country:{rng.randrange(25)}")) + "ia"
    words = {"place": _new(rng, used, lambda: _toponym(rng)),
             "district": _new(rng, used, lambda: _syllables(rng, 2).capitalize()),
             "region": region, "country": country,
             "river": _new(rng, used, lambda: _syllables(rng, 2).capitalize()),
             "landmark": _new(rng, used, lambda: _syllables(rng, 2).capitalize()) + " "
             + rng.choice(["Bridge", "Pass", "Dam", "Tower", "Market", "Cathedral", "Lighthouse", "Causeway"])}
    words["org"] = _fill(rng.choice(kind.org), words)
    titles = rng.sample(kind.titles, 3)
    speakers = []
    korean_used = False
    for t in titles:
        sp = _speaker(rng, used, t, korean_ok=not korean_used)
        korean_used |= sp.surname in KOREAN_FAMILY
        speakers.append(sp)
    words["A"], words["B"] = speakers[0].surname, speakers[1].surname
    used_parts: set[tuple[str, str]] = set()
    statements = [_statement(rng, kind, words, k % 3, used_parts) for k in range(rng.randint(3, 5))]
    figures = []
    for subject, template in kind.figures:
        value = rng.choice([rng.randint(12, 95), rng.randint(10, 99) * 10, rng.randint(11, 99) * 100,
                            rng.randint(2, 30) * 1000])
        figures.append((subject, template, value))
    inject = rng.choice(["quote", "figure", "date", "weekday"]) if rng.random() < conflict_rate else None
    return StoryPlan(i, kind, words, speakers, statements, figures,
                     dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 330)), inject)


# --------------------------------------------------------------------------- writing one article


class _Text:
    """An article being written, with the offsets of marked stretches."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def text(self) -> str:
        return "".join(self.parts)


def _fmt_num(n: int, rng: random.Random) -> str:
    return f"{n:,}" if n >= 1000 and rng.random() < 0.8 else str(n)


def _date_words(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}"


def write_article(plan: StoryPlan, outlet: int, seed: int, truth: dict) -> tuple[str, str]:
    """(article id, text) for one outlet's article; records planted stretches in ``truth``."""
    rng = random.Random(f"{seed}:article:{plan.idx}:{outlet}")
    aid = f"s{plan.idx:06d}-o{outlet}"
    inject = plan.inject if outlet == plan.inject_outlet else None
    w = dict(plan.words, quickly="quickly")
    sp = plan.speakers
    published = plan.event_date + dt.timedelta(days=rng.choice([0, 1, 1]))
    t = _Text()
    w_head = dict(w, A=sp[0].surname, B=sp[1].surname)
    t.add(_fill(rng.choice(plan.kind.headline), w_head) + "\n\n")
    form = rng.randrange(3)
    if form == 0:
        t.add(f"Published on {_date_words(published)}, {published.year}\n\n")
    elif form == 1:
        t.add(f"Published: {published.day} {MONTHS[published.month - 1]} {published.year}\n\n")
    else:
        t.add(f"Posted {published.isoformat()}\n\n")
    outlet_name = OUTLETS[outlet % len(OUTLETS)]
    reporter = _syllables(random.Random(f"{seed}:reporter:{outlet}:{rng.randrange(3)}"), 2).capitalize()
    t.add(f"By {rng.choice(['Anna', 'Marek', 'Sunil', 'Greta'])} {reporter}, {outlet_name}\n\n")
    paragraphs_target = rng.randint(3000, 5900)
    mentioned: set[int] = set()

    def name(k: int) -> str:
        s = sp[k]
        if k in mentioned and rng.random() < 0.6:
            return rng.choice([f"{s.honorific} {s.surname}", s.surname])
        mentioned.add(k)
        return rng.choice(s.names)

    # lead: the date of the event
    when_kind = rng.randrange(3)
    ev = plan.event_date
    if inject == "date":
        ev = ev - dt.timedelta(days=rng.choice([2, 3, 4]))
        when = _date_words(ev)
    elif inject == "weekday":
        wrong = WEEKDAYS[(ev.weekday() + rng.choice([1, 2, 5, 6])) % 7]
        when = f"{wrong}, {_date_words(ev)}"
    elif when_kind == 0 and (published - ev).days <= 1:
        when = WEEKDAYS[ev.weekday()]
    elif when_kind == 1:
        when = _date_words(ev)
    else:
        when = f"{WEEKDAYS[ev.weekday()]}, {_date_words(ev)}"
    sent = _fill(rng.choice(plan.kind.date_sentence), dict(w, A=name(0), B=name(1), date="{date}"))
    before, after = sent.split("{date}")
    s0, _ = t.add(before)
    ds, de = t.add(when)
    t.add(after + " ")
    if inject in ("date", "weekday"):
        truth["conflicts"].append({"story": plan.idx, "article": aid, "kind": inject, "finding": "date_conflict",
                                   "start": ds, "end": de, "text": when,
                                   "original": _date_words(plan.event_date)})
    t.add(_fill(rng.choice(plan.kind.background), w) + "\n\n")

    # figures
    for k, (subject, template, value) in enumerate(plan.figures):
        v = value
        hedge = rng.choice(["", "around ", "about ", "at least ", "some "])
        injected = inject == "figure" and k == 0
        if injected:
            v, hedge = max(1, value // 2), ""
        before, after = _fill(template, dict(w, fig="{fig}")).split("{fig}")
        t.add(before)
        fs, fe = t.add(hedge + _fmt_num(v, rng))
        t.add(after + " ")
        if injected:
            truth["conflicts"].append({"story": plan.idx, "article": aid, "kind": "figure",
                                       "finding": "figure_conflict", "start": fs, "end": fe,
                                       "text": None, "original": value, "subject": subject})
    t.add(_fill(rng.choice(plan.kind.background), w) + "\n\n")

    # quotes: every statement, in a shuffled order, exact / excerpt / one word changed
    order = list(range(len(plan.statements)))
    rng.shuffle(order)
    if inject == "quote" and 0 not in order[:3]:
        order.remove(0)
        order.insert(0, 0)
    bg = [_fill(b, w) for b in plan.kind.background]
    rng.shuffle(bg)
    for pos, k in enumerate(order):
        st = plan.statements[k]
        words = st.text
        planted = None
        if inject == "quote" and k == 0:
            words = words[:st.negation_at] + "not " + words[st.negation_at:]
            planted = ("quote", st.negation_at, st.negation_at + 4)
        else:
            r = rng.random()
            if r < 0.15 and st.synonym and st.synonym[0] in words:
                a, b = st.synonym
                words = words.replace(a, b, 1)
                planted = ("wording", 0, len(words))
            elif r < 0.35:
                end = st.action_end if rng.random() < 0.5 else st.negation_at + len(st.action)
                words = words[st.negation_at:end]
                planted = ("excerpt", 0, len(words))
        open_, close = ("\u201c", "\u201d") if rng.random() < 0.8 else ('"', '"')
        who = name(st.speaker)
        title = sp[st.speaker].title
        if planted and planted[0] == "excerpt":
            prefix = f"{who} said the authorities would {open_}"
            suffix = f"{close}."
        else:
            f = rng.randrange(5)
            if f == 0:
                prefix, suffix = open_, f",{close} {who} said."
            elif f == 1:
                prefix, suffix = f"{title[0].upper() + title[1:]} {who} said: {open_}", f".{close}"
            elif f == 2:
                prefix, suffix = open_, f",{close} said {who}, the {title}."
            elif f == 3:
                prefix, suffix = open_, f",{close} {who} told the {outlet_name}."
            else:
                prefix, suffix = f"{who} said in a statement: {open_}", f".{close}"
        t.add(prefix)
        qs, qe = t.add(words)
        t.add(suffix + " ")
        if planted:
            kind_, a, b = planted
            entry = {"story": plan.idx, "article": aid, "kind": kind_, "start": qs + a, "end": qs + b,
                     "text": words[a:b]}
            if kind_ == "quote":
                entry.update(finding="quote_altered", quote_start=qs, quote_end=qe)
                truth["conflicts"].append(entry)
            else:
                truth["benign"].append(entry)
        t.add((bg[pos % len(bg)] if pos < len(bg) else "") + "\n\n")

    # background and reported speech until the article reaches its length (3-6 KB)
    generic = [_fill(g, w) for g in GENERIC]
    rng.shuffle(generic)
    reported = []
    for st in plan.statements:
        tpl = rng.choice(REPORTED)
        reported.append(tpl.format(**dict(w, who=name(st.speaker), action=st.action, object=st.obj)))
    rest = bg[len(order):] + generic[:6] + reported + generic[6:]
    k = 0
    while t.pos < paragraphs_target and k < len(rest):
        n = rng.randint(2, 3)
        para = " ".join(rest[k:k + n])
        if t.pos + len(para) + 2 > 5950:
            break
        t.add(para + "\n\n")
        k += n
    text = t.text().rstrip("\n") + "\n"
    for c in truth["conflicts"]:
        if c["article"] == aid and c.get("text") is None:
            c["text"] = text[c["start"]:c["end"]]
    return aid, text


# --------------------------------------------------------------------------- the corpus


def generate_iter(stories: int, outlets: int, *, seed: int = 7, conflict_rate: float = 0.2,
                  truth: dict | None = None) -> Iterator[tuple[str, str]]:
    """Yield (article id, text) story by story; fill ``truth`` as it goes (see ``new_truth``)."""
    if outlets < 2:
        raise ValueError("need at least two outlets per story")
    truth = truth if truth is not None else new_truth(stories, outlets, seed, conflict_rate)
    used: set[str] = set()
    for i in range(stories):
        plan = plan_story(i, seed, used, conflict_rate)
        plan.inject_outlet = 1 + (i % (outlets - 1))
        ids = []
        for o in range(outlets):
            aid, text = write_article(plan, o, seed, truth)
            ids.append(aid)
            yield aid, text
        truth["events"].append({"story": i, "kind": plan.kind.name, "place": plan.words["place"],
                                "articles": ids, "speakers": [s.names for s in plan.speakers],
                                "injected": plan.inject})


def new_truth(stories: int, outlets: int, seed: int, conflict_rate: float) -> dict:
    return {"generator_version": VERSION, "seed": seed, "stories": stories, "outlets": outlets, "conflict_rate": conflict_rate,
            "events": [], "conflicts": [], "benign": []}


def generate(stories: int, outlets: int, *, seed: int = 7,
             conflict_rate: float = 0.2) -> tuple[list[tuple[str, str]], dict]:
    """All articles in memory, and the truth (small corpora: tests)."""
    truth = new_truth(stories, outlets, seed, conflict_rate)
    arts = list(generate_iter(stories, outlets, seed=seed, conflict_rate=conflict_rate, truth=truth))
    return arts, truth


def write_corpus(out: Path, stories: int, outlets: int, *, seed: int = 7, conflict_rate: float = 0.2,
                 shard: int = 1000) -> dict:
    """Write ``out/articles/<shard>/<id>.txt`` and ``out/truth.json``; return the truth."""
    truth = new_truth(stories, outlets, seed, conflict_rate)
    n = 0
    for aid, text in generate_iter(stories, outlets, seed=seed, conflict_rate=conflict_rate, truth=truth):
        d = out / "articles" / f"{n // shard:04d}"
        if n % shard == 0:
            d.mkdir(parents=True, exist_ok=True)
        (d / f"{aid}.txt").write_text(text, encoding="utf-8")
        n += 1
    truth["articles"] = n
    (out / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--outlets", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--conflict-rate", type=float, default=0.2)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    truth = write_corpus(args.out, args.stories, args.outlets, seed=args.seed, conflict_rate=args.conflict_rate)
    print(f"wrote {truth['articles']} articles ({len(truth['conflicts'])} injected conflicts) "
          f"to {args.out / 'articles'}; truth in {args.out / 'truth.json'}")


if __name__ == "__main__":
    main()
