"""Moving a page's main slider in the browser and seeing that the page changed.

Shared by ``test_browser_pages.py`` (every page reacts to its main slider) and
``tests/benchmarks/bench_page_speed.py`` (how long a slider move takes to reach the chart).

* ``slider_candidates``: the visible, enabled sliders of the main area in page order, then
  the sidebar's (the "Projector mode" toggle is a toggle, not a slider). A page whose
  main-area sliders all sit in collapsed expanders (Kaplan 2020's "Constants of L(N)")
  gets its first such expander opened, as a user would. The first is the page's main
  slider; the next ones are tried when it changes nothing the user sees.
* ``view_fingerprint``: what the user sees in the main area, as one short string: the
  text of stMain with the sliders themselves removed (their own value label always
  changes, so it proves nothing) plus a hash of the pixels of every drawn chart canvas
  (Vega draws on canvas; an svg chart contributes its markup). Text catches metrics,
  markdown, tables, captions and formulas; the pixel hash catches a chart whose data
  changed while no text did. Hashing pixels (FNV-1a over the RGBA words) instead of
  ``toDataURL`` keeps one fingerprint to a few milliseconds, so it can be polled.
* ``step``: one keyboard step, ``ArrowRight`` (``ArrowLeft`` when the value did not move,
  i.e. at the maximum). One step, not ``End``: a slider's extreme can be a far heavier
  computation than a user's usual move (Noci 2024's "GD steps" at 200 trains the toy
  network for over a minute on a loaded machine), and a step changes the pixels of a
  chart that depends on it, which the fingerprint sees.
"""
from __future__ import annotations

VIEW_FINGERPRINT = r"""() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return '';
  const clone = main.cloneNode(true);
  clone.querySelectorAll('[data-testid="stSlider"], style, script').forEach(e => e.remove());
  const parts = [clone.textContent];
  for (const chart of main.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    for (const c of chart.querySelectorAll('canvas')) {
      if (!c.width || !c.height) { parts.push('empty'); continue; }
      let h = 0x811c9dc5;
      try {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const w = new Uint32Array(d.buffer, d.byteOffset, d.byteLength >> 2);
        for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i], 0x01000193) >>> 0;
      } catch (e) { h = 'unreadable'; }
      parts.push(`${c.width}x${c.height}:${h}`);
    }
    for (const s of chart.querySelectorAll('svg.marks')) parts.push(s.outerHTML);
  }
  return parts.join('\u0001');
}"""

#: True once the fingerprint differs from ``window.__fingerprintBefore``.
FINGERPRINT_CHANGED = ("() => (" + VIEW_FINGERPRINT + ")() !== window.__fingerprintBefore")

#: Stores the current fingerprint as the "before" picture.
REMEMBER_FINGERPRINT = ("() => { window.__fingerprintBefore = (" + VIEW_FINGERPRINT
                        + ")(); return window.__fingerprintBefore.length; }")


def slider_candidates(page, limit: int = 4) -> list:
    """Up to ``limit`` visible, enabled slider thumbs: main area first, then sidebar."""
    found = []
    main = page.get_by_test_id("stMain")
    if not main.get_by_test_id("stSlider").filter(visible=True).count():
        closed = (main.get_by_test_id("stExpander").filter(visible=True)
                  .filter(has=page.get_by_test_id("stSlider")))
        if closed.count():
            closed.first.locator("summary").first.click()
            closed.first.get_by_test_id("stSlider").first.wait_for(state="visible")
    for area in ("stMain", "stSidebar"):
        sliders = page.get_by_test_id(area).get_by_test_id("stSlider").filter(visible=True)
        for i in range(sliders.count()):
            thumb = sliders.nth(i).get_by_role("slider").first
            if thumb.get_attribute("aria-disabled") == "true":
                continue
            found.append(thumb)
            if len(found) == limit:
                return found
    return found


def slider_label(thumb) -> str:
    """The slider's label as the user reads it (for messages)."""
    widget = thumb.locator("xpath=ancestor::*[@data-testid='stSlider'][1]")
    label = widget.get_by_test_id("stWidgetLabel")
    return (label.inner_text() if label.count() else "?").strip()


def _value(thumb) -> str | None:
    return thumb.get_attribute("aria-valuetext") or thumb.get_attribute("aria-valuenow")


def step(thumb) -> str:
    """Move ``thumb`` one step (right, or left at the top); returns the key that moved it."""
    before = _value(thumb)
    thumb.press("ArrowRight")
    if _value(thumb) != before:
        return "ArrowRight"
    thumb.press("ArrowLeft")
    return "ArrowLeft"
