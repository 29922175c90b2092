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
