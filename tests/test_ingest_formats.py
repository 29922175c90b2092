"""Every input format is read into Articles with the right title, date, outlet and text.

Texts are written here, modelled on real wire copy (headers, datelines,
tickers); none is copied from it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from quotecheck.ingest import read_bytes, read_paths
from quotecheck.rules import RuleSet, load_file

RULES_DIR = Path(__file__).resolve().parent.parent / "rules" / "en"


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    """Only the ingest/segment rule files, so these tests do not depend on other stages' packs."""
    files = [load_file(RULES_DIR / n) for n in ("headers.yml", "boilerplate.yml", "sentences.yml")]
    return RuleSet(files, [str(RULES_DIR)])


def one(data: bytes | str, name: str, rules: RuleSet):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    arts, errs = read_bytes(raw, name, rules)
    assert errs == []
    assert len(arts) == 1
    return arts[0]


# --------------------------------------------------------------------------- plain text


AGENCY = (
    " Ruritanian envoy pledges 'full backing' for Freedonia in border row\n"
    "\n"
    "Published on March 4, 2024\n"
    "Document Date: Tue, Mar 5 2024 08:01:12 am\n"
    "Category: ,English,World,Briefs\n"
    "Show on website : Click Here\n"
    "\n"
    "Strelsau, March 4 (RNA) – Ruritania's foreign minister said on Monday his country would\n"
    "back Freedonia \u201cin every step it takes\u201d to defend its border, the Ruritanian News\n"
    " Agency reported.\n"
    "The minister made the remarks after talks in the capital, the agency said.\n"
)


def test_text_headers_dateline_and_title(rules: RuleSet) -> None:
    a = one(AGENCY, "wire.txt", rules)
    assert a.id == "wire"
    assert a.format == "text"
    assert a.title == "Ruritanian envoy pledges 'full backing' for Freedonia in border row"
    # "Published on" (priority 10) wins over the aggregator's "Document Date" (a day later)
    assert a.published == dt.date(2024, 3, 4)
    assert a.published_raw == "March 4, 2024"
    assert a.dateline == "Strelsau, March 4 (RNA)"
    assert a.outlet == "RNA"  # the agency of the dateline, no other outlet given
    assert a.text == AGENCY  # the text is kept exactly: offsets refer to it


def test_date_glued_before_title(rules: RuleSet) -> None:
    text = (" date 2024-03-04 Envoy offers 'unconditional' support for 'all steps' taken by Freedonia's leaders\n"
            "The envoy thanked the \u201cbrave\u201d border guards before leaving for talks elsewhere.\n")
    a = one(text, "glued.txt", rules)
    assert a.published == dt.date(2024, 3, 4)
    assert a.title == "Envoy offers 'unconditional' support for 'all steps' taken by Freedonia's leaders"


def test_desk_line_gives_outlet_and_date(rules: RuleSet) -> None:
    text = ("Envoy Backs Freedonia in Border Talks\n\nBlueRiver Desk: Politics 2024-03-04, 09:30am\n\n"
            "The envoy said on Monday that his country stood with Freedonia, according to state radio.\n")
    a = one(text, "desk.txt", rules)
    assert a.outlet == "BlueRiver"
    assert a.byline == "BlueRiver Desk"
    assert a.published == dt.date(2024, 3, 4)
    assert a.title == "Envoy Backs Freedonia in Border Talks"


def test_no_headline_when_the_file_starts_with_the_lede(rules: RuleSet) -> None:
    text = ("Freedonia's leader has pledged his country's full support for Ruritania in the dispute, deepening "
            "ties between the two neighbours amid rising concern abroad.\nThe talks lasted two days.\n")
    a = one(text, "lede.txt", rules)
    assert a.title is None
    assert a.published is None


def test_markdown_heading_byline_and_outlet(rules: RuleSet) -> None:
    text = ("# Freedonia doubles down on pact\n\nPublished on 4 March 2024\n\nBy Mara Lind | Harbour Ledger\n\n"
            "2 min read\n\nThe minister said on Monday that the pact would hold.\n")
    a = one(text, "blog.md", rules)
    assert a.format == "markdown"
    assert a.title == "Freedonia doubles down on pact"
    assert a.published == dt.date(2024, 3, 4)
    assert a.byline == "Mara Lind"
    assert a.outlet == "Harbour Ledger"


def test_markdown_front_matter(rules: RuleSet) -> None:
    text = ("---\ntitle: Pact holds, minister says\ndate: 2024-03-05\nsource: Harbour Ledger\n"
            "url: https://ledger.example/pact\nauthor: Mara Lind\n---\n\n"
            "# Pact holds, minister says\n\nThe minister said the pact would hold.\n")
    a = one(text, "fm.md", rules)
    assert (a.title, a.published, a.outlet, a.url, a.byline) == (
        "Pact holds, minister says", dt.date(2024, 3, 5), "Harbour Ledger", "https://ledger.example/pact",
        "Mara Lind")


def test_bio_at_the_end_gives_byline_and_outlet(rules: RuleSet) -> None:
    text = ("Envoy pledges support\n\nThe envoy said the talks went well and that more would follow.\n\n"
            "Article image\nAvatar\nMara Lind\n\nSenior Reporter\n\n"
            "Mara Lind is a senior reporter at the Harbour Ledger. She has covered the region since 2015.\n")
    a = one(text, "bio.txt", rules)
    assert a.byline == "Mara Lind"
    assert a.outlet == "Harbour Ledger"


# --------------------------------------------------------------------------- HTML


PAGE = """<!DOCTYPE html>
<html><head><title>Envoy backs Freedonia | Harbour Ledger</title>
<meta property="og:title" content="Envoy backs Freedonia">
<meta property="og:site_name" content="Harbour Ledger">
<meta property="og:url" content="https://ledger.example/envoy">
<meta property="article:published_time" content="2024-03-04T10:00:00Z">
<script>var secret = "SCRIPT-IN-HEAD";</script>
</head><body><nav>Home | World | Sport</nav>
<article><h1>Envoy backs Freedonia</h1>
<p>The envoy said on Monday that his country was &ldquo;ready to support every step&rdquo; taken by Freedonia.</p>
<script>document.write("SCRIPT-IN-BODY")</script>
<p>He spoke after two days of talks in the capital, officials said in a statement released later.</p>
<p>The page once showed the line &ldquo;&lt;script&gt;alert(1)&lt;/script&gt;&rdquo;, a spokesman said.</p>
</article><footer>Copyright 2024 Harbour Ledger</footer></body></html>
"""


def test_html_main_text_and_metadata(rules: RuleSet) -> None:
    a = one(PAGE, "page.html", rules)
    assert a.format == "html"
    assert a.title == "Envoy backs Freedonia"
    assert a.outlet == "Harbour Ledger"
    assert a.url == "https://ledger.example/envoy"
    assert a.published == dt.date(2024, 3, 4)
    paras = a.text.split("\n\n")
    assert paras[0] == "Envoy backs Freedonia"  # the title is the first line, then blank-line paragraphs
    assert paras[1].startswith("The envoy said on Monday")
    assert "SCRIPT-IN-HEAD" not in a.text and "SCRIPT-IN-BODY" not in a.text
    assert "Home | World" not in a.text  # navigation dropped
    assert "\u201c<script>alert(1)</script>\u201d" in a.text  # escaped text in the article stays text


# --------------------------------------------------------------------------- JSON / JSON Lines


def test_json_single_object_field_names(rules: RuleSet) -> None:
    obj = {"headline": "Envoy backs Freedonia", "body": "First paragraph here.\n\nSecond one.",
           "datePublished": "2024-03-04T16:45:00+09:00", "publisher": {"name": "EastWire"},
           "link": "https://eastwire.example/a", "author": ["Kim Ro", "Ana Lee"]}
    a = one(json.dumps(obj), "feed.json", rules)
    assert a.id == "feed"
    assert a.text == "Envoy backs Freedonia\n\nFirst paragraph here.\n\nSecond one."
    assert (a.title, a.published, a.outlet, a.url, a.byline) == (
        "Envoy backs Freedonia", dt.date(2024, 3, 4), "EastWire", "https://eastwire.example/a", "Kim Ro, Ana Lee")


def test_json_list_ids_and_wrapper(rules: RuleSet) -> None:
    items = [{"id": "ew-1", "title": "One", "text": "Alpha said yes."},
             {"title": "Two", "content": ["Beta said no.", "Then left."], "published": 1709546400}]
    arts, errs = read_bytes(json.dumps({"articles": items}).encode(), "batch.json", rules)
    assert errs == []
    assert [a.id for a in arts] == ["ew-1", "batch-2"]
    assert arts[1].text == "Two\n\nBeta said no.\n\nThen left."
    assert arts[1].published == dt.date(2024, 3, 4)  # epoch seconds


def test_json_html_body_is_flattened_without_scripts(rules: RuleSet) -> None:
    obj = {"title": "T", "text": "<p>One said “yes”.</p><script>evil()</script><p>Two.</p>"}
    a = one(json.dumps(obj), "h.json", rules)
    assert a.text == "T\n\nOne said “yes”.\n\nTwo."


def test_json_item_without_text_is_an_error_others_read(rules: RuleSet) -> None:
    data = json.dumps([{"title": "No body"}, {"title": "Ok", "text": "Fine."}]).encode()
    arts, errs = read_bytes(data, "mixed.json", rules)
    assert [a.id for a in arts] == ["mixed-2"]
    assert len(errs) == 1 and errs[0].reason.startswith("item 1: no article text")


def test_jsonl_many_and_versioncreated(rules: RuleSet) -> None:
    lines = [{"title": "A", "text": "One.", "versioncreated": "2024-03-04T01:02:03Z", "source": "Wire A"},
             {"id": 7, "headline": "B", "body": "Two.", "date": "March 5, 2024", "site_name": "Wire B"}]
    arts, errs = read_bytes("\n".join(json.dumps(x) for x in lines).encode(), "feed.jsonl", rules)
    assert errs == []
    assert [(a.id, a.format, a.published, a.outlet) for a in arts] == [
        ("feed-1", "jsonl", dt.date(2024, 3, 4), "Wire A"), ("7", "jsonl", dt.date(2024, 3, 5), "Wire B")]


def test_jsonl_saved_as_json_is_still_read(rules: RuleSet) -> None:
    data = '{"title": "A", "text": "One."}\n{"title": "B", "text": "Two."}\n'
    arts, errs = read_bytes(data.encode(), "feed.json", rules)
    assert errs == [] and [a.title for a in arts] == ["A", "B"]


# --------------------------------------------------------------------------- XML


G2 = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.com:20240304:env1" version="1">
 <itemMeta>
  <itemClass qcode="ninat:text"/>
  <provider qcode="nprov:EXAMPLEWIRE"/>
  <versionCreated>2024-03-05T09:00:00Z</versionCreated>
  <firstCreated>2024-03-04T08:30:00Z</firstCreated>
  <link rel="irel:seeAlso" href="https://wire.example/envoy"/>
 </itemMeta>
 <contentMeta>
  <headline>Envoy backs Freedonia “in every step”</headline>
  <by>Mara Lind</by>
  <dateline>STRELSAU, March 4</dateline>
  <creditline>Example Wire</creditline>
 </contentMeta>
 <contentSet>
  <inlineXML contenttype="application/xhtml+xml">
   <html xmlns="http://www.w3.org/1999/xhtml"><body>
    <p>The envoy said on Monday his country was “ready”.</p>
    <p>Talks will resume in April, officials said.</p>
   </body></html>
  </inlineXML>
 </contentSet>
</newsItem>
"""

NITF = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE nitf SYSTEM "nitf-3-5.dtd">
<nitf>
 <head>
  <title>Envoy backs Freedonia</title>
  <docdata><doc-id id-string="nitf-1"/><date.issue norm="20240304T083000Z"/></docdata>
  <pubdata type="web" name="Harbour Ledger"/>
 </head>
 <body>
  <body.head>
   <hedline><hl1>Envoy backs Freedonia in caf\xe9 talks</hl1></hedline>
   <byline>By <person>Mara Lind</person></byline>
   <dateline><location>STRELSAU</location>, <story.date norm="20240304">March 4</story.date></dateline>
  </body.head>
  <body.content>
   <p>The envoy said his country was "ready".</p>
   <hl2>Next steps</hl2>
   <p>Talks resume in April.</p>
  </body.content>
 </body>
</nitf>
"""


def test_newsml_g2_item(rules: RuleSet) -> None:
    a = one(G2, "item.xml", rules)
    assert a.format == "newsml"
    assert a.title == "Envoy backs Freedonia “in every step”"
    assert a.published == dt.date(2024, 3, 4)  # firstCreated, not versionCreated
    assert (a.outlet, a.byline, a.dateline, a.url) == (
        "Example Wire", "Mara Lind", "STRELSAU, March 4", "https://wire.example/envoy")
    assert a.text == ("Envoy backs Freedonia “in every step”\n\nThe envoy said on Monday his country was “ready”."
                      "\n\nTalks will resume in April, officials said.")


def test_newsml_message_with_two_items_and_nested_nitf(rules: RuleSet) -> None:
    nitf_body = NITF.split("?>", 1)[1].split("]>", 1)[-1].replace('<!DOCTYPE nitf SYSTEM "nitf-3-5.dtd">', "")
    item2 = (f'<newsItem><itemMeta><provider literal="Other Wire"/><versionCreated>2024-03-06</versionCreated>'
             f'</itemMeta><contentSet><inlineXML contenttype="application/nitf+xml">{nitf_body}</inlineXML>'
             f'</contentSet></newsItem>')
    item1 = G2.split("?>", 1)[1]
    msg = f'<?xml version="1.0" encoding="UTF-8"?><newsMessage><itemSet>{item1}{item2}</itemSet></newsMessage>'
    arts, errs = read_bytes(msg.encode("utf-8"), "msg.xml", rules)
    assert errs == []
    assert [a.id for a in arts] == ["msg-1", "msg-2"]
    b = arts[1]
    assert b.title == "Envoy backs Freedonia in café talks"
    assert b.outlet == "Other Wire"
    assert b.published == dt.date(2024, 3, 6)
    assert b.text.split("\n\n")[1:] == ['The envoy said his country was "ready".', "Next steps", "Talks resume in April."]


def test_nitf(rules: RuleSet) -> None:
    a = one(NITF.encode("latin-1"), "story.nitf", rules)  # declared ISO-8859-1 is honoured
    assert a.format == "nitf"
    assert a.title == "Envoy backs Freedonia in café talks"
    assert (a.published, a.outlet, a.byline) == (dt.date(2024, 3, 4), "Harbour Ledger", "Mara Lind")
    assert a.dateline == "STRELSAU, March 4"
    assert a.text.startswith("Envoy backs Freedonia in café talks\n\nThe envoy said")


# --------------------------------------------------------------------------- sniffing, folders, stdin


def test_unknown_extension_is_sniffed(tmp_path: Path, rules: RuleSet) -> None:
    (tmp_path / "story").write_bytes(NITF.encode("latin-1"))
    (tmp_path / "feed.dat").write_text('{"title": "T", "text": "Body."}', encoding="utf-8")
    arts, errs = read_paths([str(tmp_path / "story"), str(tmp_path / "feed.dat")], rules=rules)
    assert errs == []
    assert [a.format for a in arts] == ["nitf", "json"]


def test_folder_is_read_recursively_hidden_and_non_articles_skipped(tmp_path: Path, rules: RuleSet) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("Alpha said yes today.\n", encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "b.md").write_text("# B\n\nBeta said no.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
    (tmp_path / ".git" / "c.txt").write_text("in git\n", encoding="utf-8")
    (tmp_path / "expected.yml").write_text("kind: x\n", encoding="utf-8")
    arts, errs = read_paths([str(tmp_path)], rules=rules)
    assert errs == []
    assert sorted(Path(a.path).name for a in arts) == ["a.txt", "b.md"]


def test_stdin(monkeypatch: pytest.MonkeyPatch, rules: RuleSet) -> None:
    raw = b'{"title": "From a pipe", "text": "Piped text."}'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    arts, errs = read_paths(["-"], rules=rules)
    assert errs == []
    assert (arts[0].id, arts[0].path, arts[0].title) == ("stdin", "-", "From a pipe")


def test_crlf_and_bom_text_is_normalised_once(rules: RuleSet) -> None:
    a = one(b"\xef\xbb\xbfTitle line\r\n\r\nBody said \xe2\x80\x9cyes\xe2\x80\x9d.\r\n", "crlf.txt", rules)
    assert a.text == "Title line\n\nBody said “yes”.\n"
    assert a.warnings == []


def test_nitf_outlet_from_meta_source_when_no_pubdata(rules: RuleSet) -> None:
    doc = ('<nitf><head><meta name="source" content="Wire Agency"/></head><body><body.content>'
           "<p>Body.</p></body.content></body></nitf>")
    a = one(doc, "m.xml", rules)
    assert (a.outlet, a.title, a.text) == ("Wire Agency", None, "Body.")
