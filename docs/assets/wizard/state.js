// Wizard state: the answers object, where it is kept (localStorage, the URL) and how files come in.
// The answers object is exactly what the answers file holds (format release-playbook-answers, v2).

import {
  ANSWERS_FORMAT,
  ANSWERS_VERSION,
  AnswersError,
  checkAnswers,
  chosen,
  fill,
  normaliseAnswers,
  problemsMessage,
  resolveParameters,
} from "./engine.js";

export const STORAGE_KEY = "release-playbook:answers:v1";
/** Saved answers the page could not read (fully), kept until the visitor downloads or discards them. */
export const KEPT_KEY = "release-playbook:answers:v1:kept";
const HASH_PREFIX = "#answers=";
/** The largest answers file read (macros/cli.py has the same limit): real ones are a few kilobytes. */
export const MAX_ANSWERS_BYTES = 1_000_000;

/**
 * Where a visitor starts: a handbook's own answers (org/organisation.yml, carried by the bundle as
 * `organisation_answers`), else answers with nothing chosen (three profile choices fill the document).
 */
export function emptyAnswers(bundle) {
  if (bundle && bundle.organisation_answers) return salvage(bundle.organisation_answers, bundle).answers;
  return {
    format: ANSWERS_FORMAT,
    version: ANSWERS_VERSION,
    organisation: { name: "", size: "", industry: "", stack: "", situation: "" },
    strategies: null,
    tools: null,
    picks: { strategies: {}, tools: {} },
    current: {},
    values: {},
    parameters: {},
    options: { guidance: false },
  };
}

/** Whether the answers hold nothing at all (a fresh wizard). */
export function isEmpty(answers, bundle) {
  return JSON.stringify(canonical(answers, bundle)) === JSON.stringify(canonical(emptyAnswers(bundle), bundle));
}

/** The answers in the canonical shape the wizard edits (normalised, so always valid). */
export function canonical(raw, bundle) {
  const a = normaliseAnswers(raw, bundle);
  return { format: ANSWERS_FORMAT, version: ANSWERS_VERSION, ...a };
}

/**
 * Every usable part of `raw`, and a sentence naming what was left out ("" when nothing was).
 * Throws AnswersError when nothing can be used (another format, a newer version).
 */
export function salvage(raw, bundle) {
  const [answers, problems] = checkAnswers(raw, bundle);
  return { answers: { format: ANSWERS_FORMAT, version: ANSWERS_VERSION, ...answers }, dropped: problemsMessage(problems, bundle) };
}

/**
 * An answers file's text, by the command line's rule (macros/cli.py): at most MAX_ANSWERS_BYTES,
 * UTF-8 with or without a byte order mark; UTF-16 and Latin-1 are refused, never guessed.
 * @param {Blob} file
 */
export async function readAnswersFile(file, bundle) {
  const messages = bundle.document.messages;
  if (file.size > MAX_ANSWERS_BYTES) {
    // Digits grouped by commas, as the command line writes them.
    const digits = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, ",");
    throw new AnswersError(fill(messages.too_big, { size: digits(file.size), limit: digits(MAX_ANSWERS_BYTES) }));
  }
  const data = new Uint8Array(await file.arrayBuffer());
  const otherBom = (data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff);
  if (otherBom || data.includes(0)) throw new AnswersError(messages.encoding);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data); // drops a UTF-8 byte order mark
  } catch {
    throw new AnswersError(messages.encoding);
  }
}

/**
 * Parse an answers file's text; throws AnswersError with a message for people.
 * @param {string} text
 */
export function parseAnswersFile(text, bundle) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AnswersError(bundle.document.messages.not_json);
  }
  return canonical(raw, bundle);
}

/**
 * What the document says for these answers with this playbook (macros/engine.py playbook_record): its
 * version, the chosen strategies and tools, every parameter's value. `./dev render --since` compares it
 * with what a later version says.
 */
export function playbookRecord(answers, bundle) {
  const a = normaliseAnswers(answers, bundle);
  const parameters = {};
  for (const [pid, p] of resolveParameters(a, bundle)) if (p.value !== null) parameters[pid] = p.value;
  return {
    version: bundle.version,
    strategies: chosen("strategies", a, bundle).map((s) => s.id),
    tools: chosen("tools", a, bundle).map((t) => t.id),
    parameters,
  };
}

/** The answers file's text: stable key order, two-space indent, with the playbook's record after `version`. */
export function answersFileText(answers, bundle) {
  const { format, version, playbook: _old, ...rest } = answers;
  return JSON.stringify({ format, version, playbook: playbookRecord(answers, bundle), ...rest }, null, 2) + "\n";
}

// -- localStorage: guarded, because private browsing and full disks exist ----

function storage() {
  try {
    return window.localStorage; // reading the property itself throws where storage is blocked
  } catch {
    return null;
  }
}

/** The raw text stored under `key`, or null. */
export function readStored(key = STORAGE_KEY) {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/**
 * The saved answers: {answers, dropped, text}. `answers` is null when nothing usable was saved;
 * `dropped` says what could not be used ("" when everything could); `text` is what was stored.
 */
export function loadStored(bundle, text = readStored()) {
  if (text === null) return { answers: null, dropped: "", text };
  try {
    return { ...salvage(JSON.parse(text), bundle), text };
  } catch (error) {
    const message = error instanceof AnswersError ? error.message : bundle.document.messages.not_json;
    return { answers: null, dropped: message, text };
  }
}

/**
 * Write `text` under `key`.
 * @returns {"ok" | "full" | "blocked"} "full" when the browser's storage quota is used up
 */
export function writeStored(text, key = STORAGE_KEY) {
  const store = storage();
  if (!store) return "blocked";
  try {
    store.setItem(key, text);
    return "ok";
  } catch (error) {
    return error && (error.name === "QuotaExceededError" || error.code === 22) ? "full" : "blocked";
  }
}

/** @returns {"ok" | "full" | "blocked"} */
export function store(answers) {
  return writeStored(JSON.stringify(answers));
}

export function forget(key = STORAGE_KEY) {
  try {
    storage()?.removeItem(key);
  } catch {
    // nothing stored, nothing to forget
  }
}

// -- the shareable URL: #answers=<base64url of the UTF-8 JSON> -------------------

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(data) {
  const binary = atob(data.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** A link that opens the wizard at its first step with these answers. */
export function shareUrl(answers, location) {
  return location.origin + location.pathname + HASH_PREFIX + toBase64Url(JSON.stringify(answers));
}

/** Whether the URL carries answers. */
export function hasAnswersHash(hash) {
  return hash.startsWith(HASH_PREFIX);
}

/**
 * Answers carried by the URL as {answers, dropped} (see salvage), null when there are none;
 * throws AnswersError(bad_link) when the link is cut short or garbled.
 */
export function answersFromHash(hash, bundle, badLink) {
  if (!hasAnswersHash(hash)) return null;
  let raw;
  try {
    raw = JSON.parse(fromBase64Url(hash.slice(HASH_PREFIX.length)));
  } catch {
    throw new AnswersError(badLink);
  }
  return salvage(raw, bundle);
}
