// Live preview: draws the engine's nodes as HTML. Text parts use the HTML the build rendered with
// the site's Markdown engine; placeholders and every other value are set as text, never as markup.

import { placeholderKind, valueMarkdown } from "./engine.js";

// Hard line break (a backslash ending a line), backslash escape, bold, code, italic.
const INLINE = /(\\\n[ \t]*|\\[!-/:-@[-`{-~]|\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*)/;

/** Inline Markdown (bold, italic, code, escapes, hard line breaks) as DOM nodes; the rest stays literal text. */
export function inline(text) {
  const fragment = document.createDocumentFragment();
  // split() with a capturing group: even indices are plain text, odd ones the Markdown matched.
  text.split(INLINE).forEach((piece, i) => {
    if (!piece) return;
    let node;
    if (i % 2 === 0) {
      node = document.createTextNode(piece);
    } else if (piece.startsWith("\\\n")) {
      node = document.createElement("br");
    } else if (piece.startsWith("\\")) {
      node = document.createTextNode(piece[1]);
    } else if (piece.startsWith("**")) {
      node = document.createElement("strong");
      node.append(inline(piece.slice(2, -2)));
    } else if (piece.startsWith("`")) {
      node = document.createElement("code");
      node.textContent = piece.slice(1, -1);
    } else {
      node = document.createElement("em");
      node.textContent = piece.slice(1, -1);
    }
    fragment.append(node);
  });
  return fragment;
}

function element(tag, children = []) {
  const el = document.createElement(tag);
  el.append(...children);
  return el;
}

function blockElement(node) {
  if (node.type === "table") {
    const table = element("table", [
      element("thead", [element("tr", node.head.map((h) => element("th", [inline(h)])))]),
      element("tbody", node.rows.map((row) => element("tr", row.map((c) => element("td", [inline(c)]))))),
    ]);
    return element("div", [table]);
  }
  if (node.type === "list") {
    const list = element(node.kind === "ordered" ? "ol" : "ul", node.items.map((item) => element("li", [inline(item)])));
    if (node.kind === "check") list.className = "rp-checklist";
    return list;
  }
  return element("p", [inline(node.text)]);
}

/** A stable identity for a node, so that an unchanged part of the document keeps its elements. */
function nodeKey(node) {
  if (node.type === "markdown") return `m:${node.section}:${node.part}`;
  return JSON.stringify(node);
}

/**
 * The live preview of the document. Each redraw reuses the elements of every node that did not
 * change and only rewrites placeholder texts: a keystroke then touches a few text nodes instead of
 * rebuilding hundreds of elements (the wizard's budget is 16 ms per edit).
 */
export class Preview {
  /** @param {HTMLElement} target @param {object} bundle */
  constructor(target, bundle) {
    this.target = target;
    this.bundle = bundle;
    this.kinds = new Map(bundle.placeholders.map((p) => [p.id, placeholderKind(p.id, bundle)]));
    this.items = [];
    this.template = document.createElement("template");
  }

  create(node) {
    if (node.type === "heading") {
      // The page and the preview panel have their own headings: the document starts two levels down.
      return { el: element(`h${node.level + 2}`, [inline(node.text)]), spans: [] };
    }
    if (node.type === "markdown") {
      this.template.innerHTML = this.bundle.document.sections[node.section].parts[node.part].html; // built from data at build time
      const el = element("div", [this.template.content]);
      el.className = "rp-part";
      return { el, spans: [...el.querySelectorAll("span.rp-ph")] };
    }
    return { el: blockElement(node), spans: [] };
  }

  /** Show each placeholder's and parameter's value as the document writes it; touch the DOM only where it changes. */
  fill(spans, renderer) {
    const todo = this.bundle.document.labels.todo;
    for (const span of spans) {
      let key;
      let fallback;
      let make;
      if (span.dataset.param) {
        const pid = span.dataset.param;
        const entry = renderer.params.get(pid);
        key = !entry || entry.text === "" ? null : entry.text;
        fallback = `${todo}: ${renderer.paramOf.get(pid).label}`;
        make = () => renderer.param(pid);
      } else {
        const pid = span.dataset.ph;
        const entry = renderer.resolved.get(pid);
        key = !entry || entry.value === "" ? null : entry.value + (entry.review ? "\u0000review" : "");
        fallback = `${todo}: [${pid}]`;
        // The same Markdown the document gets (escapes, line breaks, review mark), drawn as the document shows it.
        make = () => valueMarkdown(entry.value, this.kinds.get(pid) || "line") + (entry.review ? renderer.labels.review_mark : "");
      }
      const missing = key === null;
      // Redraw only a changed value (an edit changes one or two of the hundred or so).
      if (span.rpValue !== key || !span.rpDrawn) {
        span.rpValue = key;
        span.rpDrawn = true;
        if (missing) span.textContent = fallback;
        else span.replaceChildren(inline(make()));
      }
      if (span.classList.contains("rp-todo") !== missing) span.classList.toggle("rp-todo", missing);
    }
  }

  /**
   * Show the document.
   * @param {object[]} nodes  from Renderer.nodes()
   * @param {import("./engine.js").Renderer} renderer  the renderer that made them (resolved values)
   */
  draw(nodes, renderer) {
    const spare = new Map();
    for (const item of this.items) {
      if (!spare.has(item.key)) spare.set(item.key, []);
      spare.get(item.key).push(item);
    }
    const next = nodes.map((node) => {
      const key = nodeKey(node);
      const reused = spare.has(key) ? spare.get(key).shift() : undefined;
      const item = reused || { key, ...this.create(node) };
      this.fill(item.spans, renderer);
      return item;
    });
    const same = next.length === this.items.length && next.every((item, i) => item === this.items[i]);
    if (!same) this.target.replaceChildren(...next.map((item) => item.el));
    this.items = next;
  }
}
