"""Hand-built Reports for the renderer tests (the stages are tested elsewhere).

Every span is located with ``str.find`` in the article text, so
``span.text == article.text[start:end]`` holds by construction; the texts carry
hostile content: markup, ``]]>``, control characters, terminal escapes,
backticks, pipes, RTL script, a bidi override, CRLF line ends and a very long line.
"""

from __future__ import annotations

import datetime as dt

from quotecheck.models import (
    Article,
    Cluster,
    ClusterMember,
    DateMention,
    Figure,
    Finding,
    InputError,
    Quote,
    Report,
    Severity,
    Span,
    Story,
)

WIRE = (
    "Lavrov vows to tackle root cause of crisis\n\n"
    "MOSCOW, July 12 (Wire) - Russian Foreign Minister Sergei Lavrov said on Saturday: "
    "“We will tackle the root cause of the Ukrainian crisis.”\n\n"
    "About 5,000 troops took part in the exercise, officials said.\n"
)

HOSTILE = (
    "Talks | pipes `and` backticks <b>bold</b>\n\n"
    "Lavrov said: “We will work on tackling the root cause of the crisis.”\n\n"
    "<script>window.__pwned = 1; document.title = 'pwned';</script>"
    "<img src=x onerror=\"window.__pwned=2\"> ]]> end of CDATA & ampersand\n"
    "Bell\x07 and escape \x1b[31mRED\x1b[0m and NUL\x00 here.\n"
    "قال الوزير إن المحادثات كانت مثمرة \u202eevil override\u202c done.\n"
    "The meeting was held on Friday, July 11.\n"
    + ("very long line " * 400) + "\n"
)

CRLF = (
    "Herald: exercise draws 7,000 troops\r\n\r\n"
    "Some 7,000 troops joined the drill, the ministry said.\r\n"
    "Lavrov told reporters: “We will tackle the root cause of the Ukrainian crisis.”\r\n"
    "The meeting was held on Thursday, July 10.\r\n"
)


def span(article: Article, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = article.text.find(needle, start + 1)
    assert start >= 0, f"{needle!r} not in {article.id}"
    return Span(article_id=article.id, start=start, end=start + len(needle), text=needle)


def articles() -> list[Article]:
    return [
        Article(id="wire", path="corpus/wire.txt", outlet="Wire Agency", published=dt.date(2025, 7, 12),
                title="Lavrov vows to tackle root cause of crisis", text=WIRE),
        Article(id="daily", path="corpus/daily <x>.txt", outlet="Daily <script>alert(1)</script>",
                published=dt.date(2025, 7, 12), title="Talks | pipes `and` backticks <b>bold</b>",
                text=HOSTILE),
        Article(id="herald", path="/abs/path/herald.txt", outlet="Herald", published=dt.date(2025, 7, 13),
                title="Herald: exercise draws 7,000 troops", text=CRLF),
    ]


def _quote(a: Article, n: int, text: str, speaker: str | None) -> Quote:
    s = span(a, text)
    return Quote(id=f"{a.id}:q{n}", article_id=a.id, start=s.start, end=s.end, text=text,
                 speaker=speaker, open_mark="“", close_mark="”", confidence=0.9)


def sample_report() -> Report:
    """Three sources, one story, one cluster and four findings with hostile evidence."""
    wire, daily, herald = arts = articles()
    q_wire = "We will tackle the root cause of the Ukrainian crisis."
    q_daily = "We will work on tackling the root cause of the crisis."
    quotes = [
        _quote(wire, 1, q_wire, "Sergei Lavrov"),
        _quote(daily, 1, q_daily, "Sergei Lavrov"),
        _quote(herald, 1, q_wire, "Sergei Lavrov"),
    ]
    cluster = Cluster(
        id="C1", story_id="S1", canonical_quote_id="wire:q1", canonical_text=q_wire,
        members=[
            ClusterMember(quote_id="wire:q1", article_id="wire", text=q_wire, speaker="Sergei Lavrov",
                          relation="canonical"),
            ClusterMember(quote_id="herald:q1", article_id="herald", text=q_wire, speaker="Sergei Lavrov"),
            ClusterMember(quote_id="daily:q1", article_id="daily", text=q_daily, speaker="Sergei Lavrov",
                          relation="variant", similarity=0.81),
        ],
    )
    figures = [
        Figure(id="wire:f1", article_id="wire", **_pos(span(wire, "5,000 troops")), value=5000, low=5000,
               high=5000, subject="troops", approximate=True, hedge="About"),
        Figure(id="herald:f1", article_id="herald", **_pos(span(herald, "7,000 troops", 1)), value=7000,
               low=7000, high=7000, subject="troops", hedge="Some"),
    ]
    dates = [
        DateMention(id="daily:d1", article_id="daily", **_pos(span(daily, "Friday, July 11")),
                    value=dt.date(2025, 7, 11), precision="day", event="meeting"),
        DateMention(id="herald:d1", article_id="herald", **_pos(span(herald, "Thursday, July 10")),
                    value=dt.date(2025, 7, 10), precision="day", event="meeting"),
    ]
    findings = [
        # The quote-graph check's shape: the altered wording first, then the canonical carrier;
        # details name both quotes and give every changed run with its offsets.
        Finding(id="F1", kind="quote_altered", severity=Severity.error, story_id="S1",
                message="Daily <script> changes Lavrov's words: 'tackle' -> 'work on tackling', "
                        "dropped 'Ukrainian'",
                evidence=[span(daily, q_daily), span(wire, q_wire)], fingerprint="fp-quote-1",
                details={"change": "meaning", "reasons": ["verb replaced"],
                         "canonical_quote_id": "wire:q1", "quote_id": "daily:q1", "cluster_id": "C1",
                         "ops": [_op("equal", wire, daily, "We will", "We will"),
                                 _op("replace", wire, daily, "tackle", "work on tackling"),
                                 _op("equal", wire, daily, "the root cause of the", "the root cause of the"),
                                 _op("delete", wire, daily, "Ukrainian", None),
                                 _op("equal", wire, daily, "crisis.", "crisis.")]}),
        Finding(id="F2", kind="figure_conflict", severity=Severity.warning, story_id="S1",
                message="troops: 5,000 (Wire Agency) vs 7,000 (Herald)",
                evidence=[span(wire, "5,000 troops"), span(herald, "7,000 troops", 1)],
                fingerprint="fp-fig-2", details={"values": [5000, 7000], "subject": "troops"}),
        Finding(id="F3", kind="date_conflict", severity=Severity.warning, story_id="S1",
                message="meeting: Friday, July 11 vs Thursday, July 10 | `pipe` and <tag>\nnewline",
                evidence=[span(daily, "Friday, July 11"), span(herald, "Thursday, July 10")],
                fingerprint="fp-date-3"),
        # Hostile evidence; overlaps F1's span in 'daily' on purpose (and a span with ]]> and controls);
        # its stored diff does not match its evidence, so renderers must diff the evidence themselves.
        Finding(id="F4", kind="quote_altered", severity=Severity.info, story_id="S1",
                message="hostile evidence ]]> <script>alert(1)</script> `tick` |pipe|",
                evidence=[span(daily, "the root cause of the crisis.”\n\n<script>window.__pwned = 1;"),
                          span(daily, "]]> end of CDATA & ampersand\nBell\x07 and escape \x1b[31mRED"),
                          span(daily, "قال الوزير إن المحادثات كانت مثمرة \u202eevil override")],
                fingerprint="fp-hostile-4",
                details={"diff": [{"op": "equal", "a": "the root cause"},
                                  {"op": "replace", "a": "of", "b": "]]>"}]}),
    ]
    return Report(
        tool_version="0.1.0",
        articles=arts,
        stories=[Story(id="S1", article_ids=["wire", "daily", "herald"], label="Lavrov | talks",
                       reason="shared quotes and entities")],
        quotes=quotes,
        clusters=[cluster],
        figures=figures,
        dates=dates,
        findings=findings,
        errors=[InputError(path="corpus/broken\x1b[2J.txt", reason="not UTF-8 <and> ]]> broken")],
    )


def _op(op: str, canon: Article, var: Article, a: str | None, b: str | None) -> dict:
    """One run of a word diff as checks/quotes.py stores it (offsets into each article)."""
    def part(art: Article, text: str | None) -> dict:
        if not text:
            return {}
        qstart = art.text.index("“")  # both sample quotes are the first quoted stretch
        s = span(art, text, 0) if art.text.find(text, qstart) < 0 else _after(art, text, qstart)
        return {"text": s.text, "start": s.start, "end": s.end}

    return {"op": op, "canonical": part(canon, a), "quote": part(var, b), "inside": True}


def _after(art: Article, text: str, pos: int) -> Span:
    i = art.text.index(text, pos)
    return Span(article_id=art.id, start=i, end=i + len(text), text=text)


def _pos(s: Span) -> dict:
    return {"start": s.start, "end": s.end, "text": s.text}


def empty_report() -> Report:
    return Report(tool_version="0.1.0")
