// The release-process wizard: enhances <div data-module="rp-wizard" data-bundle="..."> into a
// step-by-step form with a live preview of the document and its downloads.

import { AnswersError, Renderer, chosen, fill, normaliseAnswers, parseParameter, toMarkdown } from "./engine.js";
import { buildProgress, buildSteps, el, writeCurrentParameters, writeCurrentValues, writeForm } from "./form.js";
import { Preview } from "./preview.js";
import { answersFileText, answersFromHash, canonical, emptyAnswers, forget, loadStored, parseAnswersFile, shareUrl, store } from "./state.js";
import { copyText, downloadText, today } from "./downloads.js";

/** The wizard on the current page. Instant navigation can leave an old one behind, detached. */
let active = null;

// A reload or a closed tab within the save delay must not lose the last change.
window.addEventListener("pagehide", () => active && active.save());

const DOCUMENT_FILE = "release-process.md";
const ANSWERS_FILE = "release-playbook-answers.json";

class Wizard {
  /** @param {HTMLElement} root @param {object} bundle */
  constructor(root, bundle) {
    this.root = root;
    this.bundle = bundle;
    this.T = bundle.wizard.text;
    this.answers = emptyAnswers();
    /** Parameter id -> problem with what the user typed; the answers keep the last good value. */
    this.paramErrors = new Map();
    this.markdown = "";
    this.step = 0;
    this.storageWarned = false;
  }

  // -- building -------------------------------------------------------------

  build() {
    const T = this.T;
    this.status = el("p", { class: "rp-status", role: "status" });
    this.error = el("div", { class: "rp-error admonition failure", tabindex: "-1", hidden: true }, [
      el("p", { class: "admonition-title", text: T.error_heading }),
      el("p", { dataset: { message: "" } }),
    ]);
    this.steps = buildSteps(this.bundle);
    this.form = el("form", { class: "rp-form", novalidate: true }, this.steps);
    this.form.addEventListener("submit", (event) => event.preventDefault());
    const previewHeading = el("h2", { id: "rp-preview-heading", text: T.preview_heading });
    this.toggle = el("button", { type: "button", class: "md-button", "aria-pressed": "false", text: T.show_markdown });
    this.formatted = el("div", { class: "rp-document" });
    this.previewer = new Preview(this.formatted, this.bundle);
    this.raw = el("pre", { class: "rp-raw", hidden: true }, [el("code", { tabindex: "0" })]);
    this.preview = el("section", { class: "rp-preview", "aria-labelledby": "rp-preview-heading" }, [
      el("div", { class: "rp-preview-head" }, [previewHeading, this.toggle]),
      this.formatted,
      this.raw,
    ]);
    this.root.replaceChildren(buildProgress(this.bundle), this.status, this.error, el("div", { class: "rp-layout" }, [this.form, this.preview]));
    this.buildActions();
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.form.addEventListener("input", (event) => this.onInput(event));
    this.form.addEventListener("change", (event) => this.onInput(event));
    this.toggle.addEventListener("click", () => this.toggleRaw());
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
        el("label", { for: "rp-share", class: "rp-visually-hidden", text: T.share_link }),
        this.shareField,
      ]),
      el("div", { class: "rp-buttons" }, [el("button", { type: "button", class: "md-button", dataset: { action: "reset" }, text: T.reset })]),
    );
    box.querySelector("[data-action=import]").addEventListener("change", (event) => this.importFile(event.target));
  }

  // -- state ----------------------------------------------------------------

  /** Start from the URL's answers, else the saved ones, else nothing. */
  load() {
    try {
      const fromUrl = answersFromHash(window.location.hash, this.bundle);
      if (fromUrl) {
        this.answers = fromUrl;
        // The link has done its job: from now on edits are saved, and a reload must not undo them.
        history.replaceState(history.state, "", window.location.pathname + window.location.search);
        return;
      }
    } catch (error) {
      if (!(error instanceof AnswersError)) throw error;
      this.showError(error.message);
    }
    this.answers = loadStored(this.bundle) || emptyAnswers();
  }

  normalised() {
    return normaliseAnswers(this.answers, this.bundle);
  }

  /** Recompute the document and redraw everything that depends on the answers. */
  update({ writeBack = false } = {}) {
    const answers = this.normalised();
    const renderer = new Renderer(answers, this.bundle);
    const nodes = renderer.nodes(today());
    this.markdown = toMarkdown(nodes);
    if (writeBack) {
      const ids = (items) => items.map((i) => i.id);
      writeForm(this.form, this.answers, ids(chosen("strategies", answers, this.bundle)), ids(chosen("tools", answers, this.bundle)));
    }
    this.previewer.draw(nodes, renderer);
    if (!this.raw.hidden) this.raw.firstChild.textContent = this.markdown;
    writeCurrentValues(this.form, renderer.resolved, this.T, this.bundle.document.labels.todo);
    writeCurrentParameters(this.form, renderer, this.T, this.paramErrors);
    const cluster = this.form.querySelector("[data-cluster]");
    if (cluster) cluster.textContent = renderer.block("cluster").text.replaceAll("**", "");
    this.scheduleSave();
  }

  /** Save shortly after the last change rather than on every keystroke. */
  scheduleSave() {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.save(), 200);
  }

  save() {
    window.clearTimeout(this.saveTimer);
    // Only the wizard on screen writes: a detached one must not overwrite newer answers.
    if (this !== active) return;
    if (!store(this.answers) && !this.storageWarned) {
      this.storageWarned = true;
      this.say(this.T.storage_unavailable);
    }
  }

  onInput(event) {
    const input = event.target;
    const field = input.dataset.field;
    if (!field) return;
    const a = this.answers;
    if (field.startsWith("organisation.")) {
      if (input.type === "radio" && !input.checked) return;
      a.organisation[field.split(".")[1]] = input.value;
      // Strategies and tools still following the profiles follow the new choice too.
      this.update({ writeBack: input.type === "radio" });
      return;
    }
    if (field === "current") {
      if (input.value) a.current[input.dataset.metric] = input.value;
      else delete a.current[input.dataset.metric];
    } else if (field === "strategies" || field === "tools") {
      if (a[field] === null) a[field] = chosen(field, this.normalised(), this.bundle).map((i) => i.id);
      a[field] = a[field].filter((id) => id !== input.value);
      if (input.checked) a[field].push(input.value);
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

  goTo(index, { focus = true } = {}) {
    this.step = Math.max(0, Math.min(index, this.steps.length - 1));
    this.steps.forEach((section, i) => (section.hidden = i !== this.step));
    for (const button of this.root.querySelectorAll(".rp-progress button")) {
      if (Number(button.dataset.go) === this.step) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    }
    if (focus) {
      // Move focus to the new step's heading and announce it: the step changed without a page load.
      this.steps[this.step].querySelector("h2").focus();
      const step = this.bundle.wizard.steps[this.step];
      this.say(fill(this.T.step_status, { n: String(this.step + 1), total: String(this.steps.length), title: step.title }));
    }
  }

  onClick(event) {
    const target = event.target.closest("button");
    if (!target || !this.root.contains(target)) return;
    if (target.dataset.go !== undefined) this.goTo(Number(target.dataset.go));
    const action = target.dataset.action;
    if (action === "download-document") downloadText(DOCUMENT_FILE, this.markdown, "text/markdown;charset=utf-8");
    if (action === "download-answers") downloadText(ANSWERS_FILE, answersFileText(this.answers), "application/json;charset=utf-8");
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
    const text = await file.text();
    input.value = "";
    try {
      this.answers = parseAnswersFile(text, this.bundle);
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
    if (await copyText(url)) this.say(this.T.share_copied);
  }

  reset() {
    if (!window.confirm(this.T.reset_confirm)) return;
    this.answers = emptyAnswers();
    forget();
    if (window.location.hash) history.replaceState(null, "", window.location.pathname + window.location.search);
    this.clearError();
    this.update({ writeBack: true });
    this.goTo(0);
    this.say(this.T.reset_done);
  }

  followProfiles() {
    this.answers.strategies = null;
    this.answers.tools = null;
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
 * Enhance a wizard root element; safe to call again for the same element (instant navigation).
 * @param {HTMLElement} root
 */
export async function enhance(root) {
  if (root.dataset.ready) return root.wizard;
  root.dataset.ready = "loading";
  const response = await fetch(new URL(root.dataset.bundle, document.baseURI));
  const bundle = await response.json();
  const wizard = new Wizard(root, bundle);
  // Save what the previous page's wizard still held before this one reads the saved answers.
  if (active) active.save();
  active = wizard;
  wizard.build();
  wizard.load();
  wizard.update({ writeBack: true });
  wizard.goTo(0, { focus: false });
  root.wizard = wizard;
  root.dataset.ready = "true";
  return wizard;
}
