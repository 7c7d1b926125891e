// The wizard's form: builds each step's fields from the bundle. Every input has a <label>, every
// group is a <fieldset> with a <legend>; descriptions are tied to inputs with aria-describedby.
// All text comes from the bundle (data/wizard.yml and the catalogue) and is set as text.

import { DIMENSION_ORDER, fill } from "./engine.js";

let uid = 0;
const nextId = (stem) => `rp-${stem}-${++uid}`;
// The language of catalogue text (names and descriptions of tools, strategies, profiles, placeholders)
// when it differs from the page's: set from the wizard's data-catalogue-lang, so screen readers switch voice.
let catalogueLang = null;

export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

function hint(text) {
  const id = nextId("hint");
  return [el("p", { id, class: "rp-hint", text }), id];
}

/** A group of radio buttons with a "not chosen" option; `name` is the answers path. */
function radios(legend, name, options, T) {
  const fieldset = el("fieldset", { class: "rp-choices" }, [el("legend", { text: legend })]);
  for (const option of [{ id: "", name: T.not_chosen, summary: "" }, ...options]) {
    const id = nextId("opt");
    const input = el("input", { type: "radio", id, name, value: option.id, dataset: { field: name } });
    const lang = option.id ? catalogueLang : null;
    const label = el("label", { for: id }, [el("span", { class: "rp-choice-name", text: option.name, lang })]);
    if (option.summary) label.append(el("span", { class: "rp-choice-summary", text: option.summary, lang }));
    fieldset.append(el("div", { class: "rp-choice" }, [input, label]));
  }
  return fieldset;
}

function checkboxes(legend, hintText, field, items, T, legendLang = null) {
  const [hintEl, hintId] = hint(hintText);
  const fieldset = el("fieldset", { class: "rp-choices", "aria-describedby": hintId }, [el("legend", { text: legend, lang: legendLang }), hintEl]);
  for (const item of items) {
    const id = nextId("chk");
    const input = el("input", { type: "checkbox", id, value: item.id, dataset: { field } });
    // Says whether the box follows the profiles or is the visitor's own pick (filled in by writePickSources).
    const label = el("label", { for: id }, [el("span", { class: "rp-choice-name", text: item.name, lang: catalogueLang }), el("span", { class: "rp-choice-source", dataset: { source: "" } })]);
    if (item.status && item.status !== "active") label.append(el("span", { class: "rp-choice-note", text: " " + T.discontinued }));
    if (item.summary) label.append(el("span", { class: "rp-choice-summary", text: item.summary, lang: catalogueLang }));
    fieldset.append(el("div", { class: "rp-choice" }, [input, label]));
  }
  return fieldset;
}

function placeholderField(ph, T) {
  const id = nextId("ph");
  const [descEl, descId] = hint(ph.description);
  if (catalogueLang) descEl.lang = catalogueLang;
  const nowId = nextId("now");
  return el("div", { class: "rp-field" }, [
    el("label", { for: id }, [el("code", { text: `[${ph.id}]` })]),
    descEl,
    // A block value (a procedure, a list of rules) keeps its lines; any other value is one line.
    ph.block
      ? el("textarea", { id, rows: "4", dataset: { field: "values", ph: ph.id }, "aria-describedby": `${descId} ${nowId}`, autocomplete: "off", spellcheck: "true" })
      : el("input", { type: "text", id, dataset: { field: "values", ph: ph.id }, "aria-describedby": `${descId} ${nowId}`, autocomplete: "off", spellcheck: "true" }),
    el("p", { class: "rp-example" }, [el("span", { text: T.example + " " }), el("span", { text: ph.example, lang: catalogueLang })]),
    el("p", { id: nowId, class: "rp-now", dataset: { now: ph.id } }),
  ]);
}

/** A typed parameter: its plain-language label (the id small beside it), the format, and a live error. */
function parameterField(param, T) {
  const id = nextId("param");
  const [descEl, descId] = hint(`${param.description} ${T.formats[param.type]}`);
  const errorId = nextId("err");
  const nowId = nextId("now");
  const described = `${descId} ${errorId} ${nowId}`;
  let input;
  if (param.type === "enum") {
    input = el("select", { id, dataset: { field: "parameters", param: param.id }, "aria-describedby": described }, [
      el("option", { value: "", text: "" }),
      ...param.options.map((o) => el("option", { value: o.id, text: o.label })),
    ]);
  } else {
    const numeric = ["percent", "points", "count"].includes(param.type);
    input = el("input", {
      type: "text",
      id,
      dataset: { field: "parameters", param: param.id },
      "aria-describedby": described,
      autocomplete: "off",
      inputmode: numeric ? "decimal" : null,
      spellcheck: param.type === "text" ? "true" : "false",
    });
  }
  return el("div", { class: "rp-field", dataset: { paramField: param.id } }, [
    el("label", { for: id }, [el("span", { text: param.label }), el("code", { class: "rp-id", text: ` ${param.id}` })]),
    descEl,
    input,
    el("p", { id: errorId, class: "rp-error-text", dataset: { paramError: param.id }, hidden: true }),
    el("p", { id: nowId, class: "rp-now", dataset: { nowParam: param.id } }),
  ]);
}

function parameterFields(bundle, step, T) {
  const fieldset = el("fieldset", { class: "rp-phase rp-parameters" }, [el("legend", { text: T.parameters_heading }), el("p", { class: "rp-hint", text: T.parameters_hint })]);
  for (const groupId of step.parameters) {
    const group = bundle.parameters.groups.find((g) => g.id === groupId);
    fieldset.append(el("h3", { text: group.name }));
    for (const param of bundle.parameters.items.filter((p) => p.group === groupId)) fieldset.append(parameterField(param, T));
  }
  return fieldset;
}

function organisationFields(bundle, T) {
  const nameId = nextId("name");
  const [hintEl, hintId] = hint(T.organisation_name_hint);
  const out = [
    el("div", { class: "rp-field" }, [
      el("label", { for: nameId, text: T.organisation_name }),
      hintEl,
      el("input", { type: "text", id: nameId, dataset: { field: "organisation.name" }, "aria-describedby": hintId, autocomplete: "organization" }),
    ]),
  ];
  const names = bundle.document.labels.dimension_names;
  for (const dim of DIMENSION_ORDER) {
    out.push(radios(names[dim], `organisation.${dim}`, bundle.profiles.filter((p) => p.dimension === dim).map((p) => ({ ...p, summary: p.focus })), T));
  }
  out.push(radios(T.situation, "organisation.situation", bundle.guides, T));
  // One control for every step's strategies and tools: it undoes the visitor's own picks after asking.
  const [followHint, followHintId] = hint(T.follow_hint);
  out.push(
    el("div", { class: "rp-field" }, [
      followHint,
      el("button", { type: "button", class: "md-button", dataset: { action: "follow-profiles" }, "aria-describedby": followHintId, text: T.use_recommended }),
    ]),
  );
  return out;
}

function targetFields(bundle, T) {
  const out = [];
  for (const metric of bundle.metrics.filter((m) => m.scale.length)) {
    const id = nextId("today");
    const [hintEl, hintId] = hint(T.today_hint);
    const select = el("select", { id, dataset: { field: "current", metric: metric.id }, "aria-describedby": hintId }, [
      el("option", { value: "", text: bundle.document.labels.not_assessed }),
      ...metric.scale.map((o) => el("option", { value: o.id, text: o.label })),
    ]);
    out.push(el("div", { class: "rp-field" }, [el("label", { for: id, text: `${metric.name}: ${T.today}` }), hintEl, select]));
  }
  out.push(el("div", { class: "rp-cluster" }, [el("h3", { text: T.cluster_heading }), el("p", { dataset: { cluster: "" } })]));
  return out;
}

/**
 * The sections of the form, one per step, each hidden until it is the current step; with `only`
 * (step indexes), those steps only (null in place of the others); `lang`: the catalogue's language,
 * when the page's is another.
 */
export function buildSteps(bundle, only = null, lang = null) {
  catalogueLang = lang || null;
  const T = bundle.wizard.text;
  const steps = bundle.wizard.steps;
  return steps.map((step, index) => {
    if (only && !only.includes(index)) return null;
    const headingId = nextId("step");
    const section = el("section", { class: "rp-step", "aria-labelledby": headingId, dataset: { step: step.id }, hidden: true }, [
      el("h2", { id: headingId, tabindex: "-1", text: `${index + 1}. ${step.title}` }),
      el("p", { text: step.intro }),
    ]);
    if (step.special === "organisation") section.append(...organisationFields(bundle, T));
    if (step.special === "targets") section.append(...targetFields(bundle, T));
    if (step.special === "strategies") section.append(checkboxes(T.strategies, T.strategies_hint, "strategies", bundle.strategies, T));
    for (const categoryId of step.categories) {
      const category = bundle.categories.find((c) => c.id === categoryId);
      const hintText = category.exclusive ? `${T.tools_hint_exclusive} ${T.tools_hint}` : T.tools_hint;
      section.append(checkboxes(category.name, hintText, "tools", bundle.tools.filter((t) => t.category === categoryId), T, catalogueLang));
    }
    if (step.parameters.length) section.append(parameterFields(bundle, step, T));
    if (step.special === "review") {
      const id = nextId("guidance");
      const [hintEl, hintId] = hint(T.keep_guidance_hint);
      section.append(
        el("div", { class: "rp-choice" }, [
          el("input", { type: "checkbox", id, dataset: { field: "options.guidance" }, "aria-describedby": hintId }),
          el("label", { for: id, text: T.keep_guidance }),
          hintEl,
        ]),
      );
    }
    if (step.phases.length) {
      section.append(el("h3", { text: T.placeholders_heading }));
      for (const phaseId of step.phases) {
        const phase = bundle.phases.find((p) => p.id === phaseId);
        const fieldset = el("fieldset", { class: "rp-phase" }, [el("legend", { text: phase.name, lang: catalogueLang }), el("p", { class: "rp-hint", text: phase.summary, lang: catalogueLang })]);
        for (const pid of phase.placeholders) fieldset.append(placeholderField(bundle.placeholders.find((p) => p.id === pid), T));
        section.append(fieldset);
      }
    }
    if (step.special === "review") section.append(el("div", { class: "rp-actions", dataset: { actions: "" } }));
    const nav = el("div", { class: "rp-step-nav" });
    if (index > 0) nav.append(el("button", { type: "button", class: "md-button", dataset: { go: String(index - 1) }, text: T.back }));
    if (index < steps.length - 1) nav.append(el("button", { type: "button", class: "md-button md-button--primary", dataset: { go: String(index + 1) }, text: T.next }));
    section.append(nav);
    return section;
  });
}

/** The progress indicator: one button per step, the current one marked with aria-current. */
export function buildProgress(bundle) {
  const T = bundle.wizard.text;
  return el("nav", { class: "rp-progress", "aria-label": T.progress_label }, [
    el("ol", {}, bundle.wizard.steps.map((step, index) =>
      el("li", {}, [el("button", { type: "button", dataset: { go: String(index) }, text: `${index + 1}. ${step.title}` })]),
    )),
  ]);
}

/** Put the answers into the form's controls. */
export function writeForm(root, answers, chosenStrategies, chosenTools) {
  for (const input of root.querySelectorAll("[data-field]")) {
    const field = input.dataset.field;
    if (field.startsWith("organisation.")) {
      const value = answers.organisation[field.split(".")[1]];
      if (input.type === "radio") input.checked = input.value === value;
      else input.value = value;
    } else if (field === "current") {
      input.value = answers.current[input.dataset.metric] || "";
    } else if (field === "strategies") {
      input.checked = chosenStrategies.includes(input.value);
    } else if (field === "tools") {
      input.checked = chosenTools.includes(input.value);
    } else if (field === "values") {
      input.value = answers.values[input.dataset.ph] || "";
    } else if (field === "parameters") {
      const value = answers.parameters[input.dataset.param];
      // A field the user is typing in keeps its text (it may be invalid and shown with its error).
      if (document.activeElement !== input) input.value = value === undefined ? "" : Array.isArray(value) ? value.join(", ") : String(value);
    } else if (field === "options.guidance") {
      input.checked = answers.options.guidance;
    }
  }
}

/** Say what each parameter is now and where it comes from; show or clear each field's error. */
export function writeCurrentParameters(root, renderer, T, errors) {
  const labels = renderer.labels;
  for (const p of root.querySelectorAll("[data-now-param]")) {
    const pid = p.dataset.nowParam;
    const entry = renderer.params.get(pid);
    const source = entry.source === "profile" ? fill(T.sources.profile, { source: entry.from }) : T.sources[entry.source === "user" ? "user" : entry.source || "none"];
    const text = `${T.current_value} ${entry.text || `${labels.todo}: ${renderer.paramOf.get(pid).label}`} (${source})`;
    if (p.textContent !== text) p.textContent = text;
  }
  for (const p of root.querySelectorAll("[data-param-error]")) {
    const problem = errors.get(p.dataset.paramError);
    const input = root.querySelector(`[data-field="parameters"][data-param="${p.dataset.paramError}"]`);
    p.hidden = !problem;
    p.textContent = problem ? fill(T.parameter_error, { problem }) : "";
    if (problem) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}

/** Describe where each placeholder's value comes from, next to its field. */
export function writeCurrentValues(root, resolved, T, todoLabel) {
  for (const p of root.querySelectorAll("[data-now]")) {
    const entry = resolved.get(p.dataset.now);
    const source = fill(T.sources[entry.source || "none"], { source: entry.from });
    const value = entry.value || `${todoLabel}: [${p.dataset.now}]`;
    // A value the catalogue supplied (profiles, tools, defaults) is in the catalogue's language; one the visitor typed is theirs.
    writeNow(p, T.current_value, value, `(${source})`, entry.value && entry.source !== "user" ? catalogueLang : null);
  }
}

/** "label value (source)" in three spans, so that the value alone can say its language; touched only where it changes. */
function writeNow(p, label, value, source, lang) {
  if (p.childElementCount !== 3) p.replaceChildren(el("span"), el("span"), el("span"));
  const parts = [`${label} `, value, ` ${source}`];
  [...p.children].forEach((span, i) => span.textContent !== parts[i] && (span.textContent = parts[i]));
  if (lang) p.children[1].lang = lang;
  else p.children[1].removeAttribute("lang");
}

/**
 * Beside each strategy and tool, say whether it follows the profiles or is the visitor's own pick.
 * @param {Object<string, Object<string, boolean>>} picks  the answers' own picks, by kind
 */
export function writePickSources(root, picks, T) {
  // Found once: this runs on every edit.
  root.rpPickSources ||= [...root.querySelectorAll('[data-field="strategies"], [data-field="tools"]')].map((input) => [
    input,
    input.parentElement.querySelector("[data-source]"),
  ]);
  for (const [input, span] of root.rpPickSources) {
    const own = picks[input.dataset.field];
    const pick = Object.prototype.hasOwnProperty.call(own, input.value) ? own[input.value] : null;
    const text = pick === true ? T.source_own : pick === false ? T.source_removed : input.checked ? T.source_profile : "";
    const shown = text ? ` ${text}` : "";
    if (span.textContent !== shown) span.textContent = shown;
  }
}
