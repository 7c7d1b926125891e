// Site behaviour on every page. Material's instant navigation swaps pages without a reload, so
// everything here runs on each page change (document$), not once.

// ---------------------------------------------------------------------------
// Scrollable regions
// ---------------------------------------------------------------------------

// A region that scrolls must be reachable by keyboard, or its hidden part is out of reach for
// anyone who cannot use a mouse (WCAG 2.1.1; axe-core: scrollable-region-focusable). Which
// regions scroll depends on the fonts, the window and the content, and content arrives after load
// (Material wraps tables late, the wizard draws its preview on every edit), so this watches the
// page rather than marking a fixed list once: every element whose CSS lets it scroll is observed,
// and whenever it really overflows it gets tabindex="0" and a name; when it stops, both go again.

const SCROLLING = /^(auto|scroll)$/;
const HEADINGS = "h1, h2, h3, h4, h5, h6";
const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [contenteditable], [tabindex]:not([tabindex="-1"])';
/** Elements whose CSS lets them scroll (overflow auto or scroll), connected or not yet pruned. */
const scrollers = new Set();
const resizes = new ResizeObserver((entries) => entries.forEach((entry) => check(entry.target)));

function canScroll(style) {
  return SCROLLING.test(style.overflowX) || SCROLLING.test(style.overflowY);
}

/** Does the element hide part of its content behind a scroll bar? One pixel is rounding, not content. */
function overflows(element) {
  const style = getComputedStyle(element);
  return (
    (SCROLLING.test(style.overflowX) && element.scrollWidth > element.clientWidth + 1) ||
    (SCROLLING.test(style.overflowY) && element.scrollHeight > element.clientHeight + 1)
  );
}

/** A region with a visible control in it is reachable already: the arrow keys scroll the region
 * around the focused control (Material's sidebars, the wizard's preview with its button). */
function hasFocusable(element) {
  for (const candidate of element.querySelectorAll(FOCUSABLE)) {
    if (!candidate.disabled && candidate.getClientRects().length) return true;
  }
  return false;
}

/** The text of the last visible heading before the element: what a screen reader announces on focus. */
function nearestHeading(element) {
  const caption = element.querySelector("caption");
  if (caption) return caption.textContent.trim();
  let found = null;
  for (const heading of document.querySelectorAll(HEADINGS)) {
    if (!(heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    if (!element.contains(heading) && heading.getClientRects().length) found = heading;
  }
  if (!found) return "";
  const copy = found.cloneNode(true);
  copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
  return copy.textContent.trim();
}

function mark(element) {
  const added = [];
  element.tabIndex = 0;
  // Named after the heading it belongs to; a plain box becomes a named region, a table or a code
  // block keeps its own role.
  if (!element.hasAttribute("aria-label") && !element.hasAttribute("aria-labelledby")) {
    const name = nearestHeading(element);
    if (name) {
      element.setAttribute("aria-label", name);
      added.push("name");
      if (element.localName === "div" && !element.hasAttribute("role")) {
        element.setAttribute("role", "region");
        added.push("role");
      }
    }
  }
  element.dataset.rpScroll = added.join(" ");
}

/** Undo exactly what mark() added, so that a region that no longer scrolls is no extra tab stop. */
function unmark(element) {
  const added = element.dataset.rpScroll.split(" ");
  element.removeAttribute("tabindex");
  if (added.includes("role")) element.removeAttribute("role");
  if (added.includes("name")) element.removeAttribute("aria-label");
  delete element.dataset.rpScroll;
}

function check(element) {
  if (!element.isConnected) {
    scrollers.delete(element);
    resizes.unobserve(element);
    return;
  }
  const marked = element.dataset.rpScroll !== undefined;
  if (overflows(element) && (marked || !hasFocusable(element))) {
    // Focusable already: Material's code blocks and search results, the wizard's raw Markdown.
    if (!marked && !element.hasAttribute("tabindex")) mark(element);
  } else if (marked) {
    unmark(element);
  }
}

/**
 * Material draws a bare table (`table:not([class])`) as its own scroll box, and its focus-visible
 * polyfill adds a class to whatever takes focus: a focused table would lose every table style and
 * its scroll bar. Material wraps the tables of a page at load; tables drawn later (the wizard's
 * preview) get the same wrapper here, so the wrapper scrolls and takes focus and the table looks
 * like every other table on the site.
 */
function wrapTable(table) {
  const wrapper = document.createElement("div");
  wrapper.className = "md-typeset__scrollwrap";
  const inner = document.createElement("div");
  inner.className = "md-typeset__table";
  table.replaceWith(wrapper);
  inner.append(table);
  wrapper.append(inner);
  return wrapper;
}

/** Elements whose style collect() has read: moved elements (the preview re-inserts unchanged parts
 * on every redraw) are not read again, only new ones. */
let seen = new WeakSet();

/** Find the elements under `roots` (themselves included) that CSS lets scroll, and watch them. */
function collect(roots) {
  const found = [];
  // Read every style first and write afterwards: a write between two reads makes the browser
  // recompute the styles of the whole page for the second read.
  for (const root of roots) {
    for (const element of [root, ...root.querySelectorAll("*")]) {
      if (seen.has(element)) continue;
      seen.add(element);
      if (element !== document.body && canScroll(getComputedStyle(element))) found.push(element);
    }
  }
  for (let element of found) {
    if (element.matches("table:not([class])") && !element.closest(".md-typeset__table")) element = wrapTable(element);
    if (scrollers.has(element)) continue;
    scrollers.add(element);
    resizes.observe(element); // also reports the first size at once, which runs check()
  }
}

let pending = null;
let rescanAll = false;

/** Batch the work into one pass per frame: typing in the wizard changes the page on every key. */
function schedule(roots, all = false) {
  rescanAll ||= all;
  if (!pending) {
    pending = new Set();
    window.requestAnimationFrame(() => {
      const todo = pending;
      pending = null;
      if (rescanAll) {
        // A new page, or a window resize that may have switched media queries: read everything.
        rescanAll = false;
        seen = new WeakSet();
        collect([document.body]);
      } else {
        collect(todo);
      }
      // Text changed somewhere: a region that did not overflow may now, and the reverse.
      scrollers.forEach(check);
    });
  }
  roots.forEach((root) => pending.add(root));
}

function watchScrollRegions() {
  new MutationObserver((records) => {
    const added = [];
    for (const record of records) for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) added.push(node);
    schedule(added);
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  // Media queries can turn scrolling on or off for elements already on the page.
  window.addEventListener("resize", () => schedule([], true));
}

// ---------------------------------------------------------------------------
// Focus in sight
// ---------------------------------------------------------------------------

/** The nearest ancestor that scrolls sideways, if any. */
function sidewaysScroller(element) {
  for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
    if (SCROLLING.test(getComputedStyle(node).overflowX) && node.scrollWidth > node.clientWidth + 1) return node;
  }
  return null;
}

/**
 * Where the focus goes, the visitor must see it.
 * - A script moves focus to a heading (tabindex="-1") to announce a new part of the page without a
 *   page load: the wizard's steps. The browser scrolls only as far as it must, which on a phone
 *   left the step's heading at the bottom edge with the step itself out of sight: show it at the
 *   top (CSS keeps it clear of the header). A click on the heading itself also focuses it: leave that.
 * - Chromium does not scroll a row that scrolls sideways (the wizard's steps on a phone, a link in a
 *   wide table) when the focused control is partly in view: show all of it.
 */
function keepFocusInSight() {
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    if (target.matches('.md-content :is(h1, h2, h3, h4, h5, h6)[tabindex="-1"]')) {
      if (!target.matches(":hover")) target.scrollIntoView({ block: "start" });
    } else if (sidewaysScroller(target)) {
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  });
}

// ---------------------------------------------------------------------------
// Page start
// ---------------------------------------------------------------------------

/** Start the wizard on the page that has one; without this, a wizard reached through a link would
 * stay an empty box until the visitor reloaded. */
function startWizard() {
  const root = document.querySelector('[data-module="rp-wizard"]');
  if (root && !root.dataset.ready) import("./wizard/wizard.js").then((module) => module.enhance(root));
}

function onPage() {
  startWizard();
  schedule([], true);
}

watchScrollRegions();
keepFocusInSight();
if (typeof document$ !== "undefined") document$.subscribe(onPage);
else onPage();
