"""Benchmark: how fast every page of the explorer answers in a real browser, against the
catalogue (the lightest page) measured in the same run.

Run: ``python tests/benchmarks/bench_page_speed.py [--pages kaplan2020,hoffmann2022]
[--moves 3] [--json]``. Writes ``test-artifacts/page_speed.json`` and prints a table.

What is measured (wall time in this process, Chromium headless driven by Playwright,
``streamlit run app.py`` started exactly as the browser tests start it):

(a) cold start: ``Popen`` to ``/_stcore/health`` answering ok, then the first render of the
    catalogue on that fresh server (includes the router's first imports).
(b) first render of each page: ``page.goto`` to "script run finished, no skeleton, every
    visible chart has its canvas": *cold* is the page's first visit on the server (new
    browser context; modules the router or earlier pages imported are already loaded, as
    for a user arriving on a running server), *warm* its second visit in a new session
    (st.cache_data / st.cache_resource filled by the first). ``run`` is the part of it
    between the script run starting and ending, from the app's own
    ``data-test-script-state`` (time stamped in the page): the rest is loading the
    frontend, the websocket and drawing.
(c) slider move to updated chart: the page's main slider as the browser test chooses it
    (``tests/browser/browser_sliders.py``: first visible slider of the main area, else the
    sidebar; the next one when it changes nothing), moved one step as the test does. One
    untimed step finds which parts of the view change (text, which chart's pixels); then
    ``--moves`` timed steps in the same direction (each a value not seen before, so no
    cache hit) each wait until the run has finished and those same parts changed. The median is reported, and the
    key-to-run-start delay (frontend and websocket) separately.
(d) live curve (pages with a formula card): a slider of the chart's own (a Vega signal,
    ``ui.page.live_law``) set to ``--moves`` new values, each timed until the drawn marks
    changed: no script run, the browser alone redraws.

The floor, at the start and at the end of the run: :data:`FLOOR_APP` (one slider, one
chart, no project code) on its own server, measured the same way.

Baselines in the same run: the catalogue's cold and warm first render, and as the
lightest rerun its search box (type a query, Enter, until the cards changed); both are
measured again just before each page's warm visit, so that each ratio (page / catalogue
warm render; for moves, / the search rerun) compares two figures taken under the same
load, which on a shared machine moves by several times within minutes. Goals from the issue: no
page over 1 s to first chart, slider to chart under 200 ms on this machine. The machine's
``uptime`` load is recorded before and after: other people's jobs share the 2 cores.
"""
from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "browser"))

import laws  # noqa: E402
from laws.core.law import TOPICS  # noqa: E402
from ui.page import TOOLS  # noqa: E402

from browser_sliders import VIEW_FINGERPRINT, slider_candidates, step  # noqa: E402
from conftest import (CHROMIUM, CHROMIUM_ARGS, start_server,  # noqa: E402
                      stop_server)

OUT = REPO / "test-artifacts" / "page_speed.json"

#: The floor: the smallest Streamlit app with one slider and one log-log Altair chart,
#: served by its own server and measured the same way as the pages. Nothing a page does
#: can be faster than this in the same browser, machine and load.
FLOOR_APP = """
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
alpha = st.slider("alpha", 0.05, 1.0, 0.3, 0.01)
n = np.logspace(6, 10, 200)
frame = pd.DataFrame({"N": n, "L": (8.8e13 / n) ** alpha})
st.altair_chart(alt.Chart(frame).mark_line().encode(
    alt.X("N", scale=alt.Scale(type="log")), alt.Y("L", scale=alt.Scale(type="log"))),
    width="stretch")
st.write(f"L(1e9) = {(8.8e13 / 1e9) ** alpha:.4f}")
"""
GOAL_RENDER_S, GOAL_MOVE_S = 1.0, 0.2
TIMEOUT_MS = 120_000

#: Every state of stApp's data-test-script-state with its performance.now() time.
STATE_CLOCK = """
window.__stTimes = [];
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  const s = app.getAttribute('data-test-script-state');
  const t = window.__stTimes;
  if (s !== null && (!t.length || s !== t[t.length - 1][0])) t.push([s, performance.now()]);
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['data-test-script-state']});
"""

#: Run finished after the mark (a 'running' seen unless needRun is false), no skeleton,
#: every visible chart drawn.
READY = """([mark, needRun]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const since = (window.__stTimes || []).slice(mark).map(x => x[0]);
  if (needRun && !since.includes('running')) return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]'))
    return false;
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    if (!c.getClientRects().length) continue;
    if (!c.querySelector('canvas, svg')) return false;
  }
  return true;
}"""

#: The fingerprint as parts: [text, chart 1, chart 2, ...].
PARTS = "() => (" + VIEW_FINGERPRINT + ")().split('\\u0001')"

#: Run finished after the mark and every part in ``watch`` differs from ``before``.
MOVED = """([mark, before, watch]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const now = (""" + PARTS + """)();
  if (!watch.length) return now.join('|') !== before.join('|');
  return watch.every(i => now[i] !== before[i]);
}"""


def pages() -> list[tuple[str, str]]:
    """(name, URL path) of every page, in navigation order, as the browser test lists."""
    return ([("home", "/")]
            + [(u, f"/{u}") for f, _, u in TOOLS if (REPO / "pages" / f).exists()]
            + [(p.key, f"/{p.key}") for topic in TOPICS for p in laws.papers()
               if p.topic == topic and (REPO / "pages" / f"{p.key}.py").exists()])


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def mark(page) -> int:
    return page.evaluate("(window.__stTimes || []).length")


def run_span(page, start: int) -> float | None:
    """Seconds from the first 'running' after ``start`` to the last 'notRunning'."""
    times = page.evaluate("(window.__stTimes || [])")[start:]
    runs = [t for s, t in times if s == "running"]
    ends = [t for s, t in times if s == "notRunning"]
    return (ends[-1] - runs[0]) / 1000 if runs and ends and ends[-1] > runs[0] else None


def render(browser, url: str, viewport: dict) -> tuple[float, float | None, object]:
    """Open ``url`` in a new context; (seconds to ready, script-run seconds, context)."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(STATE_CLOCK)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    t0 = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    page.wait_for_function(READY, arg=[0, True], timeout=TIMEOUT_MS, polling="raf")
    seconds = time.perf_counter() - t0
    if page.get_by_test_id("stException").count() or errors:
        print(f"  ! {url}: exception on the page {errors}", file=sys.stderr)
    return seconds, run_span(page, 0), context


def timed_press(page, thumb, key, before: list, watch: list) -> tuple[float, float]:
    """(seconds from key press to the watched parts changed, seconds to run start);
    ``key`` is a key name or a function pressing keys."""
    m = mark(page)
    t_key = page.evaluate("performance.now()")
    t0 = time.perf_counter()
    key() if callable(key) else thumb.press(key)
    page.wait_for_function(MOVED, arg=[m, before, watch], timeout=30_000, polling="raf")
    seconds = time.perf_counter() - t0
    runs = [t for s, t in page.evaluate("window.__stTimes")[m:] if s == "running"]
    return seconds, ((runs[0] - t_key) / 1000 if runs else float("nan"))


def slider_moves(page, moves: int) -> dict:
    """Find the slider that changes the view, then time ``moves`` PageDown presses."""
    for thumb in slider_candidates(page):
        before = page.evaluate(PARTS)
        m = mark(page)
        key = step(thumb)
        try:
            page.wait_for_function(MOVED, arg=[m, before, []], timeout=15_000,
                                   polling="raf")
        except Exception:  # noqa: BLE001 - this slider changed nothing: try the next
            continue
        page.wait_for_function(READY, arg=[m, False], timeout=TIMEOUT_MS)
        page.wait_for_timeout(300)  # let any late chart redraw settle before comparing
        after = page.evaluate(PARTS)
        watch = ([i for i, (a, b) in enumerate(zip(before, after)) if a != b]
                 if len(before) == len(after) else [])
        label = thumb.locator("xpath=ancestor::*[@data-testid='stSlider'][1]").get_by_test_id(
            "stWidgetLabel").inner_text().strip()
        t_fp = time.perf_counter()
        page.evaluate(PARTS)
        fingerprint_s = time.perf_counter() - t_fp
        times, starts = [], []
        back = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"

        def nudge():  # on in the same direction (values not visited yet); back at the end
            value = thumb.get_attribute("aria-valuetext") or thumb.get_attribute("aria-valuenow")
            thumb.press(key)
            if value == (thumb.get_attribute("aria-valuetext")
                         or thumb.get_attribute("aria-valuenow")):
                thumb.press(back)

        for _ in range(moves):
            before = page.evaluate(PARTS)
            try:
                s, start = timed_press(page, thumb, nudge, before, watch)
            except Exception:  # noqa: BLE001 - e.g. a step that rounds to the same picture
                try:
                    s, start = timed_press(page, thumb, nudge, page.evaluate(PARTS), [])
                except Exception:  # noqa: BLE001 - nothing visible changed: not counted
                    continue
            times.append(s)
            starts.append(start)
        if not times:
            return {"slider": label, "move_s": None, "note": "no timed step changed the view"}
        return {"slider": label, "watched": ["text" if i == 0 else f"chart {i}" for i in watch],
                "move_s": statistics.median(times), "moves_s": times,
                "key_to_run_s": statistics.median(starts), "fingerprint_s": fingerprint_s}
    return {"slider": None}


#: The drawn marks of the live curves (Vega-Lite drawn as SVG in expanders).
LIVE_MARKS = """() => Array.from(document.querySelectorAll('[data-testid="stExpander"] svg.marks'))
  .map(s => s.innerHTML).join('|')"""


def live_moves(page, moves: int) -> dict:
    """Slider to chart of the page's first live curve (``ui.page.live_law``): its last
    slider set to ``moves`` new values, each timed until the drawn marks changed."""
    summary = (page.locator("summary").filter(has_text="redrawn in your browser")
               .filter(visible=True))
    if not summary.count():
        return {}
    summary.first.click()  # its own expander (it may sit inside a "Constants" one)
    expander = summary.first.locator("xpath=ancestor::*[@data-testid='stExpander'][1]")
    thumb = expander.locator(".vega-bind input[type=range]").last
    thumb.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)
    low, high = float(thumb.get_attribute("min")), float(thumb.get_attribute("max"))
    times = []
    for k in range(moves):
        before = page.evaluate(LIVE_MARKS)
        t0 = time.perf_counter()
        thumb.fill(f"{low + (high - low) * (k + 1) / (moves + 1):.6g}")
        page.wait_for_function(f"before => ({LIVE_MARKS})() !== before", arg=before,
                               timeout=30_000, polling="raf")
        times.append(time.perf_counter() - t0)
    return {"live_move_s": statistics.median(times), "live_moves_s": times}


def search_rerun(page, moves: int) -> dict:
    """The catalogue's search: the lightest rerun, as the slider baseline."""
    box = page.get_by_role("textbox", name="Search papers, authors, formulas or features")
    times = []
    for i, query in enumerate(["Chinchilla", "", "Kaplan", ""][:max(moves, 2)]):
        before = page.evaluate(PARTS)
        box.fill(query)
        s, _ = timed_press(page, box, "Enter", before, [0])
        times.append(s)
    return {"move_s": statistics.median(times), "moves_s": times}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="", help="comma-separated names (default: all)")
    parser.add_argument("--moves", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the JSON too")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--table", type=Path, help="only print the table of a saved run")
    args = parser.parse_args(argv)
    out = args.out
    if args.table:
        print_table(json.loads(args.table.read_text()), args.table)
        return {}
    if CHROMIUM is None:
        sys.exit("Chromium is not installed (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    wanted = [p for p in pages() if not args.pages or p[0] in args.pages.split(",")
              or p[0] == "home"]
    viewport = {"width": 1400, "height": 1000}
    result = {"load_before": load(), "python": sys.version.split()[0],
              "goals": {"render_s": GOAL_RENDER_S, "move_s": GOAL_MOVE_S}, "pages": {}}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # still stop the server
    result["floor_before"] = measure_floor(viewport, args.moves)
    log = Path(tempfile.mkdtemp()) / "server.log"
    t0 = time.perf_counter()
    server = start_server(log)
    result["server_healthy_s"] = time.perf_counter() - t0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in wanted:
                for visit in ("cold", "warm"):
                    entry = result["pages"].setdefault(name, {})
                    if visit == "warm" and name != "home":
                        # the catalogue again, just before: a baseline under the same load
                        cat_s, _, cat = render(browser, server.url + "/", viewport)
                        entry["catalogue_warm_s"] = cat_s
                        entry["catalogue_move_s"] = search_rerun(cat.pages[0], 2)["move_s"]
                        cat.close()
                    s, run, context = render(browser, server.url + path, viewport)
                    entry[f"{visit}_s"], entry[f"{visit}_run_s"] = s, run
                    if visit == "warm":
                        page = context.pages[0]
                        entry.update(search_rerun(page, args.moves) if name == "home"
                                     else slider_moves(page, args.moves))
                        if name != "home":
                            entry.update(live_moves(page, args.moves))
                    context.close()
                    print(f"  {visit:4} {name:22} {s:6.2f} s"
                          + (f"  move {entry['move_s'] * 1000:6.0f} ms"
                             if visit == "warm" and entry.get("move_s") else ""),
                          file=sys.stderr)
                out.parent.mkdir(exist_ok=True)
                out.write_text(json.dumps(result, indent=1))  # partial, kept if stopped
            browser.close()
    finally:
        stop_server(server)
    result["floor_after"] = measure_floor(viewport, args.moves)
    result["load_after"] = load()
    result["server_log_tracebacks"] = log.read_text(errors="replace").count("Traceback")
    add_ratios(result)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print_table(result, out)
    if args.json:
        print(json.dumps(result, indent=1))
    return result


def measure_floor(viewport: dict, moves: int) -> dict:
    """Cold and warm first render and slider moves of :data:`FLOOR_APP` on its own server."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    (folder / "floor.py").write_text(FLOOR_APP)
    server = start_server(folder / "server.log", script=str(folder / "floor.py"))
    entry = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for visit in ("cold", "warm"):
                s, run, context = render(browser, server.url + "/", viewport)
                entry[f"{visit}_s"], entry[f"{visit}_run_s"] = s, run
                if visit == "warm":
                    entry.update(slider_moves(context.pages[0], moves))
                context.close()
            browser.close()
    finally:
        stop_server(server)
    print(f"  floor app: warm {entry['warm_s']:.2f} s, move "
          f"{(entry.get('move_s') or float('nan')) * 1000:.0f} ms", file=sys.stderr)
    return entry


def add_ratios(result: dict) -> None:
    base = result["pages"]["home"]
    for entry in result["pages"].values():
        if "warm_s" not in entry:
            continue
        cat_s = entry.get("catalogue_warm_s", base["warm_s"])
        entry["cold_ratio"] = entry["cold_s"] / cat_s
        entry["warm_ratio"] = entry["warm_s"] / cat_s
        if entry.get("move_s"):
            entry["move_ratio"] = entry["move_s"] / entry.get("catalogue_move_s",
                                                              base["move_s"])


def print_table(result: dict, out: Path = OUT) -> None:
    result.setdefault("load_after", "(run stopped before the end)")
    add_ratios(result)
    print(f"load before: {result['load_before']}\nload after:  {result['load_after']}")
    print(f"(a) server start to healthy: {result['server_healthy_s']:.2f} s; catalogue first "
          f"render on the fresh server: {result['pages']['home']['cold_s']:.2f} s")
    print("(b) navigation to charts drawn (cold = first visit on the server, warm = second, "
          "new session); run = script run inside it\n(c) slider key press to updated chart "
          "(median), key-to-run-start; the catalogue's row is its search rerun\n"
          "(d) live ms: a slider of the live curve (redrawn in the browser, no rerun)\n"
          "ratios: / catalogue warm render (cat s, measured just before the page), "
          "/ catalogue search rerun")
    head = (f"{'page':22} {'cold s':>7} {'run':>6} {'warm s':>7} {'run':>6} {'cat s':>6} "
            f"{'x cat':>6} "
            f"{'move ms':>8} {'x cat':>6} {'k>run':>6} {'live ms':>8}  slider")
    print(head + "\n" + "-" * len(head))
    rows = sorted(((k, e) for k, e in result["pages"].items() if "warm_s" in e),
                  key=lambda kv: (kv[0] != "home", -kv[1]["warm_s"]))
    for name, e in rows:
        def f(x, fmt):
            return format(x, fmt) if isinstance(x, (int, float)) and x == x else "-"
        flag = " *" if e["warm_s"] > GOAL_RENDER_S or (e.get("move_s") or 0) > GOAL_MOVE_S else ""
        print(f"{name:22} {f(e['cold_s'], '7.2f')} {f(e.get('cold_run_s'), '6.2f')} "
              f"{f(e['warm_s'], '7.2f')} {f(e.get('warm_run_s'), '6.2f')} "
              f"{f(e.get('catalogue_warm_s', result['pages']['home']['warm_s']), '6.2f')} "
              f"{f(e['warm_ratio'], '6.1f')} "
              f"{f(e.get('move_s') and e['move_s'] * 1000, '8.0f')} "
              f"{f(e.get('move_ratio'), '6.1f')} "
              f"{f(e.get('key_to_run_s') and e['key_to_run_s'] * 1000, '6.0f')} "
              f"{f(e.get('live_move_s') and e['live_move_s'] * 1000, '8.0f')}  "
              f"{e.get('slider') or ''}{flag}")
    for when in ("before", "after"):
        floor = result.get(f"floor_{when}")
        if floor:
            print(f"floor (one slider, one chart, bare Streamlit), {when} the pages: cold "
                  f"{floor['cold_s']:.2f} s, warm {floor['warm_s']:.2f} s (run "
                  f"{floor.get('warm_run_s') or float('nan'):.2f} s), move "
                  f"{(floor.get('move_s') or float('nan')) * 1000:.0f} ms (key to run "
                  f"{(floor.get('key_to_run_s') or float('nan')) * 1000:.0f} ms)")
    print(f"* over a goal (first chart > {GOAL_RENDER_S} s warm, or move > "
          f"{GOAL_MOVE_S * 1000:.0f} ms). Written to {out}")


if __name__ == "__main__":
    main()
