"""The HTML report in a real headless browser (Debian's chromium driven by Playwright).

Skipped, with the reason, where Playwright or a chromium binary is missing;
.ci/run installs both. Playwright only drives the browser here: it never
downloads one (``executable_path`` points at the system chromium).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_samples import sample_report

from quotecheck.report import html, view

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-dev-shm-usage"]


def _chromium() -> str | None:
    env = os.environ.get("QUOTECHECK_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    exe = _chromium()
    if exe is None:
        pytest.skip("no chromium binary found (apt-get install chromium, or set QUOTECHECK_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, timeout=60_000)
        except Exception as exc:  # a broken browser install is an environment problem, not ours
            pytest.skip(f"chromium at {exe} does not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path: Path):  # noqa: ANN001, ANN201 - playwright types are optional
    report = sample_report()
    out = tmp_path / "report.html"
    out.write_text(html.render(report), encoding="utf-8")
    pg = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
          else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("request", lambda req: problems.append(f"request: {req.url}") if not req.url.startswith("file:")
          else None)
    pg.goto(out.as_uri())
    pg.wait_for_load_state("load")
    yield pg, report, problems
    pg.close()


def test_page_loads_clean_and_shows_every_finding(page) -> None:  # noqa: ANN001
    pg, report, problems = page
    assert problems == []
    assert pg.title() == "quotecheck report"
    findings = pg.locator("article.finding")
    assert findings.count() == len(report.findings)
    assert all(findings.nth(i).is_visible() for i in range(findings.count()))
    for i, f in enumerate(report.findings):
        assert f.message.splitlines()[0] in findings.nth(i).inner_text()


def test_article_script_does_not_run(page) -> None:  # noqa: ANN001
    pg, _, problems = page
    assert pg.evaluate("window.__pwned") is None
    assert pg.evaluate("document.scripts.length") == 1
    assert pg.evaluate("document.querySelectorAll('img').length") == 0
    pg.click("#src-1 details.text > summary")  # texts are folded until opened
    assert "<script>window.__pwned = 1;" in pg.locator("#src-1 pre.text").inner_text()
    assert problems == []


def test_evidence_marks_and_links_work(page) -> None:  # noqa: ANN001
    pg, report, problems = page
    for i, f in enumerate(report.findings, start=1):
        for j, s in enumerate(f.evidence):
            got = pg.evaluate(
                "(a) => Array.from(document.querySelectorAll('mark')).filter("
                "m => (m.dataset.ev || '').split(' ').includes(a)).map(m => m.textContent).join('')",
                f"ev-{i}-{j}")
            assert got == view.control_pictures(s.text)
    pg.click("#finding-2 ul.evidence a >> nth=1")  # the Herald's figure
    assert pg.evaluate("location.hash") == "#ev-2-1"
    assert pg.locator("#ev-2-1").is_visible()
    # a click on a mark leads back to its finding
    pg.click("#ev-2-1")
    assert pg.locator("#finding-2.flash").count() == 1
    assert problems == []


def test_severity_filter_hides_and_shows(page) -> None:  # noqa: ANN001
    pg, report, _ = page
    n_info = sum(1 for f in report.findings if f.severity.value == "info")
    pg.uncheck("input[data-sev=info]")
    assert pg.locator("article.finding:visible").count() == len(report.findings) - n_info
    pg.check("input[data-sev=info]")
    assert pg.locator("article.finding:visible").count() == len(report.findings)


def test_screenshot_renders(page, tmp_path: Path) -> None:  # noqa: ANN001
    pg, _, _ = page
    shot = tmp_path / "report.png"
    pg.screenshot(path=str(shot), full_page=False)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000  # a real picture, not a blank page


def test_claim_timelines_draw_one_mark_per_source(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """Each claim with more than one value is an inline SVG timeline: one mark per source's
    value, the odd source's mark highlighted; the page stays clean under its CSP."""
    from quotecheck.claims import build_claims
    from quotecheck.models import Article, Figure, Story
    from quotecheck.rules import default_rules

    texts = {"a": "The ferry had 12 crew on board.", "b": "The ferry had 12 crew on board.",
             "c": "The ferry had 10 crew on board."}
    arts = [Article(id=k, path=f"{k}.txt", text=t, published=dt.date(2025, 6, 12)) for k, t in texts.items()]
    figs = [Figure(id=f"{k}:f1", article_id=k, start=14, end=16, text=t[14:16], low=float(t[14:16]),
                   high=float(t[14:16]), subject="crew") for k, t in texts.items()]
    report = sample_report()
    report = report.model_copy(update={"articles": report.articles + arts, "figures": report.figures + figs,
                                       "stories": report.stories + [Story(id="S2", article_ids=list(texts))],
                                       "claims": []})
    report.claims, report.claims_left_out = build_claims(report, default_rules(), {a.id: a.published
                                                                                   for a in report.articles})
    crew = next(c for c in report.claims if c.subject == "crew")
    assert crew.verdict == "outlier" and crew.odd_articles == ["c"]
    out = tmp_path / "claims.html"
    out.write_text(html.render(report), encoding="utf-8")
    pg = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.goto(out.as_uri())
    box = pg.locator(f'[id="claim-{crew.id}"]')
    assert box.locator("svg.timeline").count() == 1
    assert box.locator("svg.timeline circle").count() == len(crew.values) == 3
    assert box.locator("svg.timeline circle.odd").count() == 1
    assert box.locator("svg.timeline").bounding_box()["width"] > 200  # drawn, not collapsed
    assert problems == []
    pg.close()


# --------------------------------------------------------------------------- issue 18: a generated report


@pytest.fixture(scope="module")
def summit_page(browser, tmp_path_factory):  # noqa: ANN001, ANN201
    """The real pipeline's HTML report on our own summit fixture (every kind of finding, disputed
    claims, quote clusters), opened at 1400 px; console errors and requests are collected."""
    from quotecheck import cli
    from quotecheck.models import Report

    root = Path(__file__).resolve().parents[1]
    tmp = tmp_path_factory.mktemp("summit")
    out, js = tmp / "summit.html", tmp / "summit.json"
    for fmt, path in (("html", out), ("json", js)):
        cli.main(["check", str(root / "fixtures" / "summit"), "--format", fmt, "--output", str(path),
                  "--fail-on", "never", "--jobs", "1"])
    report = Report.model_validate_json(js.read_text(encoding="utf-8"))
    pg = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
          else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("request", lambda req: problems.append(f"request: {req.url}") if not req.url.startswith("file:")
          else None)
    pg.goto(out.as_uri())
    pg.wait_for_load_state("load")
    yield pg, report, problems, out
    pg.close()


def _reset(pg) -> None:  # noqa: ANN001
    pg.goto(pg.url.split("#")[0])
    pg.wait_for_load_state("load")


SECTIONS = ("#overview", "#findings", "#claims", "#clusters", "#sources")


def _visible(pg, selector: str) -> list[dict]:  # noqa: ANN001
    """Every filterable item under ``selector`` that is shown, with its facets."""
    return pg.evaluate("""(sel) => Array.from(document.querySelectorAll(sel + ' [data-filt]'))
        .filter(e => !e.hidden && e.offsetParent !== null)
        .map(e => ({sev: e.dataset.sev, kind: e.dataset.kind, src: e.dataset.src, subj: e.dataset.subj,
                    text: e.textContent}))""", selector)


def test_overview_lists_every_claim_and_cluster_in_the_first_screen(summit_page) -> None:  # noqa: ANN001
    pg, report, problems, _ = summit_page
    _reset(pg)
    rows = pg.locator("#overview ol.rows > li")
    labels = view.reader_labels(report.articles)
    expected = view.overview_rows(report, labels)
    assert rows.count() == len(expected) and len(expected) >= 4
    hrefs = [rows.nth(i).locator("a").get_attribute("href") for i in range(rows.count())]
    assert hrefs == [f"#finding-{r.findings[0] + 1}" for r in expected]
    by_fp = {f.fingerprint: i for i, f in enumerate(report.findings, start=1)}
    for c in report.claims:  # every disputed claim has its row, linking to its card
        if c.finding_id:
            assert f"#finding-{by_fp[c.finding_id]}" in hrefs
    clusters = {f.details["cluster_id"] for f in report.findings if f.details.get("cluster_id")}
    cluster_rows = [r for r in expected if "quote_altered" in r.kinds or "speaker_conflict" in r.kinds]
    assert len(cluster_rows) == len(clusters)
    assert pg.locator("#overview").bounding_box()["y"] + pg.locator("#overview").bounding_box()["height"] <= 900
    assert pg.locator("#overview ol.reads li").count() == len(report.articles)
    pg.click("#overview ol.rows > li >> nth=0 >> a")
    first = pg.locator(hrefs[0])
    assert first.is_visible() and first.locator("details.data").count() == 1
    assert problems == []


def test_severity_filter_hides_in_every_section(summit_page) -> None:  # noqa: ANN001
    pg, _, problems, _ = summit_page
    _reset(pg)
    for s in ("warning", "info", "none"):
        pg.uncheck(f"input[data-sev={s}]")
    seen = 0
    for sec in SECTIONS:
        items = _visible(pg, sec)
        assert all("error" in it["sev"].split() for it in items if sec != "#overview" or it["kind"]), (sec, items)
        seen += len(items)
    assert seen and pg.locator("article.finding:visible").count() == 3  # the summit fixture's errors
    assert pg.locator("#shown").inner_text() == "showing 3 of 7 findings"
    # marks of hidden findings are no longer highlighted
    offs = pg.evaluate("""() => Array.from(document.querySelectorAll('mark[data-f]')).filter(m =>
        m.getAttribute('data-f').split(' ').every(id => document.getElementById(id).hidden)).length""")
    assert offs > 0 and pg.locator("mark.off").count() == offs
    assert problems == []


def test_kind_source_and_subject_filters_hide_in_every_section(summit_page) -> None:  # noqa: ANN001
    pg, report, problems, _ = summit_page
    for key, value in (("kind", "figure_conflict"), ("src", "s1"), ("subj", "meeting")):
        _reset(pg)
        before = sum(len(_visible(pg, sec)) for sec in SECTIONS)
        pg.select_option(f"select[data-filter={key}]", value)
        after = 0
        for sec in SECTIONS:
            items = [it for it in _visible(pg, sec) if it[key] is not None]
            assert all(value in it[key].split() for it in items), (key, sec, items)
            after += len(items)
        assert 0 < after < before, key
        if key == "src":  # only that source's text is left, and every card shown involves it
            assert pg.locator("#sources article.source:visible").count() == 1
            assert pg.locator("#sources article.source:visible").get_attribute("id") == "src-1"
    assert problems == []


def test_search_finds_an_outlet(summit_page) -> None:  # noqa: ANN001
    pg, report, problems, _ = summit_page
    _reset(pg)
    outlet = report.articles[2].outlet
    pg.fill("#q", outlet)
    rows = pg.locator("#overview ol.rows > li:visible")
    assert rows.count() >= 1 and all(outlet in rows.nth(i).inner_text() for i in range(rows.count()))
    assert pg.locator("#overview ol.reads li:visible").count() == 1
    assert pg.locator("#sources article.source:visible").count() >= 1
    assert outlet in pg.locator("#sources article.source:visible >> nth=0").inner_text()
    assert pg.locator("article.finding:visible").count() < len(report.findings)
    pg.fill("#q", "")
    assert pg.locator("article.finding:visible").count() == len(report.findings)
    assert problems == []


def test_a_highlight_is_reachable_by_keyboard_and_lists_all_its_findings(summit_page) -> None:  # noqa: ANN001
    pg, _, problems, _ = summit_page
    _reset(pg)
    assert pg.evaluate("Array.from(document.querySelectorAll('mark[data-f]')).every(m => m.tabIndex === 0)")
    # Tab from the search box reaches a source's text (folded: Enter opens it), then a mark in it
    pg.focus("#q")
    for _ in range(400):
        pg.keyboard.press("Tab")
        if pg.evaluate("document.activeElement.matches('#sources details.text > summary')"):
            break
    assert pg.evaluate("document.activeElement.matches('#sources details.text > summary')")
    pg.keyboard.press("Enter")
    for _ in range(50):
        pg.keyboard.press("Tab")
        if pg.evaluate("document.activeElement.tagName") == "MARK":
            break
    assert pg.evaluate("document.activeElement.tagName") == "MARK"
    pg.keyboard.press("Enter")  # a mark opens its finding, or the list of its findings
    assert pg.evaluate("location.hash.startsWith('#finding-')") or pg.locator("#pop").is_visible()
    # a mark shared by several findings opens a list of all of them
    shared = pg.evaluate("""() => { const m = Array.from(document.querySelectorAll('mark[data-f]'))
        .find(m => m.getAttribute('data-f').split(' ').length > 1); m.focus(); return m.getAttribute('data-f'); }""")
    pg.keyboard.press("Enter")
    pop = pg.locator("#pop")
    assert pop.is_visible()
    links = [pop.locator("a").nth(i).get_attribute("href") for i in range(pop.locator("a").count())]
    assert links == ["#" + x for x in shared.split()]
    assert pg.evaluate("document.activeElement.closest('#pop') !== null")  # focus moved into the list
    pg.keyboard.press("Enter")  # opens the first finding
    assert pg.evaluate("location.hash") == links[0] and pg.locator(links[0]).is_visible()
    pg.keyboard.press("Escape")
    assert problems == []


def test_no_horizontal_scroll_at_400_px(browser, summit_page) -> None:  # noqa: ANN001
    _, report, _, out = summit_page
    pg = browser.new_page(viewport={"width": 400, "height": 800})
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.goto(out.as_uri())
    pg.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # the raw data too
    assert pg.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # nothing sticks out of the page, unless a box of ours clips it on purpose (an ellipsis)
    wide = pg.evaluate("""() => {
        const clipped = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== 'visible') { return true; } } return false; };
        return Array.from(document.querySelectorAll('body *')).filter(e =>
            e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !clipped(e))
            .map(e => e.tagName + '.' + e.className); }""")
    assert wide == []
    assert pg.locator("article.finding").count() == len(report.findings)
    assert problems == []
    pg.close()


def _ten_disputes():  # noqa: ANN202
    """13 sources (long outlet names and titles) and 10 disputed claims, each with five versions."""
    from quotecheck.models import Article, Claim, ClaimValue, Finding, Report, Severity, Span

    subjects = ["deaths", "injured", "missing", "evacuated", "homes destroyed", "arrests", "rescued",
                "in shelters", "without power", "acres burned"]
    arts = []
    for k in range(13):
        text = f"Headline number {k} about the storm that hit the coast overnight\n\n" + " ".join(
            f"Officials said {100 + k * 10 + n} {s} were counted by Monday evening." for n, s in enumerate(subjects))
        arts.append(Article(id=f"{k:03d}_{'ab12' * 4}", path=f"set/{k:03d}.txt", text=text,
                            outlet=f"The Regional Evening Chronicle Number {k} (text cites a wire agency)",
                            published=dt.date(2025, 3, 1 + k % 3)))
    claims, findings = [], []
    for n, s in enumerate(subjects):
        vals = []
        for a in arts[:5]:
            needle = next(w for w in a.text.split(". ") if f" {s} " in w).split("said ", 1)[1]
            start = a.text.index(needle)
            num = float(needle.split()[0])
            vals.append(ClaimValue(article_id=a.id, mention_id=f"{a.id}:f{n}", shown=f"{num:,.0f}", low=num, high=num,
                                   span=Span(article_id=a.id, start=start, end=start + len(needle), text=needle),
                                   published=a.published, odd=a is arts[0]))
        c = Claim(id=f"s1:figure:{s}", story_id="s1", kind="figure", subject=s, verdict="outlier",
                  severity=Severity.warning, reason=f"{arts[0].id} gives a figure the others do not confirm",
                  consensus="110", odd_articles=[arts[0].id], values=vals, finding_id=f"fp{n}")
        claims.append(c)
        findings.append(Finding(id=f"F{n + 1}", kind="figure_conflict", severity=Severity.warning, fingerprint=f"fp{n}",
                                message=f"{s}: {arts[0].id} against 110", evidence=[v.span for v in vals],
                                story_id="s1", details={"claim_id": c.id}))
    return Report(articles=arts, claims=claims, findings=findings)


def test_overview_of_ten_disputed_claims_fits_the_first_screen(browser, tmp_path: Path) -> None:  # noqa: ANN001
    report = _ten_disputes()
    out = tmp_path / "ten.html"
    out.write_text(html.render(report), encoding="utf-8")
    pg = browser.new_page(viewport={"width": 1400, "height": 900})
    pg.goto(out.as_uri())
    assert pg.locator("#overview ol.rows > li").count() == 10
    box = pg.locator("#overview").bounding_box()
    assert box["y"] + box["height"] <= 900, box
    assert all(pg.locator("#overview ol.rows > li").nth(i).is_visible() for i in range(10))
    assert "ab12ab12" not in pg.locator("#overview").inner_text()  # outlets, not ids
    pg.close()
