"""Quotes retold as reported speech, and quotes a capped copy cuts off mid-word (issue 15,
"links that survive retelling").

The texts are ours, shaped like the wire-copy cases: one outlet quotes a witness ("I saw a few
men lying on the ground …," said Waheed), the updated story retells it without quote marks
("Waheed … said he saw several men lying dead on the ground"); a capped excerpt ends inside a
word ("They were clearly sparing wom") where another outlet quotes the fragment whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quotecheck import reported
from quotecheck.models import Article
from quotecheck.pipeline import Options, build_report, extract_article
from quotecheck.rules import RuleError, default_rules, load_rules

RULES = default_rules()

QUOTED = ('PORT ELMA (AP) — Rescuers searched the harbour on Sunday.\n\n'
          '"I saw a few boats sinking near the pier looking like they were lost," said Lena Varga, '
          'a ferry pilot who was on duty that night.\n\n'
          'The harbour office said it would publish a list of the missing boats.\n')
RETOLD = ('PORT ELMA — The search of the harbour went on for a second day.\n\n'
          'Varga, who gave only her surname, said she saw several boats sinking near the pier, '
          'while others on the quay said the storm had come without warning.\n\n'
          'The harbour office said it would publish a list of the missing boats.\n')


def _report(*texts: str, rules=RULES):
    arts = [Article(id=f"a{i}", path=f"a{i}.txt", text=t) for i, t in enumerate(texts)]
    return build_report(arts, [extract_article(a, rules) for a in arts], [], rules, Options(one_story=True))


def _reported_findings(r) -> list:
    return [f for f in r.findings if f.details.get("reported")]


def test_a_quote_retold_as_reported_speech_is_linked_with_its_evidence() -> None:
    r = _report(QUOTED, RETOLD)
    (rs,) = r.reported
    art = {a.id: a for a in r.articles}["a1"]
    assert rs.article_id == "a1" and rs.speaker == "Lena Varga"
    assert rs.span.text == "she saw several boats sinking near the pier"
    assert art.text[rs.span.start:rs.span.end] == rs.span.text  # offsets into the text as read
    assert art.text[rs.speaker_span.start:rs.speaker_span.end] == "Varga"
    assert art.text[rs.cue_span.start:rs.cue_span.end] == "said"
    (qid,) = rs.quote_ids
    assert qid.startswith("a0:")
    (f,) = _reported_findings(r)
    assert f.kind == "quote_altered" and f.severity.value == "info"
    assert {s.article_id for s in f.evidence} == {"a0", "a1"}
    assert "several" in f.message and "few" in f.message and "looking like they were lost" in f.message
    assert "“I” → “she”" not in f.message  # the pronoun a report shifts is no change


def test_the_speakers_other_remark_is_not_linked() -> None:
    other = RETOLD.replace("she saw several boats sinking near the pier",
                           "the harbour office had closed its gates early that evening")
    assert _report(QUOTED, other).reported == []


def test_a_clause_sharing_only_a_place_phrase_is_not_one_statement() -> None:
    """"work would go on | near the pier at the north end" against "boats were sinking |
    near the pier at the north end": one shared phrase, two statements."""
    q = QUOTED.replace("I saw a few boats sinking near the pier looking like they were lost",
                       "The boats were sinking fast near the old pier at the north end")
    t = RETOLD.replace("she saw several boats sinking near the pier",
                       "the salvage work would go on near the old pier at the north end")
    assert _report(q, t).reported == []


def test_a_prepositional_phrase_after_the_cue_is_no_clause() -> None:
    q = QUOTED.replace("I saw a few boats sinking near the pier looking like they were lost",
                       "Harbour Radio Morning Show with the pilots of the night")
    t = RETOLD.replace("Varga, who gave only her surname, said she saw several boats sinking near the pier",
                       "Varga said on Harbour Radio Morning Show with the pilots of the night")
    assert _report(q, t).reported == []


def test_an_addressee_before_that_is_skipped() -> None:
    t = RETOLD.replace("Varga, who gave only her surname, said she saw",
                       "Varga told reporters in Port Elma that she saw")
    (rs,) = _report(QUOTED, t).reported
    assert rs.span.text == "she saw several boats sinking near the pier"
    assert rs.cue_span.text == "told"


def test_an_article_that_quotes_the_words_itself_reports_nothing() -> None:
    both = RETOLD + '\n"I saw a few boats sinking near the pier looking like they were lost," Varga said.\n'
    assert [x.article_id for x in _report(QUOTED, both).reported] == []


def test_a_surname_two_speakers_share_names_neither() -> None:
    two = QUOTED + '\n"We will keep the quay closed until Tuesday," said Piet Varga, the harbour master.\n'
    assert _report(two, RETOLD).reported == []


def test_a_changed_number_in_the_report_is_a_warning() -> None:
    q = QUOTED.replace("I saw a few boats", "I saw three boats")
    t = RETOLD.replace("she saw several boats", "she saw five boats")
    (f,) = _reported_findings(_report(q, t))
    assert f.severity.value == "warning" and "number" in f.message


def test_no_cue_list_means_no_reported_speech(tmp_path: Path) -> None:
    (tmp_path / "r.yml").write_text("kind: reported_speech\nid: en-reported-speech\ncues: []\ntelling: []\n")
    rules = load_rules([tmp_path])
    assert reported.compiled(rules) is None
    assert _report(QUOTED, RETOLD, rules=rules).reported == []


def test_a_bad_reported_speech_rule_names_its_file_and_rule(tmp_path: Path) -> None:
    (tmp_path / "r.yml").write_text("kind: reported_speech\nid: mine\nnot_first: [on]\n")
    with pytest.raises(RuleError, match=r"r\.yml.*mine.*not_first"):
        load_rules([tmp_path])


CUT_A = ('PORT ELMA (AFP) — A second witness spoke to AFP.\n\n'
         '"The gunmen came out of the trees and started firing," said the witness, who looks after '
         'the horses.\n"They were clearly sparing wom')
CUT_B = ('PORT ELMA — A witness who asked not to be named said the gunmen were "clearly sparing '
         'women" as they fired on the crowd.\n')


def test_a_quote_cut_off_mid_word_links_to_the_whole_fragment_without_a_finding() -> None:
    r = _report(CUT_A, CUT_B)
    (cl,) = [c for c in r.clusters if any("sparing" in m.text for m in c.members)]
    assert {m.article_id for m in cl.members} == {"a0", "a1"}
    assert {m.relation for m in cl.members} == {"canonical", "excerpt"}
    assert not [f for f in r.findings if f.kind == "quote_altered"
                and any("sparing" in s.text for s in f.evidence)]


def test_a_closed_quote_ending_in_a_short_word_is_not_cut() -> None:
    """Only a quote that runs, unclosed, to the end of a text stopping inside a word is cut:
    "wom" closed by a mark is a word as written, and differs from "women"."""
    closed = CUT_A + '," he said.\n'
    r = _report(closed, CUT_B)
    assert not [c for c in r.clusters if any("sparing" in m.text for m in c.members)]


def test_a_negation_in_the_part_not_retold_is_no_change() -> None:
    """"We have never seen … , and we will open the market hall …" retold as "the plan was to open
    the market hall …": the report retells the second half; the first half's "never" was not
    dropped from it, so no "negation changed" warning (the words outside the retold stretch are
    not compared)."""
    q = QUOTED.replace("I saw a few boats sinking near the pier looking like they were lost",
                       "We have never seen the harbour this full, and we will open the market hall "
                       "as a shelter for the crews tonight")
    t = RETOLD.replace("she saw several boats sinking near the pier",
                       "the plan was to open the market hall as a shelter for the crews tonight")
    (f,) = _reported_findings(_report(q, t))
    assert f.severity.value == "info" and "negation" not in f.message
