// Live preview: draws the engine's nodes as HTML. Text parts use the HTML the build rendered with
// the site's Markdown engine; placeholders and every other value are set as text, never as markup.

const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*)/;

/** Inline Markdown (bold, italic, code) as DOM nodes; everything else stays literal text. */
export function inline(text) {
  const fragment = document.createDocumentFragment();
  for (const piece of text.split(INLINE)) {
    if (!piece) continue;
    let node;
    if (piece.startsWith("**") && piece.endsWith("**") && piece.length > 4) {
      node = document.createElement("strong");
      node.append(inline(piece.slice(2, -2)));
    } else if (piece.startsWith("`") && piece.endsWith("`") && piece.length > 2) {
      node = document.createElement("code");
      node.textContent = piece.slice(1, -1);
    } else if (piece.startsWith("*") && piece.endsWith("*") && piece.length > 2) {
      node = document.createElement("em");
      node.textContent = piece.slice(1, -1);
    } else {
      node = document.createTextNode(piece);
    }
    fragment.append(node);
  }
  return fragment;
}

function element(tag, children = []) {
  const el = document.createElement(tag);
  el.append(...children);
  return el;
}

function blockElement(node, labels) {
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

/**
 * Replace `target`'s content with the document.
 * @param {HTMLElement} target
 * @param {object[]} nodes  from Renderer.nodes()
 * @param {Map<string, {value: string}>} resolved
 */
export function drawPreview(target, nodes, resolved, bundle) {
  const labels = bundle.document.labels;
  const sections = bundle.document.sections;
  const fragment = document.createDocumentFragment();
  const template = document.createElement("template");
  for (const node of nodes) {
    if (node.type === "heading") {
      // The page and the preview panel have their own headings: the document starts two levels down.
      fragment.append(element(`h${node.level + 2}`, [inline(node.text)]));
    } else if (node.type === "markdown") {
      template.innerHTML = sections[node.section].parts[node.part].html; // built from data at build time
      for (const span of template.content.querySelectorAll("span.rp-ph")) {
        const entry = resolved.get(span.dataset.ph);
        if (entry && entry.value !== "") {
          span.textContent = entry.value;
        } else {
          span.textContent = `${labels.todo}: [${span.dataset.ph}]`;
          span.classList.add("rp-todo");
        }
      }
      fragment.append(template.content);
    } else {
      fragment.append(blockElement(node, labels));
    }
  }
  target.replaceChildren(fragment);
}
