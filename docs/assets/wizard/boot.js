// Starts the wizard on any page that has one. Material's instant navigation swaps pages without a
// reload, so this runs on every page change (document$), not once; without it, a wizard reached
// through a link would stay an empty box until the visitor reloaded.
const start = () => {
  const root = document.querySelector('[data-module="rp-wizard"]');
  if (root && !root.dataset.ready) import("./wizard.js").then((module) => module.enhance(root));
};

if (typeof document$ !== "undefined") document$.subscribe(start);
else start();
