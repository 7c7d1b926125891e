"""The starter kit (macros/kit.py, docs/assets/wizard/kit.js, data/kit.yml, data/kit/): both runtimes give
the stored kits of tests/kit_vectors/, every generated file passes its upstream validator, values are
escaped for their format, `./dev kit` writes all or nothing, and template mistakes fail validation."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import jsonschema
import pytest
import referencing
import yaml
from conftest import refused_edit

sys.path.insert(0, str(Path(__file__).parent))
from example_validators import strict  # noqa: E402

# tests/vectors/regenerate.py is also called `regenerate`: load this one under its own name.
_spec = importlib.util.spec_from_file_location("kit_vectors_regenerate", Path(__file__).parent / "kit_vectors" / "regenerate.py")
_vectors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_vectors)
TRICKY, bundle, expected, load_vectors, pinned = _vectors.TRICKY, _vectors.bundle, _vectors.expected, _vectors.load_vectors, _vectors.pinned

from macros.catalogue import load_catalogue  # noqa: E402
from macros.cli import main as cli_main  # noqa: E402
from macros.engine import render  # noqa: E402
from macros.errors import CatalogueError  # noqa: E402
from macros.kit import hcl_quoted, kit_files, quoted, shell_quoted, slug  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_SCHEMAS = ROOT.parent / "shared" / "schemas"
"""Upstream schemas the project keeps no copy of for the kit (Argo Rollouts CRDs, flagd), beside the checkout."""
VECTORS = load_vectors()
KITS = [(p, v) for p, v in VECTORS if p.with_suffix(".kit.json").is_file()]


@cache
def kit() -> dict:
    return bundle()


def files_of(vector: dict) -> dict[str, str]:
    return dict(kit_files(vector["answers"], kit(), vector["date"]))


# ---------------------------------------------------------------------------
# Shared vectors: Python
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [p for p, _ in VECTORS], ids=lambda p: p.stem)
def test_python_kit_matches_the_vector(path):
    vector = json.loads(path.read_text(encoding="utf-8"))
    suffix, text = expected(vector, kit())
    stored = path.with_suffix(suffix)
    assert stored.is_file(), f"Python gave {suffix}; run tests/kit_vectors/regenerate.py and review the diff"
    assert text == stored.read_text(encoding="utf-8")


def test_the_vectors_cover_the_presets_and_refusals():
    names = [p.stem for p, _ in VECTORS]
    for preset in load_catalogue().presets:
        assert any(preset.id in n for n in names)
    assert sum(1 for p, _ in VECTORS if p.with_suffix(".error.txt").is_file()) >= 2


# ---------------------------------------------------------------------------
# Upstream validators
# ---------------------------------------------------------------------------


@cache
def crd_schemas() -> dict[tuple[str, str], dict]:
    assert SHARED_SCHEMAS.is_dir(), f"{SHARED_SCHEMAS} is missing: the upstream CRDs are read from ../shared/schemas/ beside the checkout"
    out = {}
    for path in sorted(SHARED_SCHEMAS.glob("argo-rollouts-*crd.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                schema = strict(version["schema"]["openAPIV3Schema"])
                schema["properties"] = {**schema.get("properties", {}), "apiVersion": {"const": f"{group}/{version['name']}"}, "kind": {"const": kind}}
                out[(f"{group}/{version['name']}", kind)] = schema
    return out


def check_argo(path: Path) -> None:
    docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
    assert docs
    for doc in docs:
        schema = crd_schemas()[(doc["apiVersion"], doc["kind"])]
        errors = [f"{doc['kind']} /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
        assert not errors, "\n".join(errors)


def check_flagd(path: Path) -> None:
    flags = json.loads((SHARED_SCHEMAS / "flagd" / "flags.json").read_text())
    targeting = json.loads((SHARED_SCHEMAS / "flagd" / "targeting.json").read_text())
    registry = referencing.Registry().with_resources([(s["$id"], referencing.Resource.from_contents(s)) for s in (flags, targeting)])
    errors = list(jsonschema.Draft7Validator({"$ref": flags["$id"]}, registry=registry).iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    assert not errors, "\n".join(e.message for e in errors)


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True)


def check_workflow(path: Path) -> None:
    result = run(sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def check_rules(path: Path) -> None:
    assert shutil.which("promtool"), "promtool is missing: install Debian's prometheus package (./dev test does it)"
    result = run("promtool", "check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def check_shell(path: Path) -> None:
    assert shutil.which("shellcheck"), "shellcheck is missing: install Debian's shellcheck package (./dev test does it)"
    result = run("shellcheck", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


CHECKS = {
    "deploy/rollout.yaml": check_argo,
    "deploy/analysis-template.yaml": check_argo,
    ".github/workflows/release.yml": check_workflow,
    "flags/flags.json": check_flagd,
    "monitoring/release-rules.yaml": check_rules,
    "scripts/rollback.sh": check_shell,
}
# Kubernetes routing, GitOps and policy files: validators in tests/test_kit_k8s.py (UNCHECKED: none exists, it says why).
from test_kit_k8s import CHECKS as K8S_CHECKS  # noqa: E402

CHECKS.update(K8S_CHECKS)


def test_every_kit_file_has_a_validator():
    # Groups of kit files have their own test module (tests/test_kit_*.py), each with its CHECKS (and
    # UNCHECKED: files no validator can check, which its README says).
    modules = [importlib.import_module(p.stem) for p in sorted(Path(__file__).parent.glob("test_kit_*.py"))]
    others = [{**getattr(m, "CHECKS", {}), **getattr(m, "UNCHECKED", {})} for m in modules]
    checked = set(CHECKS).union(*others)
    assert {f["path"] for f in kit()["kit"]["files"]} == checked


@pytest.mark.parametrize("path", [p for p, _ in KITS], ids=lambda p: p.stem)
def test_every_generated_file_passes_its_validator(path, tmp_path):
    vector = json.loads(path.read_text(encoding="utf-8"))
    files = files_of(vector)
    checked = 0
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if name in CHECKS:
            CHECKS[name](target)
            checked += 1
    # The README names every file, and the kit's answers give the same kit again.
    for name in files:
        assert name == "README.md" or f"`{name}`" in files["README.md"]
    assert files_of({"answers": json.loads(files["answers.json"]), "date": vector["date"]}) == files
    assert checked == len([n for n in files if n in CHECKS])


@pytest.mark.parametrize("path", [p for p, _ in KITS], ids=lambda p: p.stem)
def test_the_kit_document_points_at_each_kit_file_and_the_readme_at_the_document(path):
    vector = json.loads(path.read_text(encoding="utf-8"))
    files = files_of(vector)
    document = files["release-process.md"]
    own = [name for name in files if name not in ("README.md", "release-process.md", "answers.json")]
    assert own, "every vector's kit has configuration files"
    unnamed = [name for name in own if f"`{name}`" not in document]
    assert unnamed == [], "files the kit's release-process.md does not name (give them a `sections:` the document shows)"
    assert "`release-process.md`" in files["README.md"]
    # Only the kit's copy names kit files: the document alone (wizard download, ./dev render) does not.
    alone = render(vector["answers"], kit(), vector["date"])
    assert not any(f"`{name}`" in alone for name in own if "/" in name)


def test_every_kit_file_names_the_document_sections_it_belongs_to():
    sections = {s["id"] for s in kit()["document"]["sections"]}
    for entry in kit()["kit"]["files"]:
        assert entry["sections"], f"{entry['path']}: add `sections:` in data/kit.yml"
        assert set(entry["sections"]) <= sections


BROKEN = [
    ("deploy/rollout.yaml", "  replicas: 5\n", "  replicas: 5\n  replicaz: 5\n", check_argo),
    ("deploy/analysis-template.yaml", "      failureLimit:", "      failureLimitt: 1\n      failureLimit:", check_argo),
    (".github/workflows/release.yml", "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    runs_on: x\n", check_workflow),
    # flagd's schema accepts unknown keys (in a flag and at the top): it checks the values it knows.
    ("flags/flags.json", '"state": "ENABLED",', '"state": "ON",', check_flagd),
    ("monitoring/release-rules.yaml", "        for:", "        fro: 1m\n        for:", check_rules),
    ("scripts/rollback.sh", "DRY_RUN=0\n", "DRY_RUN=0\necho $UNQUOTED_x*\n", check_shell),
]


@pytest.mark.parametrize(("name", "old", "new", "check"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_validator_rejects_an_unknown_field(name, old, new, check, tmp_path):
    text = files_of(next(v for p, v in KITS if "tricky" in p.stem))[name]
    assert old in text
    target = tmp_path / Path(name).name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AssertionError):
        check(target)


# ---------------------------------------------------------------------------
# Escaping and the rollback script
# ---------------------------------------------------------------------------

NASTY = [TRICKY, "a: b", "#x", "'", '"', "\\", "- x", "\x7f\x85\u2028\ufeff tab\there", "{{ x }}", "«x|yaml»", "ünï 🚀", ""]


@pytest.mark.parametrize("text", NASTY)
def test_quoted_values_read_back_exactly(text, tmp_path):
    assert yaml.safe_load("key: " + quoted(text)) == {"key": text}
    assert json.loads(quoted(text)) == text
    script = tmp_path / "s.sh"
    script.write_text("printf '%s' " + shell_quoted(text) + "\n", encoding="utf-8")
    assert run("bash", str(script)).stdout == text
    assert "${" not in hcl_quoted(text).replace("$${", "") and "%{" not in hcl_quoted(text).replace("%%{", "")


def test_slug_is_a_kubernetes_name():
    assert slug(TRICKY, "app") == "o-brien-s-hne-home-id-secrets-token-x"
    assert slug("Ωμέγα 株式会社", "app") == "app"
    assert len(slug("x" * 100, "app")) == 40


def test_rollback_dry_run_prints_the_commands_with_the_team_values(tmp_path):
    vector = next(v for p, v in KITS if "tricky" in p.stem)
    script = tmp_path / "rollback.sh"
    script.write_text(files_of(vector)["scripts/rollback.sh"], encoding="utf-8")
    name = slug(TRICKY, "app")
    result = run("bash", str(script), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert f"kubectl argo rollouts abort {name} -n {name}" in result.stdout
    assert f"kubectl argo rollouts undo {name} -n {name}" in result.stdout
    assert f"# abort: Argo Rollouts ({TRICKY})" in result.stdout  # printed as typed: nothing expanded or run
    # Abort comes before roll back (stop before undo); one kind of step alone on request.
    assert result.stdout.index("# abort:") < result.stdout.index("# rollback:")
    only = run("bash", str(script), "--dry-run", "rollback").stdout
    assert "rollouts undo" in only and "rollouts abort" not in only
    helped = run("bash", str(script), "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: scripts/rollback.sh")
    wrong = run("bash", str(script), "--nope")
    assert wrong.returncode == 2 and "unknown argument: --nope" in wrong.stderr


def test_a_real_run_skips_commands_with_names_to_fill_and_runs_only_on_yes(tmp_path):
    vector = next(v for p, v in KITS if "tricky" in p.stem)
    script = tmp_path / "rollback.sh"
    script.write_text(files_of(vector)["scripts/rollback.sh"], encoding="utf-8")
    result = subprocess.run(["bash", str(script), "abort"], input="n\n" * 20, capture_output=True, text=True)
    assert "skipped: replace <run-id>" in result.stderr
    assert result.returncode == 0


# ---------------------------------------------------------------------------
# ./dev kit
# ---------------------------------------------------------------------------


def answers_file(tmp_path: Path, name: str = "tricky") -> Path:
    vector = next(v for p, v in KITS if name in p.stem)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(vector["answers"]), encoding="utf-8")
    return path


def test_cli_writes_the_kit_and_a_deterministic_zip(tmp_path, capsys):
    answers = answers_file(tmp_path)
    out = tmp_path / "kit"
    assert cli_main(["kit", str(answers), "-o", str(out), "--zip", str(tmp_path / "a.zip"), "--date", "2026-12-03"]) == 0
    assert cli_main(["kit", str(answers), "--zip", str(tmp_path / "b.zip"), "--date", "2026-12-03"]) == 0
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    expected_files = files_of({"answers": json.loads(answers.read_text()), "date": "2026-12-03"})
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == list(expected_files)
        assert {n: archive.read(n).decode() for n in archive.namelist()} == expected_files
        assert archive.getinfo("scripts/rollback.sh").external_attr >> 16 == 0o100755
    assert {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()} == expected_files
    assert (out / "scripts" / "rollback.sh").stat().st_mode & 0o111


def test_cli_refuses_a_folder_that_is_not_empty_unless_forced(tmp_path, capsys):
    answers = answers_file(tmp_path)
    out = tmp_path / "kit"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    assert cli_main(["kit", str(answers), "-o", str(out)]) == 1
    assert "is not empty" in capsys.readouterr().err and (out / "mine.txt").is_file()
    assert cli_main(["kit", str(answers), "-o", str(out), "--force"]) == 0
    assert not (out / "mine.txt").exists() and (out / "README.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json", "kit"]  # no staging folder left


@pytest.mark.parametrize("name", ["bad-answers", "decimal-step"])
def test_cli_bad_answers_write_nothing(name, tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(next(v for p, v in VECTORS if name in p.stem)["answers"]), encoding="utf-8")
    assert cli_main(["kit", str(answers), "-o", str(tmp_path / "kit"), "--zip", str(tmp_path / "k.zip")]) == 1
    err = capsys.readouterr().err
    assert str(answers) in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json"]


# ---------------------------------------------------------------------------
# Template mistakes fail validation at file:line
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("«canary.interval|go-duration»\n", "«canary.intervals|go-duration»\n", "analysis-template.yaml:16: unknown value 'canary.intervals'"),
        ("«canary.interval|go-duration»\n", "«canary.interval|gofmt»\n", "analysis-template.yaml:16: unknown filter 'gofmt'"),
        ("«canary.interval|go-duration»\n", "«organisation.name|number»\n", "analysis-template.yaml:16: the filter 'number' cannot take text"),
        ("«canary.interval|go-duration»\n", "«canary.interval»\n", "analysis-template.yaml:16: «canary.interval» is not an insertion"),
        ("«canary.interval|go-duration»\n", "«canary.interval|go-duration\n", "analysis-template.yaml:16: a lone «"),
        ("«canary.interval|go-duration»\n", "«canary.interval|words|number»\n", "analysis-template.yaml:16: the filter 'number' cannot take text"),
    ],
)
def test_template_mistakes_fail_validation_with_file_and_line(old, new, message, tmp_path):
    assert message in refused_edit(tmp_path, "kit/argo-rollouts/analysis-template.yaml", old, new)


def test_an_unclosed_loop_and_a_stray_template_fail_validation(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    rollout = data / "kit" / "argo-rollouts" / "rollout.yaml"
    rollout.write_text("".join(rollout.read_text(encoding="utf-8").rsplit("«end»\n", 1)), encoding="utf-8")  # the loop's, the last one
    (data / "kit" / "stray.yaml").write_text("x: 1\n")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data)
    text = str(caught.value)
    assert "kit/argo-rollouts/rollout.yaml:72: «each» has no «end» line" in text
    assert "kit/stray.yaml: no file of kit.yml uses this template" in text


# ---------------------------------------------------------------------------
# The JavaScript port in Chromium
# ---------------------------------------------------------------------------

RUN_ALL = """
async ([bundle, vectors]) => {
  const kit = await import(new URL("assets/wizard/kit.js", document.baseURI).href);
  return vectors.map((v) => {
    try {
      return { files: kit.kitFiles(v.answers, bundle, v.date) };
    } catch (error) {
      if (!(error instanceof kit.AnswersError) && !(error instanceof kit.KitError)) throw error;
      return { error: error.message + "\\n" };
    }
  });
}
"""


@pytest.fixture(scope="module")
def js_results(browser, site):
    page = browser.new_page()
    page.goto(site.url)
    results = page.evaluate(RUN_ALL, [json.loads(json.dumps(kit())), [v for _, v in VECTORS]])
    page.close()
    return {path.stem: result for (path, _), result in zip(VECTORS, results, strict=True)}


@pytest.mark.parametrize("path", [p for p, _ in VECTORS], ids=lambda p: p.stem)
def test_javascript_kit_matches_the_vector(js_results, path):
    result = js_results[path.stem]
    if "error" in result:
        assert path.with_suffix(".error.txt").is_file(), f"JavaScript refused: {result['error']}"
        assert result["error"] == path.with_suffix(".error.txt").read_text(encoding="utf-8")
    else:
        stored = json.loads(path.with_suffix(".kit.json").read_text(encoding="utf-8"))
        assert pinned(result["files"]) == stored


# ---------------------------------------------------------------------------
# The wizard's download: the same files as `./dev kit`, loaded only on the last step
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("preset", [p.id for p in load_catalogue().presets])
def test_the_wizard_zip_holds_the_files_of_dev_kit(preset, browser, site, tmp_path):
    from test_wizard_browser import STEPS, Wizard, browser_date

    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site.url + f"examples/{preset}/")
    page.get_by_role("link", name="Open these answers in the wizard").click()
    wizard = Wizard(page, site).ready()
    kit_words = kit()["kit"]["wizard"]
    loaded = lambda name: [u for u in requests if u.split("?")[0].endswith(name)]  # noqa: E731
    # The first view does not fetch the kit, its engine or the ZIP library.
    assert not loaded("kit.json") and not loaded("kit.js") and not loaded("fflate.min.js")
    wizard.go_to_step(len(STEPS) - 1)
    items = page.locator(".rp-kit-files li")
    items.first.wait_for()
    assert loaded("kit.json") and loaded("kit.js") and not loaded("fflate.min.js")
    with page.expect_download() as info:
        page.get_by_role("button", name=kit_words["download"]).click()
    assert info.value.suggested_filename == kit_words["zip_name"]
    target = tmp_path / "kit.zip"
    info.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        zipped = {n: archive.read(n).decode("utf-8") for n in archive.namelist()}
        assert archive.getinfo("scripts/rollback.sh").external_attr >> 16 == 0o100755
    assert items.all_inner_texts() == list(zipped)
    # `./dev kit` on the answers the ZIP carries, dated as the browser dates the document.
    answers = tmp_path / "answers.json"
    answers.write_text(zipped["answers.json"], encoding="utf-8")
    out = tmp_path / "cli"
    # The wizard links the document's sections to the site it runs on; `./dev kit` is told the address.
    assert f"]({site.url}process/roles/)" in zipped["release-process.md"]
    assert cli_main(["kit", str(answers), "-o", str(out), "--date", browser_date(page), "--site-url", site.url]) == 0
    assert {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()} == zipped
    assert errors == []
    page.close()


def test_the_site_serves_the_kit_the_python_kit_reads(site):
    served = json.loads((site.path / "assets" / "wizard" / "kit.json").read_text(encoding="utf-8"))
    assert served == json.loads(json.dumps(kit()["kit"]))
