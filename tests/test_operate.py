"""Runbooks: every strategy and every tool that deploys can be operated from its page, with commands and sources."""

from __future__ import annotations

import html
import re

import pytest
from pydantic import ValidationError

from macros import models as m
from macros.catalogue import load_catalogue
from macros.pages import src_uri

CATALOGUE = load_catalogue()
# Categories whose tools put a release in front of users: each must say how to stop or undo one.
DEPLOYING = {"progressive-delivery", "gitops", "ci-cd", "container-platform", "service-mesh"}
FLAGS = "feature-flags"


def page_text(site, kind: str, ident: str) -> str:
    """The visible text of an item's page (tags stripped, entities decoded)."""
    stem = src_uri(kind, ident, CATALOGUE).removesuffix(".md").removesuffix("index").rstrip("/")
    raw = (site.path / stem / "index.html").read_text(encoding="utf-8")
    article = raw[raw.index("<article") : raw.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article))


@pytest.mark.parametrize("strategy", CATALOGUE.strategies, ids=lambda s: s.id)
def test_every_strategy_says_how_to_promote_abort_and_roll_back(strategy):
    actions = {step.action for step in strategy.operate}
    missing = {"promote", "abort", "rollback"} - actions
    assert not missing, f"{strategy.id}: add operate steps for {sorted(missing)}"


@pytest.mark.parametrize("tool", [t for t in CATALOGUE.tools if CATALOGUE.tool_category[t.id] in DEPLOYING | {FLAGS}], ids=lambda t: t.id)
def test_every_deploying_tool_can_stop_or_undo_a_release(tool):
    actions = {step.action for step in tool.operate}
    wanted = {"disable"} if CATALOGUE.tool_category[tool.id] == FLAGS else {"abort", "rollback"}
    assert actions & wanted, f"{tool.id}: add an operate step with one of {sorted(wanted)}"
    assert tool.sources, f"{tool.id}: operate steps need sources"


def test_tools_with_runbooks_cite_sources():
    unsourced = [t.id for t in CATALOGUE.tools if t.operate and not t.sources]
    assert unsourced == []


def test_a_command_cannot_break_out_of_its_code_block():
    with pytest.raises(ValidationError, match="three backticks"):
        m.OperateStep(action="abort", how="Stop it.", command="echo ```\nrm -rf /")


def test_argo_rollouts_page_answers_how_to_roll_back_a_canary(site):
    text = page_text(site, "tool", "argo-rollouts")
    assert "Abort: roll back during the rollout" in text
    assert "kubectl argo rollouts abort <rollout>" in text
    assert "kubectl argo rollouts undo <rollout>" in text
    assert "kubectl argo rollouts retry rollout <rollout>" in text


def test_canary_page_sizes_a_canary_with_a_worked_example(site):
    text = page_text(site, "strategy", "canary")
    assert "Sizing a canary: how big and how long" in text
    assert "Before/after or a concurrent control" in text
    assert "sre.google/workbook/canarying-releases" in (site.path / "strategies" / "canary" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind,items", [("tool", CATALOGUE.tools), ("strategy", CATALOGUE.strategies)], ids=["tools", "strategies"])
def test_pages_show_when_facts_were_checked_and_no_empty_sections(site, kind, items):
    for item in items:
        text = page_text(site, kind, item.id)
        assert f"Facts last checked: {item.checked.isoformat()}." in text, item.id
        # An empty list used to render as a lone em dash under its heading.
        assert not re.search(r"¶\s*—\s*\n", text), f"{item.id}: a section shows only '—'"
