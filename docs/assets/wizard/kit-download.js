// The starter kit download on the wizard's last step. The kit's templates (kit.json), its engine
// (kit.js) and the ZIP library (vendor/fflate.min.js) load only when that step first opens, so the
// wizard's first view does not grow. The files equal `./dev kit` for the same answers (tests/test_kit.py).
import { el } from "./form.js";
import { today } from "./downloads.js";

const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0); // fixed, as in the Python ZIP: same answers, same files

/** Show the kit panel on `wizard`'s review step (loading it the first time) and fill it for the current answers. */
export function openKit(wizard) {
  if (!wizard.kitPanel) wizard.kitPanel = loadPanel(wizard);
  return wizard.kitPanel.then((panel) => panel.update());
}

async function loadPanel(wizard) {
  const [kit, data] = await Promise.all([import("./kit.js"), fetch(new URL("kit.json", import.meta.url)).then((r) => r.json())]);
  const bundle = { ...wizard.bundle, kit: data };
  const T = data.wizard;
  const executable = new Set(data.files.filter((f) => f.executable).map((f) => f.path));
  const list = el("ul", { class: "rp-kit-files" });
  const status = el("p", { class: "rp-kit-status", "aria-live": "polite" });
  const button = el("button", { type: "button", class: "md-button", text: T.download });
  const panel = el("div", { class: "rp-kit", dataset: { kit: "" } }, [el("p", { text: T.files }), list, status, el("div", { class: "rp-buttons" }, [button])]);
  const box = wizard.root.querySelector("[data-actions]");
  box.insertBefore(panel, box.children[1] || null);
  let files = [];

  const update = () => {
    try {
      files = kit.kitFiles(wizard.answers, bundle, today());
      list.replaceChildren(...files.map(([path]) => el("li", {}, [el("code", { text: path })])));
      status.textContent = "";
      button.disabled = false;
    } catch (error) {
      if (!(error instanceof kit.AnswersError) && !(error instanceof kit.KitError)) throw error;
      files = [];
      list.replaceChildren();
      status.textContent = T.refused.replace("{reason}", error.message);
      button.disabled = true;
    }
  };

  button.addEventListener("click", async () => {
    const { zipSync, strToU8 } = await import("../vendor/fflate.min.js");
    const entries = {};
    for (const [path, text] of files) {
      entries[path] = [strToU8(text), { mtime: ZIP_TIME, os: 3, attrs: (executable.has(path) ? 0o100755 : 0o100644) << 16 }];
    }
    const url = URL.createObjectURL(new Blob([zipSync(entries, { level: 6 })], { type: "application/zip" }));
    const link = el("a", { href: url, download: T.zip_name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });

  return { update };
}
