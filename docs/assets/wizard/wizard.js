// The release-process wizard: enhances <div data-module="rp-wizard" data-bundle="..."> into a
// step-by-step form with a live preview of the document and its downloads.

import { AnswersError, Renderer, chosen, fill, normaliseAnswers, parseParameter, toMarkdown } from "./engine.js";
import { buildProgress, buildSteps, el, writeCurrentParameters, writeCurrentValues, writeForm, writePickSources } from "./form.js";
import { Preview, inline } from "./preview.js";
import {
  KEPT_KEY,
  STORAGE_KEY,
  answersFileText,
  answersFromHash,
  canonical,
  emptyAnswers,
  forget,
  hasAnswersHash,
  isEmpty,
  loadStored,
  parseAnswersFile,
  readAnswersFile,
  readStored,
  shareUrl,
  store,
  writeStored,
} from "./state.js";
import { copyText, downloadText, today } from "./downloads.js";

/** The wizard on the current page. Instant navigation can leave an old one behind, detached. */
let active = null;

/**
 * What the last link did, for a few seconds: Material's instant navigation may load the page's
 * content again right after a link changed the hash, and the new wizard must then say what the link
 * did (not that answers are merely kept aside). Kept in sessionStorage: this tab only.
 */
const OUTCOME_KEY = "release-playbook:link-outcome";
const OUTCOME_MS = 5000;

function rememberOutcome(notes) {
  try {
    sessionStorage.setItem(OUTCOME_KEY, JSON.stringify({ time: Date.now(), notes }));
  } catch {
    // No session storage: a reloaded content then says only that answers are kept aside.
  }
}

function recentOutcome() {
  try {
    const raw = sessionStorage.getItem(OUTCOME_KEY);
    sessionStorage.removeItem(OUTCOME_KEY);
    const outcome = raw ? JSON.parse(raw) : null;
    return outcome && Date.now() - outcome.time < OUTCOME_MS && Array.isArray(outcome.notes) ? outcome.notes : null;
  } catch {
    return null;
  }
}

// A reload or a closed tab within the save delay must not lose the last change.
window.addEventListener("pagehide", () => active && active.save());
// Another tab saved: take its answers, so that neither tab later overwrites the other's edits.
window.addEventListener("storage", (event) => active && active.root.isConnected && active.onStorage(event));
// A share link opened in a tab that already shows the wizard changes only the hash.
window.addEventListener("hashchange", () => active && active.root.isConnected && active.onHashChange());
// Back and Forward move between steps (each step change is a history entry).
window.addEventListener("popstate", () => active && active.root.isConnected && active.onPopState());

const DOCUMENT_FILE = "release-process.md";
const ANSWERS_FILE = "release-playbook-answers.json";
const KEPT_FILE = "release-playbook-answers-kept.json";

class Wizard {
  /** @param {HTMLElement} root @param {object} bundle */
  constructor(root, bundle) {
    this.root = root;
    this.pathname = window.location.pathname;
    this.bundle = bundle;
    this.T = bundle.wizard.text;
    this.answers = emptyAnswers(this.bundle);
    /** Parameter id -> problem with what the user typed; the answers keep the last good value. */
    this.paramErrors = new Map();
    this.markdown = "";
    this.step = 0;
    this.storageWarned = "";
    /** Saved text the page could not read (fully); offered for download before it is replaced. */
    this.kept = null;
    /** True while the kept text could not be put aside: saving would then destroy it. */
    this.holdSaves = false;
    /** Whether opening changed the answers (a link was taken, unreadable parts were left out). */
    this.changed = false;
    /** False while only the first view's part of the bundle is here (see enhance). */
    this.loaded = false;
    /** What the visitor did in the form before the rest arrived, replayed once it has. */
    this.early = [];
  }

  // -- building -------------------------------------------------------------

  build() {
    const T = this.T;
    this.status = el("p", { class: "rp-status", role: "status" });
    /** What the last change of profile changed in the recommendations (kept visible until the next one). */
    this.changes = el("p", { class: "rp-changes", hidden: true });
    this.error = el("div", { class: "rp-error admonition failure", tabindex: "-1", hidden: true }, [
      el("p", { class: "admonition-title", text: T.error_heading }),
      el("p", { dataset: { message: "" } }),
    ]);
    this.notice = el("div", { class: "rp-notice admonition warning", tabindex: "-1", hidden: true }, [
      el("p", { class: "admonition-title", text: T.kept_heading }),
      el("p", { dataset: { message: "" } }),
      el("div", { class: "rp-buttons" }, [
        el("button", { type: "button", class: "md-button md-button--primary", dataset: { action: "download-kept" }, text: T.kept_download }),
        el("button", { type: "button", class: "md-button", dataset: { action: "discard-kept" }, text: T.kept_discard }),
      ]),
    ]);
    // The first step is drawn from the first view's part of the bundle; the others when the rest arrives.
    this.steps = buildSteps(this.bundle, [0], this.root.dataset.catalogueLang).map((section, index) => section || this.pendingStep(index));
    this.form = el("form", { class: "rp-form", novalidate: true }, this.steps);
    this.form.addEventListener("submit", (event) => event.preventDefault());
    const previewHeading = el("h2", { id: "rp-preview-heading", text: T.preview_heading });
    this.toggle = el("button", { type: "button", class: "md-button", "aria-pressed": "false", text: T.show_markdown });
    this.formatted = el("div", { class: "rp-document", "aria-busy": "true" });
    this.raw = el("pre", { class: "rp-raw", hidden: true }, [el("code", { tabindex: "0" })]);
    this.preview = el("section", { class: "rp-preview", "aria-labelledby": "rp-preview-heading" }, [
      el("div", { class: "rp-preview-head" }, [previewHeading, this.toggle]),
      this.formatted,
      this.raw,
    ]);
    this.root.replaceChildren(buildProgress(this.bundle), this.status, this.changes, this.error, this.notice, el("div", { class: "rp-layout" }, [this.form, this.preview]));
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.form.addEventListener("input", (event) => this.onInput(event));
    this.form.addEventListener("change", (event) => this.onInput(event));
    this.toggle.addEventListener("click", () => this.toggleRaw());
  }

  /** A step whose fields wait for the rest of the bundle: its heading and introduction, marked busy. */
  pendingStep(index) {
    const step = this.bundle.wizard.steps[index];
    return el("section", { class: "rp-step", dataset: { step: step.id }, "aria-busy": "true", hidden: true }, [
      el("h2", { tabindex: "-1", text: `${index + 1}. ${step.title}` }),
      el("p", { text: step.intro }),
    ]);
  }

  /** The rest of the bundle is here: build the steps still missing, the preview and the downloads. */
  complete(bundle) {
    this.bundle = bundle;
    const missing = this.steps.flatMap((section, index) => (section.hasAttribute("aria-busy") ? [index] : []));
    const built = buildSteps(bundle, missing, this.root.dataset.catalogueLang);
    for (const index of missing) {
      const focused = this.steps[index].contains(document.activeElement);
      built[index].hidden = this.steps[index].hidden;
      this.steps[index].replaceWith(built[index]);
      this.steps[index] = built[index];
      if (focused) built[index].querySelector("h2").focus();
    }
    this.previewer = new Preview(this.formatted, bundle);
    this.formatted.removeAttribute("aria-busy");
    this.buildActions();
    this.loaded = true;
  }

  /** Apply, on top of the saved answers, what the visitor changed in the form before the rest arrived. */
  replayEarly() {
    const early = this.early;
    this.early = [];
    for (const { input, type, value, checked } of early) {
      input.value = value;
      input.checked = checked;
      this.onInput({ target: input, type });
    }
  }

  buildActions() {
    const T = this.T;
    const box = this.root.querySelector("[data-actions]");
    if (!box) return;
    const fileId = "rp-import";
    this.shareField = el("input", { type: "text", id: "rp-share", readonly: true, class: "rp-share" });
    box.append(
      el("div", { class: "rp-buttons" }, [
        el("button", { type: "button", class: "md-button md-button--primary", dataset: { action: "download-document" }, text: T.download_document }),
        el("button", { type: "button", class: "md-button", dataset: { action: "download-answers" }, text: T.download_answers }),
      ]),
      el("div", { class: "rp-field" }, [
        el("label", { for: fileId, text: T.import_answers }),
        el("input", { type: "file", id: fileId, accept: "application/json,.json", dataset: { action: "import" } }),
      ]),
      el("div", { class: "rp-field" }, [
        el("button", { type: "button", class: "md-button", dataset: { action: "share" }, text: T.share_link }),
        el("label", { for: "rp-share", class: "rp-share-label", text: T.share_field_label }),
        this.shareField,
      ]),
      el("div", { class: "rp-buttons" }, [el("button", { type: "button", class: "md-button", dataset: { action: "reset" }, text: T.reset })]),
    );
    box.querySelector("[data-action=import]").addEventListener("change", (event) => this.importFile(event.target));
  }

  // -- state ----------------------------------------------------------------

  /**
   * Start from the saved answers (every usable part of them), then the URL's answers if the
   * visitor agrees to replace work in progress. Nothing the page could not read is overwritten
   * before the visitor was offered to download it.
   */
  load() {
    const T = this.T;
    const notes = [];
    const stored = loadStored(this.bundle);
    if (stored.text !== null && (stored.answers === null || stored.dropped)) {
      this.keep(stored.text);
      notes.push(fill(T.stored_dropped, { detail: stored.dropped }));
      this.changed = true;
    }
    this.answers = stored.answers || emptyAnswers(this.bundle);

    const before = this.answers;
    const fromLink = this.openLink();
    notes.push(...fromLink);
    if (this.answers !== before) this.changed = true;
    const replay = fromLink.length ? null : recentOutcome();
    if (replay) notes.push(...replay.filter((n) => !notes.includes(n)));
    if (!this.kept) {
      const earlier = readStored(KEPT_KEY);
      if (earlier !== null) {
        this.kept = earlier;
        if (!replay) notes.push(T.kept_still);
      }
    }
    if (notes.length) this.showNotice(notes.join(" "));
  }

  /** Answers carried by a link (#answers=...): taken after asking when they would replace work. */
  openLink() {
    const T = this.T;
    const notes = [];
    if (!hasAnswersHash(window.location.hash)) return notes;
    try {
      const link = answersFromHash(window.location.hash, this.bundle, T.bad_link);
      const same = JSON.stringify(canonical(link.answers, this.bundle)) === JSON.stringify(canonical(this.answers, this.bundle));
      const fresh = isEmpty(this.answers, this.bundle);
      if (same || fresh || window.confirm(T.link_replace_confirm)) {
        if (!same && !fresh) {
          // Keep what was there (unless unreadable saved answers are kept already: those come first).
          if (!this.kept) this.keep(JSON.stringify(this.answers));
          notes.push(T.link_replaced);
        }
        this.answers = link.answers;
        if (link.dropped) notes.push(fill(T.link_dropped, { detail: link.dropped }));
      }
    } catch (error) {
      if (!(error instanceof AnswersError)) throw error;
      this.showError(error.message);
    }
    if (notes.length) rememberOutcome(notes);
    // The link has done its job (or failed): a reload must neither undo later edits nor repeat an error.
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
    return notes;
  }

  /** Put `text` aside (under KEPT_KEY) so that saving the current answers cannot destroy it. */
  keep(text) {
    this.kept = text;
    this.holdSaves = writeStored(text, KEPT_KEY) !== "ok";
  }

  showNotice(message) {
    const text = this.holdSaves ? `${message} ${this.T.kept_unsaved}` : message;
    this.notice.querySelector("[data-message]").textContent = text;
    this.notice.hidden = false;
  }

  /** The visitor downloaded or discarded the kept answers: they need not be kept any longer. */
  releaseKept(message) {
    this.kept = null;
    this.holdSaves = false;
    forget(KEPT_KEY);
    this.notice.hidden = true;
    this.save();
    this.say(message);
  }

  normalised() {
    return normaliseAnswers(this.answers, this.bundle);
  }

  /** Recompute the document and redraw everything that depends on the answers. */
  update({ writeBack = false, save = true } = {}) {
    const answers = this.normalised();
    const renderer = new Renderer(answers, this.bundle);
    const nodes = renderer.nodes(today());
    this.markdown = toMarkdown(nodes);
    if (writeBack) {
      const ids = (items) => items.map((i) => i.id);
      writeForm(this.form, this.answers, ids(chosen("strategies", answers, this.bundle)), ids(chosen("tools", answers, this.bundle)));
    }
    writePickSources(this.form, answers.picks, this.T);
    this.previewer.draw(nodes, renderer);
    if (!this.raw.hidden) this.raw.firstChild.textContent = this.markdown;
    writeCurrentValues(this.form, renderer.resolved, this.T, this.bundle.document.labels.todo);
    writeCurrentParameters(this.form, renderer, this.T, this.paramErrors);
    const cluster = this.form.querySelector("[data-cluster]");
    if (cluster) cluster.replaceChildren(inline(renderer.block("cluster").text));
    if (this.kitPanel) this.kitPanel.then((panel) => panel.update());
    if (save) this.scheduleSave();
  }

  /** Save shortly after the last change rather than on every keystroke. */
  scheduleSave() {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.save(), 200);
  }

  save() {
    window.clearTimeout(this.saveTimer);
    // Only the wizard on screen writes: a detached one must not overwrite newer answers, nor one
    // that has not read the saved answers yet.
    if (this !== active || this.holdSaves || !this.loaded) return;
    const result = store(this.answers);
    if (result !== "ok" && this.storageWarned !== result) {
      this.storageWarned = result;
      this.say(result === "full" ? this.T.storage_full : this.T.storage_unavailable);
    }
  }

  /** Another tab changed the saved answers: show them here too (without saving them back). */
  onStorage(event) {
    if ((event.key !== STORAGE_KEY && event.key !== null) || this.holdSaves || !this.loaded) return;
    const text = event.key === null ? null : event.newValue;
    const { answers } = loadStored(this.bundle, text);
    const same = (x, y) => JSON.stringify(canonical(x, this.bundle)) === JSON.stringify(canonical(y, this.bundle));
    if (same(answers || emptyAnswers(this.bundle), this.answers)) return; // nothing new (a tab that opened and saved the same)
    window.clearTimeout(this.saveTimer);
    this.answers = answers || emptyAnswers(this.bundle);
    this.update({ writeBack: true, save: false });
    this.say(this.T.synced);
  }

  /** Names of the strategies and tools chosen now, and the value and source of every parameter. */
  recommendations() {
    const answers = this.normalised();
    const names = (kind) => chosen(kind, answers, this.bundle).map((i) => i.name);
    const renderer = new Renderer(answers, this.bundle);
    const params = new Map([...renderer.params].map(([id, e]) => [id, e.text]));
    return { items: new Set([...names("strategies"), ...names("tools")]), params };
  }

  /** Announce, and show under the status line, what a profile change added, removed and re-set. */
  sayChanges(before, after) {
    const added = [...after.items].filter((n) => !before.items.has(n));
    const removed = [...before.items].filter((n) => !after.items.has(n));
    const labels = new Map(this.bundle.parameters.items.map((p) => [p.id, p.label]));
    const numbers = [...after.params].filter(([id, text]) => before.params.get(id) !== text).map(([id, text]) => `${labels.get(id)}: ${text}`);
    if (!added.length && !removed.length && !numbers.length) return;
    const parts = [];
    if (added.length) parts.push(fill(this.T.changes_added, { items: added.join(", ") }));
    if (removed.length) parts.push(fill(this.T.changes_removed, { items: removed.join(", ") }));
    if (numbers.length) parts.push(fill(this.T.changes_numbers, { items: numbers.join("; ") }));
    this.changes.textContent = fill(this.T.changes, { changes: parts.join(" ") });
    this.changes.hidden = false;
    this.say(this.changes.textContent);
  }

  onInput(event) {
    const input = event.target;
    const field = input.dataset.field;
    if (!field) return;
    if (!this.loaded) {
      this.early.push({ input, type: event.type, value: input.value, checked: input.checked });
      return;
    }
    const a = this.answers;
    if (field.startsWith("organisation.")) {
      if (input.type === "radio" && !input.checked) return;
      const before = this.recommendations();
      a.organisation[field.split(".")[1]] = input.value;
      // Strategies and tools that follow the profiles follow the new choice too; the user's own
      // picks and values stay. Say what the new profile changed, so nothing moves unnoticed.
      this.update({ writeBack: input.type === "radio" });
      if (input.type === "radio") this.sayChanges(before, this.recommendations());
      return;
    }
    if (field === "current") {
      if (input.value) a.current[input.dataset.metric] = input.value;
      else delete a.current[input.dataset.metric];
    } else if (field === "strategies" || field === "tools") {
      // Record only what differs from what the profiles (and the other picks) give: the rest keeps
      // following the profiles when they change.
      const own = a.picks[field];
      delete own[input.value];
      const following = chosen(field, this.normalised(), this.bundle).some((i) => i.id === input.value);
      if (following !== input.checked) own[input.value] = input.checked;
      this.update({ writeBack: true }); // a pick in an exclusive category unchecks the profiles' tool
      return;
    } else if (field === "values") {
      if (input.value) a.values[input.dataset.ph] = input.value;
      else delete a.values[input.dataset.ph];
    } else if (field === "parameters") {
      // A typed value is checked by the engine's own rule; a bad one is shown and changes nothing.
      const pid = input.dataset.param;
      const param = this.bundle.parameters.items.find((p) => p.id === pid);
      this.paramErrors.delete(pid);
      if (input.value.trim() === "") {
        delete a.parameters[pid];
      } else {
        const [value, problem] = parseParameter(param, input.value, this.bundle);
        if (problem) this.paramErrors.set(pid, problem);
        else a.parameters[pid] = value;
      }
    } else if (field === "options.guidance") {
      a.options = { guidance: input.checked };
    }
    if (event.type === "input" || input.type !== "text") this.update();
  }

  // -- steps ----------------------------------------------------------------

  onHashChange() {
    if (!hasAnswersHash(window.location.hash) || !this.loaded) return; // not loaded yet: load() reads the link
    this.save(); // what is on screen now is what the link would replace
    const notes = this.openLink();
    if (notes.length) this.showNotice(notes.join(" "));
    this.update({ writeBack: true });
  }

  onPopState() {
    // Back to another page is Material's instant navigation, not a step change.
    if (window.location.pathname === this.pathname) this.goTo(this.stepFromUrl(), { push: false });
  }

  /** The step named in the URL (?step=<id>), else the first. */
  stepFromUrl() {
    const id = new URLSearchParams(window.location.search).get("step");
    return Math.max(0, this.bundle.wizard.steps.findIndex((s) => s.id === id));
  }

  goTo(index, { focus = true, push = true } = {}) {
    this.step = Math.max(0, Math.min(index, this.steps.length - 1));
    this.steps.forEach((section, i) => (section.hidden = i !== this.step));
    for (const button of this.root.querySelectorAll(".rp-progress button")) {
      if (Number(button.dataset.go) === this.step) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    }
    const step = this.bundle.wizard.steps[this.step];
    // The starter kit (templates, engine, ZIP library) loads only when the last step first opens.
    if (step.special === "review" && this.loaded) import("./kit-download.js").then((m) => m.openKit(this));
    if (push) {
      // Each step is a history entry: reload stays on it, Back and Forward move between steps.
      const url = new URL(window.location.href);
      url.searchParams.set("step", step.id);
      if (url.href !== window.location.href) history.pushState(history.state, "", url.href);
    }
    if (focus) {
      // Move focus to the new step's heading and announce it: the step changed without a page load.
      this.steps[this.step].querySelector("h2").focus();
      this.say(fill(this.T.step_status, { n: String(this.step + 1), total: String(this.steps.length), title: step.title }));
    }
  }

  onClick(event) {
    const target = event.target.closest("button");
    if (!target || !this.root.contains(target)) return;
    if (target.dataset.go !== undefined) this.goTo(Number(target.dataset.go));
    if (!this.loaded) return; // the actions need the document (the first view has steps only)
    const action = target.dataset.action;
    if (action === "download-document") downloadText(DOCUMENT_FILE, this.markdown, "text/markdown;charset=utf-8");
    if (action === "download-answers") downloadText(ANSWERS_FILE, answersFileText(this.answers, this.bundle), "application/json;charset=utf-8");
    if (action === "download-kept") {
      downloadText(KEPT_FILE, this.kept, "application/json;charset=utf-8");
      this.releaseKept(this.T.kept_downloaded);
    }
    if (action === "discard-kept") this.releaseKept(this.T.kept_discarded);
    if (action === "share") this.share();
    if (action === "reset") this.reset();
    if (action === "follow-profiles") this.followProfiles();
  }

  // -- actions --------------------------------------------------------------

  say(message) {
    // Clear first so that the same message is announced again.
    this.status.textContent = "";
    window.setTimeout(() => (this.status.textContent = message), 50);
  }

  showError(message) {
    this.error.querySelector("[data-message]").textContent = message;
    this.error.hidden = false;
    this.error.focus();
  }

  clearError() {
    this.error.hidden = true;
  }

  async importFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    input.value = "";
    try {
      this.answers = parseAnswersFile(await readAnswersFile(file, this.bundle), this.bundle);
    } catch (error) {
      if (!(error instanceof AnswersError)) throw error;
      this.showError(error.message); // the current answers stay untouched
      return;
    }
    this.clearError();
    this.update({ writeBack: true });
    this.say(this.T.import_done);
  }

  async share() {
    const url = shareUrl(canonical(this.answers, this.bundle), window.location);
    this.shareField.value = url;
    this.shareField.select();
    this.say((await copyText(url)) ? this.T.share_copied : this.T.share_copy_failed);
  }

  reset() {
    if (!window.confirm(this.T.reset_confirm)) return;
    this.answers = emptyAnswers(this.bundle);
    forget();
    if (window.location.hash) history.replaceState(null, "", window.location.pathname + window.location.search);
    this.clearError();
    this.update({ writeBack: true });
    this.goTo(0);
    this.say(this.T.reset_done);
  }

  /** Undo the visitor's own picks, after saying which. */
  followProfiles() {
    const a = this.answers;
    const names = (kind) => new Map(this.bundle[kind].map((i) => [i.id, i.name]));
    const changes = [];
    for (const kind of ["strategies", "tools"]) {
      const name = names(kind);
      if (a[kind] !== null) changes.push(...a[kind].map((id) => name.get(id)));
      for (const [id, on] of Object.entries(a.picks[kind])) changes.push(`${name.get(id)} ${on ? this.T.source_own : this.T.source_removed}`);
    }
    if (!changes.length) {
      this.say(this.T.follow_nothing);
      return;
    }
    if (!window.confirm(fill(this.T.follow_confirm, { picks: [...new Set(changes)].join(", ") }))) return;
    a.strategies = null;
    a.tools = null;
    a.picks = { strategies: {}, tools: {} };
    this.update({ writeBack: true });
    this.say(this.T.recommended_done);
  }

  toggleRaw() {
    const showRaw = this.raw.hidden;
    if (showRaw) this.raw.firstChild.textContent = this.markdown;
    this.raw.hidden = !showRaw;
    this.formatted.hidden = showRaw;
    this.toggle.setAttribute("aria-pressed", String(showRaw));
    this.toggle.textContent = showRaw ? this.T.show_formatted : this.T.show_markdown;
  }
}

/**
 * The address of the site's root: the bundle lives at assets/wizard/ below it. (Material's `__config`
 * base would do on a fresh load, but instant navigation keeps the first page's.)
 */
function siteRoot(root) {
  return new URL("../../", new URL(root.dataset.bundle, document.baseURI)).href;
}

/**
 * The bundle from its two parts (macros/bundle.py: split_bundle, merge_bundle): objects key by key,
 * lists item by item.
 */
export function mergeBundle(first, rest) {
  if (Array.isArray(first) && Array.isArray(rest) && first.length === rest.length) return first.map((item, i) => mergeBundle(item, rest[i]));
  const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  if (!isObject(first) || !isObject(rest)) throw new Error("the two parts of the wizard's bundle do not fit together");
  const out = { ...first };
  for (const [key, value] of Object.entries(rest)) out[key] = Object.hasOwn(out, key) ? mergeBundle(out[key], value) : value;
  return out;
}

async function fetchJson(url) {
  const response = await fetch(url);
  return response.json();
}

/**
 * Enhance a wizard root element; safe to call again for the same element (instant navigation).
 * The first view needs only the first part of the bundle (data-bundle: the steps, the words, the
 * first step's fields): it is drawn at once, and the rest (data-bundle-rest: the other steps, the
 * document and its preview HTML) is fetched right after. data-ready="true" once everything works.
 * @param {HTMLElement} root
 */
export async function enhance(root) {
  if (root.dataset.ready) return root.wizard;
  root.dataset.ready = "loading";
  const first = await fetchJson(new URL(root.dataset.bundle, document.baseURI));
  // Documents link their sections to this site's pages (its root is two folders above the bundle).
  first.site_url = siteRoot(root);
  const wizard = new Wizard(root, first);
  // Save what the previous page's wizard still held before this one reads the saved answers.
  if (active) active.save();
  active = wizard;
  wizard.build();
  wizard.goTo(wizard.stepFromUrl(), { focus: false, push: false });
  root.dataset.firstView = "true";
  performance.mark("rp-wizard-first-view");
  const rest = await fetchJson(new URL(root.dataset.bundleRest, document.baseURI));
  wizard.complete(mergeBundle(first, rest));
  wizard.load();
  // Save only what changed on opening: an unchanged save would needlessly wake the other tabs.
  wizard.update({ writeBack: true, save: Boolean(wizard.changed) });
  wizard.replayEarly();
  wizard.goTo(wizard.step, { focus: false, push: false });
  root.wizard = wizard;
  root.dataset.ready = "true";
  return wizard;
}
