// Wizard state: the answers object, where it is kept (localStorage, the URL) and how files come in.
// The answers object is exactly what the answers file holds (format release-playbook-answers, v2).

import { ANSWERS_FORMAT, ANSWERS_VERSION, AnswersError, fill, normaliseAnswers } from "./engine.js";

const STORAGE_KEY = "release-playbook:answers:v1";
const HASH_PREFIX = "#answers=";

/** Answers with nothing chosen: three profile choices are enough to fill the document. */
export function emptyAnswers() {
  return {
    format: ANSWERS_FORMAT,
    version: ANSWERS_VERSION,
    organisation: { name: "", size: "", industry: "", stack: "", situation: "" },
    strategies: null,
    tools: null,
    current: {},
    values: {},
    parameters: {},
    options: { guidance: false },
  };
}

/** The answers in the canonical shape the wizard edits (normalised, so always valid). */
export function canonical(raw, bundle) {
  const a = normaliseAnswers(raw, bundle);
  return { format: ANSWERS_FORMAT, version: ANSWERS_VERSION, ...a };
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

/** The answers file's text: stable key order, two-space indent. */
export function answersFileText(answers) {
  return JSON.stringify(answers, null, 2) + "\n";
}

// -- localStorage: guarded, because private browsing and full disks exist ----

export function loadStored(bundle) {
  try {
    const text = window.localStorage.getItem(STORAGE_KEY);
    return text ? canonical(JSON.parse(text), bundle) : null;
  } catch {
    return null; // unreadable or stale answers: start afresh rather than fail
  }
}

/** @returns {boolean} whether the answers could be saved */
export function store(answers) {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(answers));
    return true;
  } catch {
    return false;
  }
}

export function forget() {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
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
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function shareUrl(answers, location) {
  return location.href.split("#")[0] + HASH_PREFIX + toBase64Url(JSON.stringify(answers));
}

/** Answers carried by the URL, null when there are none; throws AnswersError when they are unusable. */
export function answersFromHash(hash, bundle) {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  let text;
  try {
    text = fromBase64Url(hash.slice(HASH_PREFIX.length));
  } catch {
    throw new AnswersError(fill(bundle.document.messages.invalid, { detail: "URL" }));
  }
  return parseAnswersFile(text, bundle);
}
