// Site behaviour on every page. Material's instant navigation swaps pages without a reload, so
// everything here runs on each page change (document$), not once.

/** Wide tables scroll sideways: make such regions reachable by keyboard (axe-core: scrollable-region-focusable). */
function focusableScrollRegions() {
  for (const region of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (region.scrollWidth > region.clientWidth) region.tabIndex = 0;
  }
}

/** Start the wizard on the page that has one; without this, a wizard reached through a link would
 * stay an empty box until the visitor reloaded. */
function startWizard() {
  const root = document.querySelector('[data-module="rp-wizard"]');
  if (root && !root.dataset.ready) import("./wizard/wizard.js").then((module) => module.enhance(root));
}

function onPage() {
  startWizard();
  // Material wraps tables after this callback runs: look once it has.
  window.requestAnimationFrame(focusableScrollRegions);
}

if (typeof document$ !== "undefined") document$.subscribe(onPage);
else onPage();
