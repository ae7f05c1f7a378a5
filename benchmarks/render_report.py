"""Render the HTML report to a PNG with headless Chromium; print its size and the render time.

    python benchmarks/render_report.py [REPORT] [--png OUT] [--width 1280] [--height 4000]

REPORT defaults to output/report.html (``harvest run corpus/ --out output/`` writes
it). Chromium runs with a fresh profile and no network services, so the render
time is the report's own: a self-contained file needs nothing from outside.
Prints the report size, the screenshot path and size, and the best wall time of
``--repeat`` Chromium runs (start-up included, after one warm-up run) next to the
best time on an empty page measured in the same invocation, so the report's own
share is visible.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars"]


def chromium() -> str | None:
    """The Chromium executable, if one is installed."""
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


def render(browser: str, page: Path, png: Path, width: int, height: int, timeout: float = 120) -> float:
    """Screenshot ``page`` into ``png`` with a fresh profile; the wall time in seconds."""
    with tempfile.TemporaryDirectory(prefix="harvest-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                   f"--screenshot={png}", page.resolve().as_uri()]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        elapsed = time.perf_counter() - started
    if done.returncode != 0 or not png.exists():
        raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=Path("output") / "report.html")
    parser.add_argument("--png", type=Path, default=None, help="Screenshot file (default: REPORT with .png).")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3, help="Runs per page; the best time counts.")
    args = parser.parse_args()
    browser = chromium()
    if browser is None:
        print("no chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    if not args.report.is_file():
        print(f"{args.report}: no report (run `harvest run corpus/ --out output/` first)", file=sys.stderr)
        return 2
    png = args.png or args.report.with_suffix(".png")
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.html"
        blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
        render(browser, blank, Path(tmp) / "warm-up.png", args.width, args.height)
        baseline = min(render(browser, blank, Path(tmp) / "blank.png", args.width, args.height)
                       for _ in range(args.repeat))
    elapsed = min(render(browser, args.report, png, args.width, args.height) for _ in range(args.repeat))
    print(f"report      {args.report}  {args.report.stat().st_size / 1024:.1f} KiB")
    print(f"screenshot  {png}  {png.stat().st_size / 1024:.1f} KiB  ({args.width}x{args.height})")
    print(f"render      {elapsed:.2f} s best of {args.repeat}  (empty page {baseline:.2f} s: the report adds "
          f"{elapsed - baseline:+.2f} s, ratio {elapsed / baseline:.2f})  {browser}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
