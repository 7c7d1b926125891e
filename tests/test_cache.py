"""The build's caches (~/.cache/release-playbook: the wizard bundle, Jinja's compiled templates, each
page's rendered Markdown) never hide a change: after an edit to the data, to a page and to a template,
a build with warm caches writes exactly the site a build without them writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"


class EnvTag(yaml.SafeLoader):
    """Reads mkdocs.yml (its `!ENV` values are not needed here)."""


EnvTag.add_constructor("!ENV", lambda loader, node: None)


def site_files(out: Path) -> dict[str, bytes]:
    # sitemap.xml.gz carries the time it was compressed; the sitemap itself is compared.
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".gz"}


def test_a_data_or_page_edit_is_never_hidden_by_the_build_caches(tmp_path):
    data = tmp_path / "data"
    docs = tmp_path / "docs"
    templates = tmp_path / "templates"
    shutil.copytree(MINI, data)
    shutil.copytree(ROOT / "docs", docs)
    shutil.copytree(ROOT / "macros" / "templates", templates)
    cache = tmp_path / "cache"
    # The configuration must sit next to mkdocs.yml: its paths (hooks, overrides, the macros module) are relative.
    config = ROOT / f".test-cache-{os.getpid()}.yml"
    plugins = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=EnvTag)["plugins"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "macros" in plugin:
            plugin["macros"]["include_dir"] = str(templates)  # the page templates, edited below
    config.write_text(f"INHERIT: mkdocs.yml\ndocs_dir: {json.dumps(str(docs))}\n" + yaml.safe_dump({"plugins": plugins}), encoding="utf-8")
    env = {**os.environ, "SITE_URL": "http://127.0.0.1:8000/", "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_DATA": str(data), "XDG_CACHE_HOME": str(cache)}

    def build(name: str, **extra: str) -> Path:
        out = tmp_path / name
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
        result = subprocess.run(cmd, cwd=ROOT, env={**env, **extra}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
        return out

    try:
        first = build("first")
        kept = cache / "release-playbook"
        # The caches are really used: the bundle's parts, compiled templates and rendered pages are on disk.
        assert list(kept.glob("*.bundle-parts.json"))
        assert len(list((kept / "jinja").rglob("*.cache"))) > 10
        assert len(list((kept / "pages").glob("*.json"))) > 10
        assert "Release plan" not in (first / "assets" / "wizard" / "bundle-rest.json").read_text(encoding="utf-8")

        # One edit at a time: each must be seen on its own, not thanks to another one.
        document = data / "document.yml"
        text = document.read_text(encoding="utf-8")
        document.write_text(text.replace('title: "Release process: {organisation}"', 'title: "Release plan: {organisation}"', 1), encoding="utf-8")
        cached, uncached = build("cached-1"), build("uncached-1", PLAYBOOK_NO_CACHE="1")
        assert '"title":"Release plan: {organisation}"' in (cached / "assets" / "wizard" / "bundle-rest.json").read_text(encoding="utf-8")
        assert site_files(cached) == site_files(uncached)

        glossary = docs / "glossary.md"
        added = "\n\nA sentence added after the first build: {{ catalogue.strategies | length }} strategies.\n"
        glossary.write_text(glossary.read_text(encoding="utf-8") + added, encoding="utf-8")
        cached, uncached = build("cached-2"), build("uncached-2", PLAYBOOK_NO_CACHE="1")
        assert "A sentence added after the first build:" in (cached / "glossary" / "index.html").read_text(encoding="utf-8")
        assert site_files(cached) == site_files(uncached)

        template = templates / "tool.md"
        template.write_text(template.read_text(encoding="utf-8") + "\nA template line added after the first build.\n", encoding="utf-8")
        cached, uncached = build("cached-3"), build("uncached-3", PLAYBOOK_NO_CACHE="1")
        assert any("A template line added" in p.read_text(encoding="utf-8") for p in (cached / "tools").rglob("index.html"))
        assert site_files(cached) == site_files(uncached)
    finally:
        config.unlink(missing_ok=True)


def test_the_bundle_cache_tells_an_organisation_folder_from_none_and_sees_its_edits(tmp_path, monkeypatch):
    """The build's bundle depends on the organisation folder merged over the data: another folder, or
    an edit to it, makes the bundle again."""
    from macros import bundlecache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yml").write_text("name: Acme\n", encoding="utf-8")
    made: list[str] = []

    def make(value: str):
        return lambda: made.append(value) or value

    assert bundlecache.text(MINI, "t.json", make("plain")) == "plain"
    assert bundlecache.text(MINI, "t.json", make("again")) == "plain"  # kept
    assert bundlecache.text(MINI, "t.json", make("acme"), org_dir=org) == "acme"
    (org / "organisation.yml").write_text("name: Acme Bank\n", encoding="utf-8")
    assert bundlecache.text(MINI, "t.json", make("acme bank"), org_dir=org) == "acme bank"
    assert made == ["plain", "acme", "acme bank"]
