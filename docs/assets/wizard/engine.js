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

/**
 * Check `raw` against the bundle and return complete answers; throw AnswersError otherwise.
 * @param {unknown} raw
 * @param {object} bundle
 */
export function normaliseAnswers(raw, bundle) {
  const messages = bundle.document.messages;
  if (!isObject(raw) || raw.format !== ANSWERS_FORMAT) throw new AnswersError(messages.foreign);
  const version = raw.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new AnswersError(fill(messages.invalid, { detail: "version" }));
  }
  if (version > ANSWERS_VERSION) throw new AnswersError(messages.newer);

  const bad = [];
  let orgRaw = has(raw, "organisation") ? raw.organisation : {};
  if (!isObject(orgRaw)) {
    bad.push("organisation");
    orgRaw = {};
  }
  const org = { name: "", size: "", industry: "", stack: "", situation: "" };
  const name = has(orgRaw, "name") ? orgRaw.name : "";
  if (isStr(name)) org.name = name;
  else bad.push("organisation.name");
  for (const dim of DIMENSION_ORDER) {
    const value = has(orgRaw, dim) ? orgRaw[dim] : "";
    const known = bundle.profiles.filter((p) => p.dimension === dim).map((p) => p.id);
    if (value === "" || (isStr(value) && known.includes(value))) org[dim] = value;
    else bad.push(`organisation.${dim}`);
  }
  const situation = has(orgRaw, "situation") ? orgRaw.situation : "";
  if (situation === "" || (isStr(situation) && bundle.guides.map((g) => g.id).includes(situation))) {
    org.situation = situation;
  } else {
    bad.push("organisation.situation");
  }

  const idList = (key, items) => {
    const value = has(raw, key) ? raw[key] : null;
    if (value === null || value === undefined) return null;
    const known = items.map((i) => i.id);
    if (!Array.isArray(value) || !value.every((v) => isStr(v) && known.includes(v))) {
      bad.push(key);
      return null;
    }
    return known.filter((i) => value.includes(i));
  };
  const strategies = idList("strategies", bundle.strategies);
  const tools = idList("tools", bundle.tools);

  const current = {};
  let currentRaw = has(raw, "current") ? raw.current : {};
  if (!isObject(currentRaw)) {
    bad.push("current");
    currentRaw = {};
  }
  for (const [key, value] of Object.entries(currentRaw)) {
    const metric = bundle.metrics.find((x) => x.id === key);
    if (!metric || !(isStr(value) && (value === "" || metric.scale.map((o) => o.id).includes(value)))) {
      bad.push(`current.${key}`);
    } else if (value !== "") {
      current[key] = value;
    }
  }

  const values = {};
  let valuesRaw = has(raw, "values") ? raw.values : {};
  if (!isObject(valuesRaw)) {
    bad.push("values");
    valuesRaw = {};
  }
  const knownIds = bundle.placeholders.map((p) => p.id);
  for (const [key, value] of Object.entries(valuesRaw)) {
    if (!knownIds.includes(key) || !isStr(value)) bad.push(`values.${key}`);
    else if (value !== "") values[key] = value;
  }

  if (bad.length) throw new AnswersError(fill(messages.invalid, { detail: bad.join(", ") }));
  return { organisation: org, strategies, tools, current, values };
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

  value(pid) {
    const entry = this.resolved.get(pid);
    if (entry.value !== "") return entry.value;
    if (!this.todo.some((t) => t[0] === pid)) this.todo.push([pid, this.sectionTitle]);
    return `**${this.labels.todo}: [${pid}]**`;
  }

  substitute(text) {
    return text.replace(TOKEN, (match, pid) => (this.resolved.has(pid) ? this.value(pid) : match));
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
      { type: "heading", level: 1, text: fill(doc.title, { organisation: org.name || doc.default_organisation }) },
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
