// Release Playbook document engine: answers + bundle -> release-process Markdown.
//
// A line-by-line port of macros/engine.py; the shared vectors in tests/vectors/ keep the two
// byte-identical (tests/test_engine_parity.py runs this module in Chromium). Change both together.
// Every sentence a reader sees comes from the bundle (data/document.yml), never from this file.

export const ANSWERS_FORMAT = "release-playbook-answers";
/** Version 2 added `parameters` and `options`; version 1 files are read as they are (they have neither). */
export const ANSWERS_VERSION = 2;
/** Order in which profiles apply their defaults: the later one wins. */
export const PROFILE_ORDER = ["size", "stack", "industry"];
/** Order in which profiles are shown. */
export const DIMENSION_ORDER = ["size", "industry", "stack"];
/** Order in which profiles are asked for tool and strategy picks: the technology stack knows its tools best. */
export const TOOL_ORDER = ["stack", "industry", "size"];
/** Order in which the chosen profiles' rules are written: regulation first. */
export const RULE_ORDER = ["industry", "stack", "size"];
const TOKEN = /\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\]/g;
const FORMAT_KEY = /\{([a-z_]+)\}/g;
/** Author guidance in the template: a paragraph that is one line of italics (kept only with `options.guidance`). */
const GUIDANCE = /\n\n[ \t]*\*[^*\n][^\n]*\*[ \t]*(?=\n|$)/g;
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

/** Text as inline code; a backtick inside gets a longer fence. */
export function codeSpan(text) {
  return text.includes("`") ? "`` " + text + " ``" : "`" + text + "`";
}

/** Text for a Markdown table cell: one line, pipes escaped. */
export function cell(text) {
  return text.replace(/[\r\n]+/g, " ").replaceAll("|", "\\|");
}

// ---------------------------------------------------------------------------
// Parameters: typed values (parameters.yml), parsed, written and compared the same way everywhere
// ---------------------------------------------------------------------------

/** A parameter named in catalogue text, e.g. `{canary.steps}`. */
export const PARAM_TOKEN = /\{([a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)\}/g;
const DURATION = /^([0-9]{1,6}) ?(s|m|h|d|w|mo|y)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, mo: 2592000, y: 31536000 };
const DECIMAL = /^([0-9]{1,6})(?:\.([0-9]+))?$/;

/** A number with at most one decimal as a whole number of tenths, else the problem's key. */
function tenthsOf(raw) {
  if (isNumber(raw)) {
    const scaled = raw * 10;
    const rounded = Math.round(scaled);
    return Math.abs(scaled - rounded) < 1e-6 ? rounded : "decimals";
  }
  if (isStr(raw)) {
    let text = trim(raw);
    if (text.endsWith("%")) text = trim(text.slice(0, -1));
    const match = DECIMAL.exec(text);
    if (!match) return "number";
    const decimals = (match[2] || "").replace(/0+$/, "");
    if (decimals.length > 1) return "decimals";
    return parseInt(match[1], 10) * 10 + (decimals ? parseInt(decimals, 10) : 0);
  }
  return "number";
}

const fromTenths = (tenths) => tenths / 10;

/** A number as the document writes it: no trailing `.0`, at most one decimal. */
export function numberText(value) {
  const tenths = Math.round(value * 10);
  return tenths % 10 === 0 ? String(Math.floor(tenths / 10)) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

export function durationSeconds(value) {
  const match = DURATION.exec(value);
  return match ? parseInt(match[1], 10) * UNIT_SECONDS[match[2]] : -1;
}

/** [canonical value, ""] or [null, problem for people]; the one rule for answers, profiles and defaults. */
export function parseParameter(param, raw, bundle) {
  const problems = bundle.parameters.problems;
  const kind = param.type;
  if (kind === "percent" || kind === "points") {
    const tenths = tenthsOf(raw);
    if (typeof tenths !== "number" || tenths < 0 || tenths > 1000) {
      return [null, problems[typeof tenths !== "string" || tenths === "number" ? "number" : tenths]];
    }
    return [fromTenths(tenths), ""];
  }
  if (kind === "percent-list") {
    const items = isStr(raw) ? raw.split(",") : raw;
    if (!Array.isArray(items) || !items.length) return [null, problems.rising];
    const steps = [];
    for (const item of items) {
      const tenths = tenthsOf(item);
      if (typeof tenths !== "number" || tenths < 10 || tenths > 1000 || (steps.length && tenths <= Math.round(steps[steps.length - 1] * 10))) {
        return [null, problems[tenths === "decimals" ? "decimals" : "rising"]];
      }
      steps.push(fromTenths(tenths));
    }
    return [steps, ""];
  }
  if (kind === "duration") {
    const match = isStr(raw) ? DURATION.exec(trim(raw)) : null;
    if (!match) return [null, problems.duration];
    const value = String(parseInt(match[1], 10)) + match[2];
    const low = param.min !== null ? durationSeconds(param.min) : 0;
    const high = param.max !== null ? durationSeconds(param.max) : -1;
    if (durationSeconds(value) < low || (high >= 0 && durationSeconds(value) > high)) {
      return [null, fill(problems.range, { min: paramText(param, param.min, bundle), max: paramText(param, param.max, bundle) })];
    }
    return [value, ""];
  }
  if (kind === "count") {
    let value = raw;
    if (isStr(value) && /^[0-9]{1,6}$/.test(trim(value))) value = parseInt(trim(value), 10);
    if (!isNumber(value) || !Number.isInteger(value)) return [null, problems.whole];
    if (value < param.min || value > param.max) return [null, fill(problems.range, { min: String(param.min), max: String(param.max) })];
    return [value, ""];
  }
  if (kind === "enum") {
    const ids = param.options.map((o) => o.id);
    if (!isStr(raw) || !ids.includes(trim(raw))) return [null, fill(problems.option, { options: ids.join(", ") })];
    return [trim(raw), ""];
  }
  // text: one line
  if (!isStr(raw) || /[\r\n]/.test(raw)) return [null, problems.line];
  if (trim(raw) === "") return [null, problems.empty];
  return [trim(raw), ""];
}

/** A canonical value as the document writes it. */
export function paramText(param, value, bundle) {
  const units = bundle.parameters.units;
  const kind = param.type;
  if (kind === "percent" || kind === "points") return units[kind].replace("{n}", numberText(value));
  if (kind === "percent-list") return value.map((v) => units.percent.replace("{n}", numberText(v))).join(units.list_separator);
  if (kind === "duration") {
    const match = DURATION.exec(value);
    const count = parseInt(match[1], 10);
    const forms = units.durations[match[2]];
    return (count === 1 ? forms[0] : forms[1]).replace("{n}", String(count));
  }
  if (kind === "count") return String(value);
  if (kind === "enum") return param.options.find((o) => o.id === value).label;
  return value;
}

/** A sort key: a larger key is a larger value in the parameter's own sense. */
function strictness(param, value) {
  const kind = param.type;
  if (kind === "duration") return [durationSeconds(value)];
  if (kind === "enum") return [param.options.map((o) => o.id).indexOf(value)];
  if (kind === "percent-list") return [value[0], -value.length];
  return [value];
}

function keyLess(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

/** Whether value `a` is stricter than `b` (for `none`, the later profile wins: always true). */
export function stricter(param, a, b) {
  const ka = strictness(param, a);
  const kb = strictness(param, b);
  if (param.stricter === "higher") return keyLess(kb, ka);
  if (param.stricter === "lower") return keyLess(ka, kb);
  return true;
}

// ---------------------------------------------------------------------------
// Answers: check a raw object and normalise it
// ---------------------------------------------------------------------------
// The check never trusts the file: unknown keys, wrong types, text that is not valid Unicode and
// ids this catalogue does not know are each reported by path, in one fixed order (keys sorted by
// code point) so that both engines list them alike. `checkAnswers` keeps every usable part (the
// wizard uses it for saved answers and links); `normaliseAnswers` refuses anything with a problem.

export const ANSWERS_KEYS = ["format", "version", "playbook", "organisation", "strategies", "tools", "picks", "current", "values", "parameters", "options"];
export const ORGANISATION_KEYS = ["name", "size", "industry", "stack", "situation"];
export const PICK_KINDS = ["strategies", "tools"];
/** Problem kinds in the order they are reported; each names a message in document.yml. */
export const PROBLEM_KINDS = ["unknown_keys", "wrong_type", "bad_text", "invalid", "parameters"];
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
  if (!isObject(raw) || raw.format !== ANSWERS_FORMAT) throw new AnswersError(fill(messages.foreign, { playbook: bundle.name }));
  const version = raw.version;
  if (!isNumber(version)) throw new AnswersError(fill(messages.wrong_type, { detail: "version" }) + " " + messages.unchanged);
  // JSON has one number type: 1 and 1.0 are the same version (as in the Python engine).
  if (!Number.isInteger(version) || version < 1) throw new AnswersError(fill(messages.invalid, { detail: "version" }) + " " + messages.unchanged);
  if (version > ANSWERS_VERSION) throw new AnswersError(fill(messages.newer, { playbook: bundle.name }));

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
  // What the document said when the file was written (playbookRecord in state.js): read by `render --since`, not here.
  section("playbook");

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

  // Typed parameters (id -> text, number, or a list of them), each checked by its type's rule.
  const parameters = {};
  const parametersRaw = section("parameters");
  const knownParams = new Map(bundle.parameters.items.map((p) => [p.id, p]));
  for (const key of sortedKeys(parametersRaw)) {
    const value = parametersRaw[key];
    const items = Array.isArray(value) ? value : [value];
    if (!knownParams.has(key)) {
      problems.invalid.push(`parameters.${shown(key)}`);
    } else if (!items.every((v) => isStr(v) || isNumber(v))) {
      problems.wrong_type.push(`parameters.${shown(key)}`);
    } else if (!items.filter(isStr).every(wellFormed)) {
      problems.bad_text.push(`parameters.${shown(key)}`);
    } else if (!(isStr(value) && trim(value) === "")) {
      const [parsed, problem] = parseParameter(knownParams.get(key), value, bundle);
      if (problem) problems.parameters.push(fill(messages.parameter, { label: knownParams.get(key).label, id: key, problem }));
      else parameters[key] = parsed;
    }
  }

  const options = { guidance: false };
  const optionsRaw = section("options");
  for (const key of sortedKeys(optionsRaw)) {
    if (key !== "guidance") problems.unknown_keys.push(`options.${shown(key)}`);
    else if (typeof optionsRaw[key] !== "boolean") problems.wrong_type.push("options.guidance");
    else options.guidance = optionsRaw[key];
  }

  const answers = { organisation: org, strategies, tools, picks, current, values, parameters, options };
  return [answers, problems];
}

/** One sentence per kind of problem, in PROBLEM_KINDS order. */
export function problemsMessage(problems, bundle) {
  const messages = bundle.document.messages;
  return PROBLEM_KINDS.filter((kind) => problems[kind].length)
    .map((kind) => fill(messages[kind], { detail: problems[kind].join(kind === "parameters" ? "; " : ", ") }))
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

/** Where the chosen stack runs (`kubernetes`, `vm`, `serverless`, `mobile`), or "" when no stack is chosen. */
export function stackPlatform(answers, bundle) {
  for (const profile of chosenProfiles(answers, bundle, ["stack"])) return profile.platform || "";
  return "";
}

/** Whether a tool or strategy runs on the platform ("" fits everything; an item without `runs_on` runs anywhere). */
export function fits(item, platform) {
  return platform === "" || !item.runs_on.length || item.runs_on.includes(platform);
}

/**
 * Tools preselected from the profiles: per category, the picks of the most specific profile that
 * recommends one (stack, then industry, then size); only the first for an exclusive category. A tool
 * that does not run on the chosen stack is never preselected.
 */
export function defaultTools(answers, bundle) {
  const profiles = chosenProfiles(answers, bundle, TOOL_ORDER);
  const platform = stackPlatform(answers, bundle);
  const active = new Map(bundle.tools.filter((t) => t.status === "active" && fits(t, platform)).map((t) => [t.id, t.category]));
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

/**
 * Strategy ids to start from: the main deployment strategy of the most specific profile (the first it
 * recommends that deploys and that the stack can run), then those every chosen profile recommends; a lean
 * set a team can operate, most specific profile first, best first.
 */
export function recommendedStrategies(answers, bundle) {
  const platform = stackPlatform(answers, bundle);
  const runs = new Map(bundle.strategies.filter((s) => fits(s, platform)).map((s) => [s.id, s]));
  const profiles = chosenProfiles(answers, bundle, TOOL_ORDER);
  const out = [];
  for (const profile of profiles) {
    const main = profile.strategies.find((i) => runs.has(i) && runs.get(i).deploys);
    if (main) {
      out.push(main);
      break;
    }
  }
  for (const profile of profiles) {
    for (const id of profile.strategies) {
      if (runs.has(id) && !out.includes(id) && profiles.every((p) => p.strategies.includes(id))) out.push(id);
    }
  }
  return out;
}

/** Chosen strategies or tools in catalogue order; when the answers give none, the profiles' picks. */
export function chosen(kind, answers, bundle) {
  let picked = answers[kind];
  if (picked === null && kind === "tools") picked = defaultTools(answers, bundle);
  else if (picked === null) picked = recommendedStrategies(answers, bundle);
  picked = applyPicks(kind, picked, answers, bundle);
  return bundle[kind].filter((item) => picked.includes(item.id));
}

/**
 * Parameter id -> {value, text, source, from}: the team's value, else the strictest value of the
 * chosen profiles, else the playbook default; source is user, profile, default or "" (a name nobody gave).
 */
export function resolveParameters(answers, bundle) {
  const profiles = chosenProfiles(answers, bundle, PROFILE_ORDER);
  const out = new Map();
  for (const param of bundle.parameters.items) {
    const pid = param.id;
    let entry = null;
    if (has(answers.parameters, pid)) {
      entry = { value: answers.parameters[pid], source: "user", from: "" };
    } else {
      for (const profile of profiles) {
        if (has(profile.parameters, pid)) {
          const value = profile.parameters[pid];
          if (entry === null || stricter(param, value, entry.value)) entry = { value, source: "profile", from: profile.name };
        }
      }
    }
    if (entry === null) entry = { value: param.default, source: param.default !== null ? "default" : "", from: "" };
    entry.text = entry.value !== null ? paramText(param, entry.value, bundle) : "";
    out.set(pid, entry);
  }
  return out;
}

/** The default deployment strategy, written from the chosen strategies (never from text about others). */
export function strategySentence(strategies, answers, bundle) {
  const labels = bundle.document.labels;
  const order = recommendedStrategies(answers, bundle);
  const rank = (s) => (order.includes(s.id) ? order.indexOf(s.id) : order.length);
  const ranked = [...strategies].sort((x, y) => rank(x) - rank(y));
  const main = ranked.find((s) => s.deploys);
  if (!main) return "";
  const others = ranked.filter((s) => s !== main).map((s) => s.name);
  if (!others.length) return fill(labels.default_strategy_only, { strategy: main.name });
  return fill(labels.default_strategy, { strategy: main.name, others: others.join(", ") });
}

/**
 * Placeholder id -> {value, rule, source, from, review}. The rule is what the organisation requires:
 * the team's own value, else every chosen profile's rule (industry, then stack, then size: none is
 * dropped), else the playbook default. The chosen tools then say how they implement it, after the rule
 * and never instead of it. `review` marks a value only the playbook's default supplied.
 */
export function resolve(answers, bundle, params, expand) {
  const labels = bundle.document.labels;
  const tools = chosen("tools", answers, bundle);
  const strategies = chosen("strategies", answers, bundle);
  const profiles = chosenProfiles(answers, bundle, RULE_ORDER);
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
      const value = answers.values[pid];
      out.set(pid, { value, rule: value, source: "user", from: "", review: false });
      continue;
    }
    let rules = [];
    for (const profile of profiles) {
      if (has(profile.placeholders, pid)) rules.push([expand(profile.placeholders[pid]), profile.name]);
    }
    let fromProfiles = rules.length > 0;
    if (ph.derived === "strategies") {
      // Written from the chosen strategies, so it cannot name one the team did not choose.
      const lead = strategySentence(strategies, answers, bundle);
      rules = (lead ? [[lead, ""]] : []).concat(rules);
    } else if (!rules.length && ph.default) {
      rules.push([expand(ph.default), ""]);
    }
    if (gateOf.has(pid)) {
      for (const profile of profiles) {
        if (has(profile.gates, gateOf.get(pid))) {
          rules.push([expand(profile.gates[gateOf.get(pid)]), profile.name]);
          fromProfiles = true;
        }
      }
    }
    const rule =
      rules.length === 1
        ? rules[0][0]
        : rules.map(([r, n]) => (n ? fill(labels.rule_from, { rule: r, profile: n }) : r)).join(labels.rule_separator);
    const how = tools.filter((t) => has(t.fills, pid)).map((t) => [t.name, expand(t.fills[pid])]);
    let value = rule;
    for (const [name, text] of how) value += fill(value ? labels.mechanism : labels.mechanism_only, { tool: name, how: text });
    let source = fromProfiles ? "profile" : how.length ? "tools" : rule ? "default" : "";
    // A default sentence that only frames numbers the team or its profiles set is no guess.
    const framed = ph.default !== null && [...ph.default.matchAll(PARAM_TOKEN)].some((m) => ["user", "profile"].includes(params.get(m[1]).source));
    if (ph.derived === "strategies" && rule) source = answers.strategies !== null ? "user" : "profile";
    const names = profiles.filter((p) => rules.some((r) => r[1] === p.name)).map((p) => p.name).concat(how.map((h) => h[0]));
    out.set(pid, { value, rule, source, from: names.join(", "), review: source === "default" && !framed });
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

/**
 * One rendering: parameters and placeholders resolved, and what is still to decide or to review,
 * each in order of first use.
 */
export class Renderer {
  constructor(answers, bundle) {
    this.answers = answers;
    this.bundle = bundle;
    this.doc = bundle.document;
    this.labels = this.doc.labels;
    this.todo = [];
    this.reviewed = [];
    this.sectionTitle = "";
    this.params = resolveParameters(answers, bundle);
    this.paramOf = new Map(bundle.parameters.items.map((p) => [p.id, p]));
    this.resolved = resolve(answers, bundle, this.params, (text) => this.expand(text));
    this.strategies = chosen("strategies", answers, bundle);
    this.tools = chosen("tools", answers, bundle);
    this.platform = stackPlatform(answers, bundle);
    // The playbook site's address, for links to its pages; the bundle carries none until a runtime sets it.
    this.siteUrl = bundle.site_url || "";
  }

  noteTodo(key) {
    if (!this.todo.some((t) => t[0] === key)) this.todo.push([key, this.sectionTitle]);
  }

  /** A parameter's value as text; a name nobody gave is a visible TODO. */
  param(pid) {
    const entry = this.params.get(pid);
    // A name the team typed is data: written so that it cannot change the document around it.
    if (entry.text !== "") return this.paramOf.get(pid).type === "text" ? valueMarkdown(entry.text, "line") : entry.text;
    this.noteTodo("{" + pid + "}");
    return `**${this.labels.todo}: ${this.paramOf.get(pid).label}**`;
  }

  /** Catalogue text with every `{group.name}` written as that parameter's value. */
  expand(text) {
    return text.replace(PARAM_TOKEN, (match, pid) => (this.params.has(pid) ? this.param(pid) : match));
  }

  value(pid, kind = "line", indent = "", lineStart = false) {
    const entry = this.resolved.get(pid);
    if (entry.value !== "") {
      if (!entry.review) return valueMarkdown(entry.value, kind, indent, lineStart);
      if (!this.reviewed.includes(pid)) this.reviewed.push(pid);
      return valueMarkdown(entry.value, kind, indent, lineStart) + this.labels.review_mark;
    }
    this.noteTodo(pid);
    return `**${this.labels.todo}: [${pid}]**`;
  }

  /** What the organisation requires for a placeholder, without the tools' part (for thresholds). */
  rule(pid) {
    const entry = this.resolved.get(pid);
    if (entry.rule === "") return this.value(pid);
    if (!entry.review) return valueMarkdown(entry.rule, "line");
    if (!this.reviewed.includes(pid)) this.reviewed.push(pid);
    return valueMarkdown(entry.rule, "line") + this.labels.review_mark;
  }

  /** Template text: guidance left out unless asked for, parameters and placeholders written in. */
  substitute(text) {
    let out = this.answers.options.guidance ? text : text.replace(GUIDANCE, "");
    out = this.expand(out);
    return out.replace(TOKEN, (match, pid, offset) => {
      if (!this.resolved.has(pid)) return match;
      const line = out.slice(out.lastIndexOf("\n", offset - 1) + 1, offset);
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
      if (!rows.length) return { type: "text", text: L.no_profile_chosen };
      return this.table([L.dimension, L.choice, L.guideline], rows);
    }
    if (name === "numbers") {
      const rows = [];
      for (const param of b.parameters.items) {
        const entry = this.params.get(param.id);
        if (param.type === "text") continue;
        const origin = entry.source === "profile" ? entry.from : L.sources[entry.source];
        rows.push([param.label, entry.text, origin]);
      }
      return this.table([L.setting, L.value, L.source], rows);
    }
    if (name === "targets") {
      const rows = [];
      for (const metric of b.metrics) {
        if (!metric.placeholder && !metric.parameter) continue;
        const option = metric.scale.find((o) => o.id === a.current[metric.id]);
        const today = option ? option.label : L.not_assessed;
        const target = metric.placeholder ? this.value(metric.placeholder) : this.param(metric.parameter);
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
      const rows = this.strategies.map((s) => [s.name + this.unfit(s), s.summary, s.rollback]);
      if (!rows.length) return { type: "text", text: L.no_strategy };
      return this.table([L.strategy, L.summary, L.rollback], rows);
    }
    if (name === "tools") {
      const names = Object.fromEntries(b.categories.map((c) => [c.id, c.name]));
      const rows = this.tools.map((t) => [names[t.category], t.name + this.unfit(t), t.summary]);
      if (!rows.length) return { type: "text", text: L.no_tool };
      return this.table([L.category, L.tool, L.role], rows);
    }
    if (name === "gates") {
      const profiles = chosenProfiles(a, b, RULE_ORDER);
      const toolNames = new Map(this.tools.map((t) => [t.id, t.name]));
      const rows = [];
      for (const stage of b.gate_stages) {
        for (const gate of stage.gates) {
          let threshold;
          if (gate.placeholder) {
            threshold = this.rule(gate.placeholder);
          } else {
            const extra = profiles
              .filter((p) => has(p.gates, gate.id))
              .map((p) => fill(L.rule_from, { rule: this.expand(p.gates[gate.id]), profile: p.name }));
            threshold = [this.expand(gate.threshold)].concat(extra).join(L.rule_separator);
          }
          const enforced = gate.tools.filter((t) => toolNames.has(t)).map((t) => toolNames.get(t)).join(", ") || L.not_enforced;
          rows.push([stage.name, gate.name, threshold, gate.blocking ? L.yes : L.no, enforced]);
        }
      }
      return this.table([L.stage, L.gate, L.threshold, L.blocking, L.enforced_by], rows);
    }
    if (name === "compliance") {
      const items = [];
      for (const p of chosenProfiles(a, b, DIMENSION_ORDER)) for (const c of p.compliance) if (!items.includes(c)) items.push(c);
      if (!items.length) return { type: "text", text: L.no_compliance };
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
      const guide = this.guide();
      if (guide === null) return { type: "text", text: L.no_roadmap };
      return this.listing(guide.steps.map((s) => `**${trim(s.title)}**: ${s.detail}`), "ordered");
    }
    if (name === "related") {
      const rows = [];
      for (const d of b.related_documents) {
        let ours = this.params.get(d.parameter).text;
        if (ours === "") {
          ours = L.not_named;
          this.reviewed.push("{" + d.parameter + "}");
        }
        rows.push([d.title, ours, L.relations[d.relation], d.purpose]);
      }
      return this.table([L.document, L.ours, L.relation, L.purpose], rows);
    }
    if (name === "roles") {
      const roles = b.incidents.roles;
      const rows = roles.map((r) => [r.name, r.parameter ? this.param(r.parameter) : L.named_per_incident, r.summary]);
      return this.table([L.role_name, L.who, L.duties], rows);
    }
    if (name === "raci") {
      const roles = b.incidents.roles;
      const rows = b.incidents.raci.map((row) => [row.activity].concat(roles.map((r) => (has(row.roles, r.id) ? row.roles[r.id] : ""))));
      return this.table([L.step].concat(roles.map((r) => r.name)), rows);
    }
    if (name === "severity") {
      const rows = b.incidents.severities.map((x) => [
        `**${x.id}** ${x.name}`,
        x.definition,
        x.examples[0],
        x.paged,
        this.expand(x.acknowledge),
        this.expand(x.updates),
      ]);
      return this.table([L.severity, L.definition, L.example, L.paged, L.response, L.updates], rows);
    }
    if (name === "runbook") {
      const items = [];
      for (const tool of this.tools) {
        for (const step of tool.operate) {
          let item = fill(L.runbook_item, { tool: tool.name, action: L.actions[step.action], how: trim(step.how) });
          if (step.command) {
            // One shell command per line; a line ending in a backslash goes on in the next.
            const joined = step.command.replace(/[ \t]*\\\n[ \t]*/g, " ");
            const lines = joined.split("\n").map(trim).filter((x) => x !== "");
            item += fill(L.runbook_command, { commands: lines.map(codeSpan).join(L.runbook_then) });
          }
          if (step.takes) item += fill(L.runbook_takes, { takes: trim(step.takes) });
          if (step.verify) item += fill(L.runbook_verify, { verify: trim(step.verify) });
          items.push(item);
        }
      }
      if (!items.length) return { type: "text", text: L.no_runbook };
      return this.listing(items, "bullet");
    }
    if (name === "checklist") return this.listing(b.checklist, "check");
    throw new Error(`unknown block '${name}'`);
  }

  /** A note after a tool or strategy the team chose although it does not run on the chosen stack. */
  unfit(item) {
    if (fits(item, this.platform)) return "";
    const names = this.labels.platforms;
    return fill(this.labels.unfit, { platforms: item.runs_on.map((p) => names[p]).join(", "), stack: names[this.platform] });
  }

  guide() {
    const situation = this.answers.organisation.situation;
    return this.bundle.guides.find((g) => g.id === situation) || null;
  }

  applies(when) {
    const strategyIds = this.strategies.map((s) => s.id);
    const toolIds = this.tools.map((t) => t.id);
    if (when.strategies.length && !when.strategies.some((i) => strategyIds.includes(i))) return false;
    if (when.tools.length && !when.tools.some((i) => toolIds.includes(i))) return false;
    if (when.situations.length && (this.guide() === null || !when.situations.includes(this.guide().id))) return false;
    if (when.platforms.length && this.platform !== "" && !when.platforms.includes(this.platform)) {
      // Another stack: only a chosen tool that does not fit it, and runs there, brings the text back.
      return this.tools.some((t) => !fits(t, this.platform) && when.platforms.some((p) => t.runs_on.includes(p)));
    }
    return true;
  }

  /** The document as a list of nodes: headings, substituted Markdown parts and blocks. */
  nodes(date) {
    const doc = this.doc;
    const L = this.labels;
    const org = this.answers.organisation;
    const profileNames = chosenProfiles(this.answers, this.bundle, DIMENSION_ORDER).map((p) => p.name).join(" · ") || L.no_profile;
    const guide = this.guide();
    const out = [
      { type: "heading", level: 1, text: fill(doc.title, { organisation: valueMarkdown(org.name, "heading") || doc.default_organisation }) },
      {
        type: "text",
        text: trim(
          fill(doc.subtitle, { playbook: this.bundle.name, version: this.bundle.version, date, profiles: profileNames, situation: guide ? guide.name : L.no_situation }),
        ),
      },
    ];
    // The starter kit renders its copy of the document with its files (bundle "kit_files": [path, sections]):
    // each is named under the first of its sections that the document shows.
    const shown = doc.sections.filter((s) => this.applies(s.when)).map((s) => s.id);
    const kitHome = new Map();
    for (const [path, sections] of this.bundle.kit_files || []) {
      const home = sections.find((sid) => shown.includes(sid));
      if (home !== undefined) kitHome.set(path, home);
    }
    doc.sections.forEach((section, si) => {
      if (!this.applies(section.when)) return;
      this.sectionTitle = section.title;
      out.push({ type: "heading", level: 2, text: section.title });
      section.parts.forEach((part, pi) => {
        if (!this.applies(part.when)) return;
        if (part.text !== null) out.push({ type: "markdown", text: trim(this.substitute(part.text)), section: si, part: pi });
        else out.push(this.block(part.block));
      });
      const kitHere = [...kitHome].filter(([, where]) => where === section.id).map(([path]) => path);
      if (kitHere.length) {
        out.push({ type: "text", text: fill(L.kit_files, { files: kitHere.map((p) => codeSpan(p)).join(L.see_separator) }) });
      }
      if (section.see.length && this.siteUrl) {
        const links = section.see.map((p) => `[${p.title}](${pageUrl(this.siteUrl, p.page)})`).join(L.see_separator);
        out.push({ type: "text", text: fill(L.see, { links }) });
      }
    });
    const todo = doc.still_to_decide;
    out.push({ type: "heading", level: 2, text: todo.title });
    if (this.todo.length) {
      out.push({ type: "text", text: trim(todo.intro) });
      const rows = this.todo.map(([key, where]) => [this.itemName(key), where, this.itemDescription(key)]);
      out.push(this.table([todo.placeholder, todo.section, todo.decide], rows));
    } else {
      out.push({ type: "text", text: trim(todo.none) });
    }
    const review = doc.review;
    out.push({ type: "heading", level: 2, text: review.title });
    const keys = this.bundle.parameters.items
      .filter((p) => this.params.get(p.id).source === "default")
      .map((p) => "{" + p.id + "}")
      .concat(this.reviewed);
    if (keys.length) {
      out.push({ type: "text", text: trim(review.intro) });
      out.push(this.table([review.item, review.why], keys.map((k) => [this.itemName(k), this.itemDescription(k)])));
    } else {
      out.push({ type: "text", text: trim(review.none) });
    }
    return out;
  }

  /** How the still-to-decide and review tables name a placeholder (`[ID]`) or a parameter (its label). */
  itemName(key) {
    if (key.startsWith("{")) return this.paramOf.get(key.slice(1, -1)).label;
    return "`[" + key + "]`";
  }

  itemDescription(key) {
    if (key.startsWith("{")) return this.paramOf.get(key.slice(1, -1)).description;
    return this.bundle.placeholders.find((p) => p.id === key).description;
  }
}

// The address of a site page from its source path: process/roles.md -> SITE/process/roles/.
export function pageUrl(siteUrl, page) {
  const hash = page.indexOf("#");
  let path = hash === -1 ? page : page.slice(0, hash);
  const anchor = hash === -1 ? "" : page.slice(hash + 1);
  path = path.slice(0, -".md".length);
  if (path === "index" || path.endsWith("/index")) path = path.slice(0, -"index".length);
  else path += "/";
  const base = siteUrl.endsWith("/") ? siteUrl : siteUrl + "/";
  return base + path + (anchor ? "#" + anchor : "");
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
