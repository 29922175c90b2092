"""Height of the HTML report in Chromium, per real set (issue 18: "read in two minutes").

For each set of ``../shared/wirecopy/`` this runs ``quotecheck check --format html`` (the installed
one, ``--jobs 1``), opens the page in Debian's chromium through Playwright and prints: file size,
number of finding cards, page height at 1400 px and at 400 px, whether the page scrolls sideways
at 400 px, and the height of the overview (``#overview``, when the page has one).

    python bench/report_height.py                 # the articles of each set (SET/*.json, *.txt)
    python bench/report_height.py --folder        # the folder itself (what NOTES.md does to it)
    python bench/report_height.py --shots docs/   # also screenshots of the first screen

Run it on the old commit first to get the "before" numbers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIRE = ROOT.parent / "shared" / "wirecopy"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]


def _exe() -> str:
    here = Path(sys.executable).parent / "quotecheck"
    return str(here) if here.exists() else (shutil.which("quotecheck") or "quotecheck")


def _inputs(d: Path, folder: bool) -> list[str]:
    if folder:
        return [str(d)]
    return sorted(str(f) for f in d.iterdir() if f.suffix in (".json", ".txt"))


def measure(page, path: Path, width: int) -> dict:  # noqa: ANN001 - playwright page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page.evaluate("""() => {
      const d = document.documentElement, o = document.getElementById('overview');
      return {height: d.scrollHeight, hscroll: d.scrollWidth > d.clientWidth,
              cards: document.querySelectorAll('article.finding').length,
              overview: o ? Math.round(o.getBoundingClientRect().bottom + window.scrollY) : null};
    }""")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", action="store_true", help="pass the folder (NOTES.md included) instead of files")
    ap.add_argument("--shots", metavar="DIR", help="write overview screenshots (1400 and 400 px) here")
    ap.add_argument("--chromium", default=os.environ.get("QUOTECHECK_CHROMIUM", "/usr/bin/chromium"))
    opts = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="qc-height-"))
    print("| set | KB | cards | height 1400 px | height 400 px | sideways at 400 | overview bottom 1400 px |")
    print("|---|---:|---:|---:|---:|---|---:|")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=opts.chromium, args=ARGS)
        page = b.new_page()
        for d in sorted(x for x in WIRE.iterdir() if x.is_dir()):
            out = tmp / f"{d.name}.html"
            subprocess.run([_exe(), "check", *_inputs(d, opts.folder), "--format", "html", "--output", str(out),
                            "--fail-on", "never", "--jobs", "1"], check=False, capture_output=True)
            wide, narrow = measure(page, out, 1400), measure(page, out, 400)
            if opts.shots:
                for w in (1400, 400):
                    page.set_viewport_size({"width": w, "height": 900})
                    page.goto(out.as_uri())
                    page.screenshot(path=str(Path(opts.shots) / f"report-{d.name}-{w}.png"))
            print(f"| {d.name} | {out.stat().st_size / 1024:.0f} | {wide['cards']} | {wide['height']:,} | "
                  f"{narrow['height']:,} | {'yes' if narrow['hscroll'] else 'no'} | {wide['overview'] or '—'} |")
        b.close()


if __name__ == "__main__":
    main()
