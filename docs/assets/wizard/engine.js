// Release Playbook document engine: answers + bundle -> release-process Markdown.
//
// A line-by-line port of macros/engine.py; the shared vectors in tests/vectors/ keep the two
// byte-identical (tests/test_engine_parity.py runs this module in Chromium). Change both together.
// Every sentence a reader sees comes from the bundle (data/document.yml), never from this file.

export const ANSWERS_FORMAT = "release-playbook-answers";
export const ANSWERS_VERSION = 1;
/** Order in which profiles apply their defaults: the later one wins. */
export const PROFILE_ORDER = ["size", "stack", "industry"];
/** Order in which profiles are shown. */
export const DIMENSION_ORDER = ["size", "industry", "stack"];
/** Order in which profiles are asked for tool picks: the technology stack knows its tools best. */
export const TOOL_ORDER = ["stack", "industry", "size"];
const TOKEN = /\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\]/g;
const FORMAT_KEY = /\{([a-z_]+)\}/g;
const EDGE_WS = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/** An answers file the engine cannot use; the message is for people (from document.yml). */
export class AnswersError extends Error {}

const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const isStr = (value) => typeof value === "string";
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** Strip spaces, tabs and line breaks at both ends (same set as the Python engine). */
export function trim(text) {
  return text.replace(EDGE_WS, "");
}

/** Replace `{key}` for the keys given, in one pass. */
export function fill(template, values) {
  return template.replace(FORMAT_KEY, (match, key) => (has(values, key) ? values[key] : match));
}

/** Text for a Markdown table cell: one line, pipes escaped. */
export function cell(text) {
  return text.replace(/[\r\n]+/g, " ").replaceAll("|", "\\|");
}

// ---------------------------------------------------------------------------
// Answers: check a raw object and normalise it
// ---------------------------------------------------------------------------
// The check never trusts the file: unknown keys, wrong types, text that is not valid Unicode and
// ids this catalogue does not know are each reported by path, in one fixed order (keys sorted by
// code point) so that both engines list them alike. `checkAnswers` keeps every usable part (the
// wizard uses it for saved answers and links); `normaliseAnswers` refuses anything with a problem.

export const ANSWERS_KEYS = ["format", "version", "organisation", "strategies", "tools", "picks", "current", "values", "parameters"];
export const ORGANISATION_KEYS = ["name", "size", "industry", "stack", "situation"];
export const PICK_KINDS = ["strategies", "tools"];
/** Problem kinds in the order they are reported; each names a message in document.yml. */
export const PROBLEM_KINDS = ["unknown_keys", "wrong_type", "bad_text", "invalid"];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAKS = /[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*/g;

/** A finite JSON number (booleans are not numbers; NaN and infinities are refused). */
const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

/** Text without lone surrogates ("\ud83d"): what cannot be written as UTF-8 is refused. */
const wellFormed = (text) => !text.match(LONE_SURROGATE);

/** A key as it can be printed in a message (a lone surrogate becomes U+FFFD). */
export function shown(key) {
  return String(key).replace(LONE_SURROGATE, "\uFFFD");
}

/** Compare by code point, as Python compares strings (JavaScript's default compares UTF-16 units). */
function byCodePoint(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

/** An object's keys in code-point order (JavaScript puts integer-like keys first otherwise). */
export function sortedKeys(obj) {
  return Object.keys(obj).sort(byCodePoint);
}

/** "block" for a placeholder whose value may have several lines, else "line". */
export function placeholderKind(pid, bundle) {
  return bundle.placeholders.some((p) => p.id === pid && p.block) ? "block" : "line";
}

/** Line breaks (and the spaces around them) become one space. */
export function oneLine(text) {
  return text.replace(LINE_BREAKS, " ");
}

/**
 * Usable answers from `raw` and the problems found, by kind (paths such as `values.X`).
 * Throw AnswersError when nothing can be used: not an answers file, a newer or invalid version.
 * @param {unknown} raw
 * @param {object} bundle
 * @returns {[object, Object<string, string[]>]}
 */
export function checkAnswers(raw, bundle) {
  const messages = bundle.document.messages;
  if (!isObject(raw) || raw.format !== ANSWERS_FORMAT) throw new AnswersError(messages.foreign);
  const version = raw.version;
  if (!isNumber(version)) throw new AnswersError(fill(messages.wrong_type, { detail: "version" }) + " " + messages.unchanged);
  // JSON has one number type: 1 and 1.0 are the same version (as in the Python engine).
  if (!Number.isInteger(version) || version < 1) throw new AnswersError(fill(messages.invalid, { detail: "version" }) + " " + messages.unchanged);
  if (version > ANSWERS_VERSION) throw new AnswersError(messages.newer);

  const problems = Object.fromEntries(PROBLEM_KINDS.map((kind) => [kind, []]));

  /** `value` if it is valid text, else null with the problem recorded. */
  const text = (value, path) => {
    if (!isStr(value)) {
      problems.wrong_type.push(path);
      return null;
    }
    if (!wellFormed(value)) {
      problems.bad_text.push(path);
      return null;
    }
    return value;
  };

  /** A top-level object, {} when absent or of the wrong type. */
  const section = (key) => {
    const value = has(raw, key) ? raw[key] : null;
    if (value === null || value === undefined) return {};
    if (!isObject(value)) {
      problems.wrong_type.push(key);
      return {};
    }
    return value;
  };

  problems.unknown_keys.push(...sortedKeys(raw).filter((k) => !ANSWERS_KEYS.includes(k)).map(shown));

  const orgRaw = section("organisation");
  const org = { name: "", size: "", industry: "", stack: "", situation: "" };
  const name = text(has(orgRaw, "name") ? orgRaw.name : "", "organisation.name");
  if (name !== null) org.name = trim(oneLine(name));
  const choices = Object.fromEntries(DIMENSION_ORDER.map((dim) => [dim, bundle.profiles.filter((p) => p.dimension === dim).map((p) => p.id)]));
  choices.situation = bundle.guides.map((g) => g.id);
  for (const key of [...DIMENSION_ORDER, "situation"]) {
    const value = text(has(orgRaw, key) ? orgRaw[key] : "", `organisation.${key}`);
    if (value !== null && value !== "" && !choices[key].includes(value)) problems.invalid.push(`organisation.${key}`);
    else if (value !== null) org[key] = value;
  }
  problems.unknown_keys.push(...sortedKeys(orgRaw).filter((k) => !ORGANISATION_KEYS.includes(k)).map((k) => `organisation.${shown(k)}`));

  const idList = (key) => {
    const value = has(raw, key) ? raw[key] : null;
    if (value === null || value === undefined) return null;
    if (!Array.isArray(value) || !value.every(isStr)) {
      problems.wrong_type.push(key);
      return null;
    }
    const known = bundle[key].map((i) => i.id);
    problems.invalid.push(...[...new Set(value)].sort(byCodePoint).filter((v) => !known.includes(v)).map((v) => `${key}.${shown(v)}`));
    return known.filter((i) => value.includes(i));
  };
  const strategies = idList("strategies");
  const tools = idList("tools");

  const picks = { strategies: {}, tools: {} };
  const picksRaw = section("picks");
  problems.unknown_keys.push(...sortedKeys(picksRaw).filter((k) => !PICK_KINDS.includes(k)).map((k) => `picks.${shown(k)}`));
  for (const kind of PICK_KINDS) {
    let own = has(picksRaw, kind) ? picksRaw[kind] : {};
    if (own === null || own === undefined) own = {};
    if (!isObject(own)) {
      problems.wrong_type.push(`picks.${kind}`);
      continue;
    }
    const known = bundle[kind].map((i) => i.id);
    for (const key of sortedKeys(own)) {
      if (!known.includes(key)) problems.invalid.push(`picks.${kind}.${shown(key)}`);
      else if (typeof own[key] !== "boolean") problems.wrong_type.push(`picks.${kind}.${key}`);
    }
    // Catalogue order, so that both engines hold the same object.
    for (const i of known) if (has(own, i) && typeof own[i] === "boolean") picks[kind][i] = own[i];
  }

  const current = {};
  const currentRaw = section("current");
  for (const key of sortedKeys(currentRaw)) {
    const metric = bundle.metrics.find((x) => x.id === key);
    const value = text(currentRaw[key], `current.${shown(key)}`);
    if (value === null) continue;
    if (!metric || (value !== "" && !metric.scale.map((o) => o.id).includes(value))) problems.invalid.push(`current.${shown(key)}`);
    else if (value !== "") current[key] = value;
  }

  const values = {};
  const valuesRaw = section("values");
  const knownIds = bundle.placeholders.map((p) => p.id);
  for (const key of sortedKeys(valuesRaw)) {
    if (!knownIds.includes(key)) {
      problems.invalid.push(`values.${shown(key)}`);
      continue;
    }
    let value = text(valuesRaw[key], `values.${key}`);
    if (value === null) continue;
    // Spaces alone are no answer; a one-line field keeps one line.
    value = trim(placeholderKind(key, bundle) === "block" ? value : oneLine(value));
    if (value !== "") values[key] = value;
  }

  // Typed parameters (id -> text, number, or a list of them): passed through as given.
  const parameters = {};
  const parametersRaw = section("parameters");
  for (const key of sortedKeys(parametersRaw)) {
    const value = parametersRaw[key];
    const items = Array.isArray(value) ? value : [value];
    if (!items.every((v) => isStr(v) || isNumber(v))) problems.wrong_type.push(`parameters.${shown(key)}`);
    else if (!items.filter(isStr).every(wellFormed) || !wellFormed(key)) problems.bad_text.push(`parameters.${shown(key)}`);
    else parameters[key] = value;
  }

  const answers = { organisation: org, strategies, tools, picks, current, values, parameters };
  return [answers, problems];
}

/** One sentence per kind of problem, in PROBLEM_KINDS order. */
export function problemsMessage(problems, bundle) {
  const messages = bundle.document.messages;
  return PROBLEM_KINDS.filter((kind) => problems[kind].length)
    .map((kind) => fill(messages[kind], { detail: problems[kind].join(", ") }))
    .join(" ");
}

/**
 * Check `raw` against the bundle and return complete answers; throw AnswersError on any problem.
 * @param {unknown} raw
 * @param {object} bundle
 */
export function normaliseAnswers(raw, bundle) {
  const [answers, problems] = checkAnswers(raw, bundle);
  if (Object.values(problems).some((list) => list.length)) {
    throw new AnswersError(problemsMessage(problems, bundle) + " " + bundle.document.messages.unchanged);
  }
  return answers;
}

/**
 * `ids` with the user's own picks applied: a pick adds or removes one item. In an exclusive tool
 * category, a tool the user picked replaces the ones that came from the profiles.
 */
export function applyPicks(kind, ids, answers, bundle) {
  const own = answers.picks[kind];
  if (kind === "tools") {
    const category = new Map(bundle.tools.map((t) => [t.id, t.category]));
    const exclusive = new Set(bundle.categories.filter((c) => c.exclusive).map((c) => c.id));
    const replaced = new Set(Object.entries(own).filter(([i, on]) => on && exclusive.has(category.get(i))).map(([i]) => category.get(i)));
    ids = ids.filter((i) => !replaced.has(category.get(i)) || own[i]);
  }
  return [...ids.filter((i) => own[i] !== false), ...Object.entries(own).filter(([i, on]) => on && !ids.includes(i)).map(([i]) => i)];
}

// ---------------------------------------------------------------------------
// Writing a value into Markdown
// ---------------------------------------------------------------------------
// A value is inline Markdown (emphasis, code, links) typed by a person; it must never change the
// structure around it. Backslashes are kept as typed; a line may not start a block (heading, list,
// quote, fence, table, HTML); a block value keeps its lines as hard line breaks.

const ORDERED_MARKER = /^(\d{1,9})([.)])(?=[ \t]|$)/;
const BLOCK_START = /^(?:#{1,6}(?=[ \t]|$)|[>|`~]|[-+*](?=[ \t]|$)|[-*_=](?=[-*_= \t]*$)|<[A-Za-z/!?]|\[[^\]]*\]:)/;
const LEAD = /^[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?/;

/** A line that cannot open a block (heading, list, quote, fence, table, HTML, link definition). */
export function escapeLineStart(line) {
  const marker = line.match(ORDERED_MARKER);
  if (marker) return marker[1] + "\\" + line.slice(marker[1].length);
  return BLOCK_START.test(line) ? "\\" + line : line;
}

/** Spaces that put a continuation line under the text of `line` (inside its list item). */
export function continuationIndent(line) {
  return " ".repeat(line.match(LEAD)[0].length);
}

/**
 * `value` as Markdown for one field kind: "line" (one line), "block" (lines kept as hard line
 * breaks, continuation lines indented by `indent`) or "heading" (one line in an ATX heading).
 * `lineStart`: the value begins a line, so its first line must not open a block either.
 */
export function valueMarkdown(value, kind, indent = "", lineStart = false) {
  let text = value.replaceAll("\\", "\\\\");
  if (kind === "block") {
    const lines = text.split(/\r\n|\r|\n/).map(trim).filter((line) => line !== "");
    return lines.map((x, i) => (i || lineStart ? escapeLineStart(x) : x)).join("\\\n" + indent);
  }
  text = trim(oneLine(text));
  // A closing run of # would be read as the end of the heading.
  if (kind === "heading") text = text.replace(/#+$/, (m) => "\\#".repeat(m.length));
  return lineStart ? escapeLineStart(text) : text;
}

// ---------------------------------------------------------------------------
// Choices and resolution
// ---------------------------------------------------------------------------

export function chosenProfiles(answers, bundle, order) {
  const out = [];
  for (const dim of order) {
    const id = answers.organisation[dim];
    out.push(...bundle.profiles.filter((p) => p.id === id && p.dimension === dim));
  }
  return out;
}

/**
 * Tools preselected from the profiles: per category, the picks of the most specific profile that
 * recommends one (stack, then industry, then size); only the first for an exclusive category.
 */
export function defaultTools(answers, bundle) {
  const profiles = chosenProfiles(answers, bundle, TOOL_ORDER);
  const active = new Map(bundle.tools.filter((t) => t.status === "active").map((t) => [t.id, t.category]));
  const picked = [];
  for (const category of bundle.categories) {
    for (const profile of profiles) {
      const ids = profile.tools.filter((i) => active.get(i) === category.id);
      if (ids.length) {
        picked.push(...(category.exclusive ? ids.slice(0, 1) : ids));
        break;
      }
    }
  }
  return picked;
}

/** Chosen strategies or tools in catalogue order; when the answers give none, the profiles' picks. */
export function chosen(kind, answers, bundle) {
  let picked = answers[kind];
  if (picked === null && kind === "tools") picked = defaultTools(answers, bundle);
  else if (picked === null) picked = chosenProfiles(answers, bundle, PROFILE_ORDER).flatMap((p) => p[kind]);
  picked = applyPicks(kind, picked, answers, bundle);
  return bundle[kind].filter((item) => picked.includes(item.id));
}

/** Placeholder id -> {value, source, from}; source is user, tools, profile, default or "" (none). */
export function resolve(answers, bundle) {
  const tools = chosen("tools", answers, bundle);
  const profiles = chosenProfiles(answers, bundle, PROFILE_ORDER);
  const gateOf = new Map();
  for (const stage of bundle.gate_stages) {
    for (const gate of stage.gates) {
      if (gate.placeholder && !gateOf.has(gate.placeholder)) gateOf.set(gate.placeholder, gate.id);
    }
  }
  const out = new Map();
  for (const ph of bundle.placeholders) {
    const pid = ph.id;
    if (has(answers.values, pid)) {
      out.set(pid, { value: answers.values[pid], source: "user", from: "" });
      continue;
    }
    const filled = tools.filter((t) => has(t.fills, pid));
    if (filled.length) {
      out.set(pid, { value: filled.map((t) => t.fills[pid]).join("; "), source: "tools", from: filled.map((t) => t.name).join(", ") });
      continue;
    }
    let found = null;
    for (const profile of profiles) {
      if (has(profile.placeholders, pid)) {
        found = { value: profile.placeholders[pid], source: "profile", from: profile.name };
      } else if (ph.target && has(profile.targets, ph.target)) {
        found = { value: profile.targets[ph.target], source: "profile", from: profile.name };
      } else if (gateOf.has(pid) && has(profile.gates, gateOf.get(pid))) {
        found = { value: profile.gates[gateOf.get(pid)], source: "profile", from: profile.name };
      }
    }
    if (found) out.set(pid, found);
    else if (ph.default) out.set(pid, { value: ph.default, source: "default", from: "" });
    else out.set(pid, { value: "", source: "", from: "" });
  }
  return out;
}

/** The cluster of the latest report nearest to the team's answers for today, or null without answers. */
export function closestCluster(answers, bundle) {
  if (!Object.keys(answers.current).length || !bundle.reports.length) return null;
  let report = bundle.reports[0];
  for (const r of bundle.reports) if (r.year > report.year) report = r;
  let best = null;
  let bestDistance = -1;
  for (const cluster of report.clusters) {
    let distance = 0;
    let compared = 0;
    for (const metric of bundle.metrics) {
      const scale = metric.scale.map((o) => o.id);
      const mine = answers.current[metric.id];
      const theirs = cluster.levels[metric.id];
      if (scale.includes(mine) && scale.includes(theirs)) {
        distance += Math.abs(scale.indexOf(mine) - scale.indexOf(theirs));
        compared += 1;
      }
    }
    if (compared && (best === null || distance < bestDistance)) {
      best = cluster;
      bestDistance = distance;
    }
  }
  return best ? [report, best] : null;
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

/** A block's data as Markdown. */
export function blockMarkdown(block) {
  if (block.type === "table") {
    const lines = ["| " + block.head.map(cell).join(" | ") + " |", "|" + " --- |".repeat(block.head.length)];
    for (const row of block.rows) lines.push("| " + row.map(cell).join(" | ") + " |");
    return lines.join("\n");
  }
  if (block.type === "list") {
    const markers = { bullet: "- ", check: "- [ ] " };
    return block.items.map((item, i) => (has(markers, block.kind) ? markers[block.kind] : `${i + 1}. `) + item).join("\n");
  }
  return block.text; // "text" and "markdown" nodes
}

/** One rendering: resolved values, and the placeholders still to decide in order of first use. */
export class Renderer {
  constructor(answers, bundle) {
    this.answers = answers;
    this.bundle = bundle;
    this.doc = bundle.document;
    this.labels = this.doc.labels;
    this.resolved = resolve(answers, bundle);
    this.strategies = chosen("strategies", answers, bundle);
    this.tools = chosen("tools", answers, bundle);
    this.todo = [];
    this.sectionTitle = "";
  }

  value(pid, kind = "line", indent = "", lineStart = false) {
    const entry = this.resolved.get(pid);
    if (entry.value !== "") return valueMarkdown(entry.value, kind, indent, lineStart);
    if (!this.todo.some((t) => t[0] === pid)) this.todo.push([pid, this.sectionTitle]);
    return `**${this.labels.todo}: [${pid}]**`;
  }

  substitute(text) {
    return text.replace(TOKEN, (match, pid, offset) => {
      if (!this.resolved.has(pid)) return match;
      const line = text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);
      return this.value(pid, placeholderKind(pid, this.bundle), continuationIndent(line), line.match(LEAD)[0] === line);
    });
  }

  // -- blocks: structured data first, then Markdown -------------------------

  table(head, rows) {
    if (!rows.length) return { type: "text", text: this.labels.none };
    return { type: "table", head, rows };
  }

  listing(items, kind) {
    if (!items.length) return { type: "text", text: this.labels.none };
    return { type: "list", kind, items: items.map(trim) };
  }

  block(name) {
    const L = this.labels;
    const b = this.bundle;
    const a = this.answers;
    if (name === "profile") {
      const rows = chosenProfiles(a, b, DIMENSION_ORDER).map((p) => [L.dimension_names[p.dimension], p.name, p.focus]);
      return this.table([L.dimension, L.choice, L.guideline], rows);
    }
    if (name === "targets") {
      const profiles = chosenProfiles(a, b, PROFILE_ORDER);
      const rows = [];
      for (const metric of b.metrics) {
        if (!metric.target) continue;
        const option = metric.scale.find((o) => o.id === a.current[metric.id]);
        const today = option ? option.label : L.not_assessed;
        let target;
        if (metric.placeholder) {
          target = this.value(metric.placeholder);
        } else {
          target = L.none;
          for (const p of profiles) if (has(p.targets, metric.target)) target = p.targets[metric.target];
        }
        rows.push([metric.name, today, target]);
      }
      return this.table([L.metric, L.today, L.target], rows);
    }
    if (name === "cluster") {
      const found = closestCluster(a, b);
      if (!found) return { type: "text", text: L.no_cluster };
      return { type: "text", text: fill(L.cluster, { cluster: found[1].name, report: found[0].title }) };
    }
    if (name === "strategies") {
      return this.table([L.strategy, L.summary, L.rollback], this.strategies.map((s) => [s.name, s.summary, s.rollback]));
    }
    if (name === "tools") {
      const names = Object.fromEntries(b.categories.map((c) => [c.id, c.name]));
      return this.table([L.category, L.tool, L.role], this.tools.map((t) => [names[t.category], t.name, t.summary]));
    }
    if (name === "gates") {
      const profiles = chosenProfiles(a, b, PROFILE_ORDER);
      const toolNames = new Map(this.tools.map((t) => [t.id, t.name]));
      const rows = [];
      for (const stage of b.gate_stages) {
        for (const gate of stage.gates) {
          let threshold;
          if (gate.placeholder) {
            threshold = this.value(gate.placeholder);
          } else {
            threshold = gate.threshold;
            for (const p of profiles) if (has(p.gates, gate.id)) threshold = p.gates[gate.id];
          }
          const enforced = gate.tools.filter((t) => toolNames.has(t)).map((t) => toolNames.get(t)).join(", ") || L.none;
          rows.push([stage.name, gate.name, threshold, gate.blocking ? L.yes : L.no, enforced]);
        }
      }
      return this.table([L.stage, L.gate, L.threshold, L.blocking, L.enforced_by], rows);
    }
    if (name === "compliance") {
      const items = [];
      for (const p of chosenProfiles(a, b, DIMENSION_ORDER)) for (const c of p.compliance) if (!items.includes(c)) items.push(c);
      return this.listing(items, "bullet");
    }
    if (name === "cadence") {
      const profiles = chosenProfiles(a, b, DIMENSION_ORDER);
      const rows = b.cadence.map((c) => {
        const extra = profiles.filter((p) => has(p.review_cadence, c.id)).map((p) => p.review_cadence[c.id]).join(" ") || L.none;
        return [c.name, c.focus, c.activities.join(" "), extra];
      });
      return this.table([L.review, L.focus, L.activities, L.profile_additions], rows);
    }
    if (name === "roadmap") {
      return this.listing(this.guide().steps.map((s) => `**${trim(s.title)}**: ${s.detail}`), "ordered");
    }
    if (name === "related") {
      const rows = b.related_documents.map((d) => [`${d.id} ${d.title}`, d.file, L.relations[d.relation], d.purpose]);
      return this.table([L.document, L.file, L.relation, L.purpose], rows);
    }
    if (name === "checklist") return this.listing(b.checklist, "check");
    throw new Error(`unknown block '${name}'`);
  }

  guide() {
    const situation = this.answers.organisation.situation;
    return this.bundle.guides.find((g) => g.id === situation) || this.bundle.guides[0];
  }

  applies(when) {
    const strategyIds = this.strategies.map((s) => s.id);
    const toolIds = this.tools.map((t) => t.id);
    if (when.strategies.length && !when.strategies.some((i) => strategyIds.includes(i))) return false;
    if (when.tools.length && !when.tools.some((i) => toolIds.includes(i))) return false;
    if (when.situations.length && !when.situations.includes(this.guide().id)) return false;
    return true;
  }

  /** The document as a list of nodes: headings, substituted Markdown parts and blocks. */
  nodes(date) {
    const doc = this.doc;
    const L = this.labels;
    const org = this.answers.organisation;
    const profileNames = chosenProfiles(this.answers, this.bundle, DIMENSION_ORDER).map((p) => p.name).join(" · ") || L.no_profile;
    const out = [
      { type: "heading", level: 1, text: fill(doc.title, { organisation: valueMarkdown(org.name, "heading") || doc.default_organisation }) },
      {
        type: "text",
        text: trim(fill(doc.subtitle, { version: this.bundle.version, date, profiles: profileNames, situation: this.guide().name })),
      },
    ];
    doc.sections.forEach((section, si) => {
      if (!this.applies(section.when)) return;
      this.sectionTitle = section.title;
      out.push({ type: "heading", level: 2, text: section.title });
      section.parts.forEach((part, pi) => {
        if (part.text !== null) out.push({ type: "markdown", text: trim(this.substitute(part.text)), section: si, part: pi });
        else out.push(this.block(part.block));
      });
    });
    const todo = doc.still_to_decide;
    out.push({ type: "heading", level: 2, text: todo.title });
    if (this.todo.length) {
      out.push({ type: "text", text: trim(todo.intro) });
      const descriptions = new Map(this.bundle.placeholders.map((p) => [p.id, p.description]));
      const rows = this.todo.map(([pid, where]) => ["`[" + pid + "]`", where, descriptions.get(pid)]);
      out.push(this.table([todo.placeholder, todo.section, todo.decide], rows));
    } else {
      out.push({ type: "text", text: trim(todo.none) });
    }
    return out;
  }
}

export function nodeMarkdown(node) {
  if (node.type === "heading") return "#".repeat(node.level) + " " + node.text;
  return blockMarkdown(node);
}

export function toMarkdown(nodes) {
  return nodes.map(nodeMarkdown).join("\n\n") + "\n";
}

/** The release-process document for `rawAnswers` (checked first), dated `date` (YYYY-MM-DD). */
export function render(rawAnswers, bundle, date) {
  const answers = normaliseAnswers(rawAnswers, bundle);
  return toMarkdown(new Renderer(answers, bundle).nodes(date));
}
