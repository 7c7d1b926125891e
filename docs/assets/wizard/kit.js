// The starter kit: the chosen tools' configuration files, filled with the team's parameters.
// A line-by-line port of macros/kit.py (read its docstring for the template language); the two
// must produce byte-identical kits (tests/kit_vectors/, checked in Chromium by tests/test_kit.py).
import {
  AnswersError,
  chosen,
  durationSeconds,
  normaliseAnswers,
  numberText,
  paramText,
  render,
  resolveParameters,
  stackPlatform,
  trim,
  valueMarkdown,
} from "./engine.js";

export { AnswersError };

const TOKEN = /«([^«»]*)»/g;
const EACH = /^[ \t]*«each ([a-z][a-z0-9.-]*)((?:\|[a-z][a-z-]*)*) as ([a-z][a-z0-9]*)»[ \t]*$/;
const END = /^[ \t]*«end»[ \t]*$/;
const INSERT = /^([a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)?)((?:\|[a-z][a-z-]*)+)$/;
const ASCII_UPPER = /[A-Z]/g;
const NOT_SLUG = /[^a-z0-9]+/g;
const COMMAND_NAME = /<([a-z][a-z0-9-]*)>/g;
const UNSAFE_CHAR = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
const TRAILING_SPACE = /[ \t]+$/;
const SLUG_MAX = 40;

const NUMBER_KINDS = ["percent", "points", "count", "step"];
const SCALAR_KINDS = ["text", "percent", "points", "count", "step", "duration", "enum"];
export const FILTERS = {
  yaml: [[...SCALAR_KINDS, "percent-list"], "out"],
  json: [[...SCALAR_KINDS, "percent-list"], "out"],
  shell: [SCALAR_KINDS, "out"],
  hcl: [SCALAR_KINDS, "out"],
  markdown: [SCALAR_KINDS, "out"],
  number: [NUMBER_KINDS, "text"],
  integer: [NUMBER_KINDS, "text"],
  ratio: [["percent", "points", "step"], "text"],
  seconds: [["duration"], "text"],
  minutes: [["duration"], "text"],
  "go-duration": [["duration"], "text"],
  words: [["percent", "points", "count", "step", "duration", "enum", "percent-list"], "text"],
  slug: [["text"], "text"],
  "go-template": [["text"], "text"],
  first: [["percent-list"], "step"],
  complement: [["percent", "step"], "step"],
  "plus-one": [["count"], "count"],
  // exceedable: a limit as a list of itself when a value can pass it (below 100%), else an empty list:
  // «each dora.change-failure-rate|exceedable as limit» writes what only a reachable limit needs.
  exceedable: [["percent"], "percent-list"],
  // present: a text as a list of itself when it is not empty, else an empty list:
  // «each organisation.name|present as name» writes lines only for a name the team gave.
  present: [["text"], "list"],
};
const SAFE_LAST = ["yaml", "json", "shell", "hcl", "markdown", "number", "integer", "ratio", "seconds", "minutes", "go-duration", "words", "slug"];
const IF = /^[ \t]*«if ([a-z]+)((?: [a-z][a-z0-9-]*)+)»[ \t]*$/;
const CONDITIONS = {
  // «if any TOOL ...»: kept when one of the tools is chosen; «if none TOOL ...»: when none is.
  any: (named, tools) => named.some((t) => tools.includes(t)),
  none: (named, tools) => !named.some((t) => tools.includes(t)),
};

export class KitError extends Error {}

const replaceAll = (text, from, to) => text.split(from).join(to);

// ---------------------------------------------------------------------------
// Escaping: one function per format
// ---------------------------------------------------------------------------

function escapeChar(ch) {
  return "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
}

export function quoted(text) {
  return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(UNSAFE_CHAR, escapeChar) + '"';
}

export function shellQuoted(text) {
  return "'" + text.replace(/'/g, "'\\''") + "'";
}

export function hclQuoted(text) {
  return replaceAll(replaceAll(quoted(text), "${", "$${"), "%{", "%%{");
}

export function slug(text, fallback) {
  const lower = text.replace(ASCII_UPPER, (c) => c.toLowerCase());
  const out = lower.replace(NOT_SLUG, "-").replace(/^-+|-+$/g, "").slice(0, SLUG_MAX).replace(/^-+|-+$/g, "");
  return out || fallback;
}

export function ratioText(value) {
  const tenths = Math.round(value * 10);
  const whole = Math.floor(tenths / 1000);
  const rest = tenths % 1000;
  return rest === 0 ? String(whole) : `${whole}.` + String(rest).padStart(3, "0").replace(/0+$/, "");
}

export function goDuration(seconds) {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

// ---------------------------------------------------------------------------
// Values a template can name
// ---------------------------------------------------------------------------

function plain(kind, value) {
  if (NUMBER_KINDS.includes(kind)) return numberText(value);
  return value;
}

export function applyFilter(name, kind, value, param, bundle, where) {
  const kit = bundle.kit;
  if (name === "yaml" || name === "json") {
    if (kind === "percent-list") return ["out", "[" + value.map((v) => numberText(v)).join(", ") + "]"];
    return ["out", quoted(plain(kind, value))];
  }
  if (name === "shell") return ["out", shellQuoted(plain(kind, value))];
  if (name === "hcl") return ["out", hclQuoted(plain(kind, value))];
  if (name === "markdown") return ["out", valueMarkdown(plain(kind, value), "line")];
  if (name === "number") return ["text", numberText(value)];
  if (name === "integer") {
    if (!Number.isInteger(value)) {
      throw new KitError(replaceAll(replaceAll(kit.messages.whole, "{where}", where), "{value}", numberText(value)));
    }
    return ["text", String(value)];
  }
  if (name === "ratio") return ["text", ratioText(value)];
  if (name === "seconds") return ["text", String(durationSeconds(value))];
  if (name === "minutes") return ["text", String(Math.ceil(durationSeconds(value) / 60))];
  if (name === "go-duration") return ["text", goDuration(durationSeconds(value))];
  if (name === "words") return ["text", paramText({ ...param, type: kind === "step" ? "percent" : kind }, value, bundle)];
  if (name === "go-template") return ["text", replaceAll(value, "{{", '{{ "{{" }}')];
  if (name === "first") return ["step", value[0]];
  if (name === "complement") return ["step", Math.round((100 - value) * 10) / 10];
  if (name === "plus-one") return ["count", value + 1];
  if (name === "exceedable") return ["percent-list", value < 100 ? [value] : []];
  if (name === "present") return ["list", value ? [value] : []];
  // slug
  return ["text", slug(value, kit.default_name)];
}

class Scope {
  constructor(answers, bundle, params, runbook, operate) {
    this.bundle = bundle;
    this.paramOf = Object.fromEntries(bundle.parameters.items.map((p) => [p.id, p]));
    this.values = new Map();
    for (const [pid, entry] of params) {
      const param = this.paramOf[pid];
      if (entry.value !== null) this.values.set(pid, [param.type, entry.value, param]);
    }
    this.values.set("organisation.name", ["text", answers.organisation.name, {}]);
    this.values.set("runbook", ["list", runbook, {}]);
    for (const [action, steps] of operate) this.values.set("operate." + action, ["list", steps, {}]);
    this.toolIds = new Set(bundle.tools.map((t) => t.id));
    this.tools = []; // ids of the chosen tools, for «if any/none» blocks
    this.everyBranch = false; // fill every «if» block whatever the tools (to check templates)
  }

  lookup(name, local) {
    const dot = name.indexOf(".");
    const head = dot < 0 ? name : name.slice(0, dot);
    const field = dot < 0 ? "" : name.slice(dot + 1);
    if (local.has(head)) {
      const [kind, value, param] = local.get(head);
      if (!field) return [kind, value, param];
      if (kind === "object" && Object.prototype.hasOwnProperty.call(value, field)) {
        const item = value[field];
        return [Array.isArray(item) ? "list" : "text", item, {}];
      }
      return null;
    }
    return this.values.has(name) ? this.values.get(name) : null;
  }
}

function item(kind, value, param) {
  if (kind === "percent-list") return ["step", value, param];
  return [value !== null && typeof value === "object" && !Array.isArray(value) ? "object" : "text", value, {}];
}

export function fillTemplate(text, where, scope) {
  const lines = text.split("\n");
  const out = [];

  const run = (start, stop, local) => {
    let i = start;
    while (i < stop) {
      const line = lines[i];
      const each = EACH.exec(line);
      if (each) {
        const end = matchingEnd(lines, i, where);
        let found = scope.lookup(each[1], local);
        for (const f of each[2] ? each[2].slice(1).split("|") : []) {
          if (!Object.prototype.hasOwnProperty.call(FILTERS, f) || found === null || !FILTERS[f][0].includes(found[0]) || !["percent-list", "list"].includes(FILTERS[f][1])) {
            throw new KitError(`${where}:${i + 1}: «each ${each[1]}${each[2]}» cannot use the filter '${f}'; a loop takes only a filter giving a list (exceedable, present)`);
          }
          found = [...applyFilter(f, found[0], found[1], found[2], scope.bundle, `${where}:${i + 1}`), found[2]];
        }
        if (found === null || !["percent-list", "list"].includes(found[0])) {
          throw new KitError(`${where}:${i + 1}: «each ${each[1]}» needs a list (a percent list, \`runbook\` or a runbook step's \`commands\`)`);
        }
        for (const value of found[1]) {
          run(i + 1, end, new Map([...local, [each[3], item(found[0], value, found[2])]]));
        }
        i = end + 1;
        continue;
      }
      const cond = IF.exec(line);
      if (cond) {
        const end = matchingEnd(lines, i, where);
        const named = cond[2].trim().split(" ");
        if (!Object.prototype.hasOwnProperty.call(CONDITIONS, cond[1])) {
          throw new KitError(`${where}:${i + 1}: «if ${cond[1]}» is not a condition; write «if any TOOL ...» or «if none TOOL ...»`);
        }
        const unknown = named.filter((t) => !scope.toolIds.has(t));
        if (unknown.length) throw new KitError(`${where}:${i + 1}: unknown tool '${unknown[0]}' in «if ${cond[1]}»; name a tool id of data/tools/`);
        if (scope.everyBranch || CONDITIONS[cond[1]](named, scope.tools)) run(i + 1, end, local);
        i = end + 1;
        continue;
      }
      if (END.test(line)) throw new KitError(`${where}:${i + 1}: «end» without its «each ... as ...» or «if ...» line`);
      out.push(fillLine(line, `${where}:${i + 1}`, scope, local));
      i += 1;
    }
  };

  run(0, lines.length, new Map());
  return out.join("\n");
}

function matchingEnd(lines, start, where) {
  let depth = 0;
  for (let i = start; i < lines.length; i += 1) {
    if (EACH.test(lines[i]) || IF.test(lines[i])) {
      depth += 1;
    } else if (END.test(lines[i])) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new KitError(`${where}:${start + 1}: «${EACH.test(lines[start]) ? "each" : "if"}» has no «end» line; close it`);
}

function fillLine(line, where, scope, local) {
  const insert = (match, body) => {
    const token = INSERT.exec(body);
    if (!token) throw new KitError(`${where}: «${body}» is not an insertion; write «name|filter», e.g. «canary.steps|yaml»`);
    const name = token[1];
    const filters = token[2].slice(1).split("|");
    const found = scope.lookup(name, local);
    if (found === null) {
      throw new KitError(`${where}: unknown value '${name}' in «${body}»; name a parameter of parameters.yml, organisation.name or a loop variable`);
    }
    let [kind, value] = found;
    const param = found[2];
    for (const f of filters) {
      if (!Object.prototype.hasOwnProperty.call(FILTERS, f)) {
        throw new KitError(`${where}: unknown filter '${f}' in «${body}»; use one of: ${Object.keys(FILTERS).join(", ")}`);
      }
      if (!FILTERS[f][0].includes(kind)) throw new KitError(`${where}: the filter '${f}' cannot take ${kind} '${name}' in «${body}»`);
      [kind, value] = applyFilter(f, kind, value, param, scope.bundle, where);
    }
    if (!SAFE_LAST.includes(filters[filters.length - 1])) {
      throw new KitError(`${where}: «${body}» must end in a filter that quotes or formats it`);
    }
    return value;
  };

  const rest = line.replace(TOKEN, "");
  if (rest.includes("«") || rest.includes("»")) {
    throw new KitError(`${where}: a lone « or »; every « opens an insertion «name|filter» closed by »`);
  }
  return line.replace(TOKEN, insert);
}

// ---------------------------------------------------------------------------
// The kit
// ---------------------------------------------------------------------------

export function runbook(answers, bundle, actions = null) {
  const kit = bundle.kit;
  const name = slug(answers.organisation.name, kit.default_name);
  const tools = chosen("tools", answers, bundle);
  const out = [];
  for (const action of actions === null ? kit.runbook_actions : actions) {
    for (const tool of tools) {
      for (const step of tool.operate.concat(kit.operate[tool.id] || [])) {
        if (step.action !== action || !step.command) continue;
        const commands = [];
        for (const raw of step.command.split("\n")) {
          const line = trim(raw);
          if (commands.length && commands[commands.length - 1].endsWith("\\")) {
            commands[commands.length - 1] = commands[commands.length - 1].slice(0, -1).replace(TRAILING_SPACE, "") + " " + line;
          } else if (line) {
            commands.push(line);
          }
        }
        const filled = commands.map((c) => c.replace(COMMAND_NAME, (m, n) => (kit.named.includes(n) ? name : m)));
        out.push({ tool: tool.id, name: tool.name, action, commands: filled });
      }
    }
  }
  return out;
}

export function operateActions(bundle) {
  const out = [];
  for (const tool of bundle.tools) {
    for (const step of tool.operate.concat(bundle.kit.operate[tool.id] || [])) {
      if (!out.includes(step.action)) out.push(step.action);
    }
  }
  return out;
}

export function operateSteps(answers, bundle) {
  return new Map(operateActions(bundle).map((action) => [action, runbook(answers, bundle, [action])]));
}

export function fitsFile(entry, tools, platform) {
  const mine = tools.filter((t) => entry.tools.includes(t.id));
  if (entry.tools.length && !mine.length) return false;
  if (!entry.platforms.length || entry.platforms.includes(platform)) return true;
  return !mine.some((t) => t.runs_on.includes(platform));
}

export function templateNames(text) {
  const out = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = INSERT.exec(match[1]);
    if (token && token[1].includes(".") && !out.includes(token[1])) out.push(token[1]);
  }
  return out;
}

/** [path, text] of every file of the kit for these answers, in kit order (see macros/kit.py). */
export function kitFiles(rawAnswers, bundle, date) {
  const answers = normaliseAnswers(rawAnswers, bundle);
  const kit = bundle.kit;
  const params = resolveParameters(answers, bundle); // a Map in this port
  const steps = runbook(answers, bundle);
  const scope = new Scope(answers, bundle, params, steps, operateSteps(answers, bundle));
  const tools = chosen("tools", answers, bundle);
  const toolIds = tools.map((t) => t.id);
  const platform = stackPlatform(answers, bundle);
  scope.tools = toolIds;
  const strategyIds = chosen("strategies", answers, bundle).map((s) => s.id);
  const files = [];
  const used = [];
  for (const entry of kit.files) {
    if (!fitsFile(entry, tools, platform)) continue;
    if (entry.strategies.length && !entry.strategies.some((s) => strategyIds.includes(s))) continue;
    const text = fillTemplate(kit.templates[entry.template], "data/kit/" + entry.template, scope);
    if (!trim(text)) continue; // everything in it sits in «if» blocks whose tools are not chosen
    files.push([entry.path, text]);
    used.push(entry);
  }
  // The kit's copy of the document names, in each section, the kit files that carry it out.
  const linked = { ...bundle, kit_files: used.map((entry) => [entry.path, entry.sections]) };
  files.push(["release-process.md", render(rawAnswers, linked, date)]);
  files.push(["answers.json", answersJson(rawAnswers)]);
  files.unshift(["README.md", readme(answers, bundle, params, used, toolIds)]);
  return files;
}

export function answersJson(raw) {
  return JSON.stringify(raw, null, 2) + "\n";
}

export function readme(answers, bundle, params, used, toolIds) {
  const kit = bundle.kit;
  const text = kit.readme;
  const paramOf = Object.fromEntries(bundle.parameters.items.map((p) => [p.id, p]));
  const name = answers.organisation.name;
  const title = replaceAll(text.title, "{name}", name ? valueMarkdown(name, "heading") : text.no_name);
  let lines = ["# " + title, "", text.intro, ""];
  lines.push("## " + text.files_heading, "");
  for (const entry of used) {
    lines.push(`### \`${entry.path}\``);
    lines.push("", entry.title + " " + entry.goes, "", replaceAll(text.checked, "{validator}", entry.checked), "");
    const names = templateNames(kit.templates[entry.template]).filter((n) => params.has(n));
    if (names.length) {
      lines.push(`| ${text.value_head} | ${text.our_value_head} | ${text.source_head} |`, "| --- | --- | --- |");
      for (const pid of names) {
        const entryP = params.get(pid);
        const source = replaceAll(text.sources[entryP.source || "default"], "{profile}", entryP.from);
        const label = valueMarkdown(paramOf[pid].label, "line");
        lines.push(`| ${label} (\`${pid}\`) | ${valueMarkdown(entryP.text, "line")} | ${source} |`);
      }
      lines.push("");
    }
  }
  lines = lines.concat(["### `release-process.md`", "", text.document, "", "### `answers.json`", "", text.answers, ""]);
  const missing = bundle.tools.filter((t) => toolIds.includes(t.id) && !kit.files.some((e) => e.tools.includes(t.id))).map((t) => t.name);
  if (missing.length) lines.push("## " + text.missing_heading, "", replaceAll(text.missing, "{tools}", missing.join(", ")), "");
  lines.push("## " + text.regenerate_heading, "", text.regenerate, "");
  return lines.join("\n");
}
