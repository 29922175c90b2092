"""Synthetic wire copy for the benchmark: N stories x M outlets, with planted truth.

Each story has a few speakers (with spelling variants), a few statements, a
troop/toll figure and an event date. Every outlet writes its own 3-6 KB
article about the story: quotes repeated exactly, excerpted or altered,
speakers under name variants, hedged figures, weekday or absolute dates. A
fraction of stories get an injected conflict (an altered quote with a
negation, a contradicting figure, a different date) whose article ids are
recorded, so the benchmark also checks that what is injected is found.

Usage: python bench/generate_corpus.py --stories 200 --outlets 5 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

FIRST = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hamid", "Irina", "Jonas",
         "Kofi", "Lena", "Marco", "Nadia", "Oleg", "Priya", "Rafael", "Sofia", "Tariq", "Vera"]
LAST = ["Petrov", "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Silva", "Kowalski",
        "Mensah", "Ibrahim", "Fischer", "Romero", "Yilmaz", "Nakamura", "Costa", "Adeyemi", "Berg"]
TITLES = ["Foreign Minister", "Defence Minister", "Interior Minister", "police chief", "mayor",
          "spokesperson", "Deputy Commissioner of Police", "senior official"]
PLACES = ["Wonsan", "Mandalay", "Ahmedabad", "Valparaiso", "Tromso", "Durban", "Kraków", "Da Nang"]
OUTLETS = ["Wire Agency", "Daily Courier", "Evening Ledger", "Global Desk", "Harbour Times",
           "Metro Post", "Northern Star", "Coastal Herald"]
VERBS = ["support", "defend", "rebuild", "protect", "investigate", "strengthen", "review", "restore"]
NOUNS = ["the agreement", "the bridge", "our partnership", "the relief effort", "the inquiry",
         "the border region", "the evacuation plan", "the water supply"]
FILLER_SENTENCES = [
    "Officials gave few other details on the day.",
    "Local residents described long queues at the main square as crews worked through the night.",
    "The region has seen repeated disruption over the past decade.",
    "Observers say the coming weeks will be decisive for the talks.",
    "The announcement came after several rounds of talks that had been postponed twice.",
    "Schools in the area stayed closed while inspectors checked the buildings.",
    "Opposition figures criticised the pace of the response in a joint letter.",
    "Shops reopened in the afternoon, although many streets remained blocked.",
    "A previous agreement collapsed amid disputes over funding and oversight.",
    "International observers have asked for regular updates on the situation.",
    "Rail services were suspended for several hours as a precaution.",
    "Volunteers handed out water and blankets outside the town hall.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class Statement:
    speaker: int  # index into story speakers
    words: str


@dataclass
class StoryPlan:
    idx: int
    place: str
    speakers: list[tuple[str, str, str]]  # (canonical, variant, title)
    statements: list[Statement]
    troops: int
    event_date: dt.date
    inject: str | None  # "quote" | "figure" | "date" | None
    injected_in: list[str] = field(default_factory=list)


SYLLABLES = ["ka", "ro", "vi", "len", "do", "mar", "su", "tek", "ba", "nor", "li", "gan", "pe", "zu", "ol"]


def pseudo_word(rng: random.Random, n: int = 3) -> str:
    """A made-up proper name, so stories do not share districts and surnames by accident."""
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def _name(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice([rng.choice(LAST), pseudo_word(rng)])
    canonical = f"{first} {last}"
    variant = rng.choice([canonical, f"{first[0]}. {last}", f"{first}a {last}" if first[-1] != "a" else canonical])
    return canonical, variant


def _statement(rng: random.Random, district: str) -> str:
    return (f"We are ready to {rng.choice(VERBS)} {rng.choice(NOUNS)} and we will not stop until the "
            f"work in the {district} {rng.choice(['district', 'valley', 'quarter', 'port'])} is "
            f"{rng.choice(['finished', 'safe', 'paid for', 'done properly'])} for every "
            f"{rng.choice(['family', 'worker', 'school', 'farmer'])} that needs it")


def plan_story(i: int, rng: random.Random, conflict_rate: float) -> StoryPlan:
    speakers = []
    for _ in range(3):
        canonical, variant = _name(rng)
        speakers.append((canonical, variant, rng.choice(TITLES)))
    district = pseudo_word(rng)
    statements = [Statement(speaker=k % 3, words=_statement(rng, district)) for k in range(4)]
    inject = rng.choice(["quote", "figure", "date"]) if rng.random() < conflict_rate else None
    return StoryPlan(idx=i, place=rng.choice(PLACES), speakers=speakers, statements=statements,
                     troops=rng.choice([800, 1200, 4000, 11000, 25000]),
                     event_date=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 330)),
                     inject=inject)


def _filler(rng: random.Random) -> str:
    return " ".join(rng.sample(FILLER_SENTENCES, 4))


def _quote_paragraph(rng: random.Random, st: Statement, plan: StoryPlan, words: str) -> str:
    canonical, variant, title = plan.speakers[st.speaker]
    name = rng.choice([canonical, variant])
    form = rng.randrange(4)
    if form == 0:
        return f"\u201c{words},\u201d {name} said."
    if form == 1:
        return f"{title.capitalize()} {name} said: \u201c{words}.\u201d"
    if form == 2:
        return f"\u201c{words},\u201d said {name}, the {title}."
    return f"According to {name}, \u201c{words}.\u201d"


def write_article(plan: StoryPlan, outlet_idx: int, rng: random.Random) -> tuple[str, str]:
    """Return (article id, text) for one outlet's article about the story."""
    aid = f"s{plan.idx:06d}-o{outlet_idx}"
    published = plan.event_date + dt.timedelta(days=1)
    inject_here = plan.inject is not None and outlet_idx == 1
    lines = [f"Talks in {plan.place} end with pledge of support", "",
             f"Published on {published.strftime('%B')} {published.day}, {published.year}", ""]
    body: list[str] = []
    troops = plan.troops
    if inject_here and plan.inject == "figure":
        troops = plan.troops * 3
    hedge = rng.choice(["around ", "more than ", "about ", ""]) if not inject_here else ""
    body.append(f"Officials in {plan.place} said {hedge}{troops:,} troops had been deployed to the "
                f"region, as delegations met for a second day. " + _filler(rng))
    event = plan.event_date
    if inject_here and plan.inject == "date":
        event = event - dt.timedelta(days=3)
    if rng.random() < 0.5 and not inject_here:
        body.append(f"The meeting took place on {WEEKDAYS[event.weekday()]}. " + _filler(rng))
    else:
        body.append(f"The meeting took place on {event.strftime('%B')} {event.day}. " + _filler(rng))
    for k, st in enumerate(plan.statements):
        words = st.words
        choice = rng.random()
        if inject_here and plan.inject == "quote" and k == 0:
            words = words.replace("We are ready to", "We are not ready to")
        elif choice < 0.2:
            words = " ".join(words.split()[:9])  # excerpt
        body.append(_quote_paragraph(rng, st, plan, words))
        body.append(_filler(rng))
    if inject_here:
        plan.injected_in.append(aid)
    text = "\n".join(lines) + "\n" + "\n\n".join(body) + "\n"
    while len(text.encode("utf-8")) < 3000:
        text += "\n" + _filler(rng) + "\n"
    return aid, text


def generate(stories: int, outlets: int, *, seed: int = 7, conflict_rate: float = 0.2):
    """Yield (article_id, text) and return the plans (for the truth file)."""
    rng = random.Random(seed)
    plans = [plan_story(i, rng, conflict_rate) for i in range(stories)]
    articles = []
    for plan in plans:
        for o in range(outlets):
            articles.append(write_article(plan, o, rng))
    return articles, plans


def truth(plans: list[StoryPlan]) -> list[dict]:
    return [{"story": p.idx, "kind": p.inject, "articles": p.injected_in} for p in plans if p.inject]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--outlets", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    arts, plans = generate(args.stories, args.outlets, seed=args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for aid, text in arts:
        (args.out / f"{aid}.txt").write_text(text, encoding="utf-8")
    (args.out.parent / f"{args.out.name}.truth.json").write_text(json.dumps(truth(plans), indent=1))
    print(f"wrote {len(arts)} articles to {args.out}")


if __name__ == "__main__":
    main()
