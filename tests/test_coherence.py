"""The catalogue makes coherent documents: for every combination of size x industry x stack (each may
be "not chosen"), with the profiles' own tool picks and with one tool per category, no rule of a
chosen profile is missing or weakened, tools fit the stack, numbers live in parameters, and tools
say how without naming companions that may not be chosen.

Documents are rendered in-process with the Python engine (`macros.engine`), each once."""

from __future__ import annotations

import itertools
import re
from functools import cache

import pytest

from macros import engine
from macros.catalogue import load_catalogue

CAT = load_catalogue()
BUNDLE = CAT.bundle
DATE = "2026-12-03"
FORMAT = "release-playbook-answers"
DIMENSIONS = ("size", "industry", "stack")
PROFILE_IDS = {d: [""] + [p.id for p in CAT.profiles if p.dimension == d] for d in DIMENSIONS}
COMBOS = list(itertools.product(PROFILE_IDS["size"], PROFILE_IDS["industry"], PROFILE_IDS["stack"]))
MODES = ("profile-picks", "one-per-category")
PARAM = {p["id"]: p for p in BUNDLE["parameters"]["items"]}


def combo_id(combo: tuple[str, str, str]) -> str:
    return "+".join(c or "none" for c in combo)


def one_tool_per_category() -> list[str]:
    """The first active tool of every category, in catalogue order: the wizard lets a user pick any."""
    picks = []
    for category in BUNDLE["categories"]:
        first = next(t for t in BUNDLE["tools"] if t["category"] == category["id"] and t["status"] == "active")
        picks.append(first["id"])
    return picks


def raw_answers(combo: tuple[str, str, str], mode: str) -> dict:
    raw = {"format": FORMAT, "version": engine.ANSWERS_VERSION, "organisation": dict(zip(DIMENSIONS, combo, strict=True))}
    if mode == "one-per-category":
        raw["tools"] = one_tool_per_category()
    return raw


@cache
def rendered(combo: tuple[str, str, str], mode: str) -> tuple[dict, list[dict], str]:
    """(normalised answers, nodes, Markdown) of one document."""
    answers = engine.normalise_answers(raw_answers(combo, mode), BUNDLE)
    nodes = engine.nodes(raw_answers(combo, mode), BUNDLE, DATE)
    return answers, nodes, engine.to_markdown(nodes)


def chosen_profiles(combo: tuple[str, str, str]) -> list[dict]:
    return [p for p in BUNDLE["profiles"] if p["id"] in combo]


def expand(text: str, params: dict) -> str:
    """Catalogue text with `{parameter}` written as its resolved value, as the engine writes it."""
    return engine.PARAM_TOKEN.sub(lambda m: params[m.group(1)]["text"], text)


def placeholders_in_document(nodes: list[dict]) -> set[str]:
    """Placeholder ids of every template part the document contains (a section that does not apply
    to the answers, such as blue-green when blue-green is not chosen, carries none)."""
    sections = BUNDLE["document"]["sections"]
    found: set[str] = set()
    for node in nodes:
        if node["type"] == "markdown":
            found.update(engine.TOKEN.findall(sections[node["section"]]["parts"][node["part"]]["text"]))
    return found


# ---------------------------------------------------------------------------
# (a) no rule of a chosen profile is missing
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_every_rule_of_a_chosen_profile_reaches_the_document(combo, mode):
    answers, nodes, text = rendered(combo, mode)
    params = engine.resolve_parameters(answers, BUNDLE)
    present = placeholders_in_document(nodes)
    missing = []
    for profile in chosen_profiles(combo):
        for pid, sentence in profile["placeholders"].items():
            if pid in present and engine.cell(expand(sentence, params)) not in text:
                missing.append(f"{profile['id']}.placeholders.{pid}")
        for gid, sentence in profile["gates"].items():
            if engine.cell(expand(sentence, params)) not in text:
                missing.append(f"{profile['id']}.gates.{gid}")
        missing.extend(f"{profile['id']}.compliance: {item}" for item in profile["compliance"] if item not in text)
    assert not missing, f"rules of chosen profiles missing from the {combo_id(combo)} document ({mode}): {missing}"


def test_compliance_controls_are_in_sections_every_document_has():
    """A profile sentence that cites a control (PCI DSS, HIPAA, SOX...) must reach every document of that
    profile, so its placeholder must sit in a part that applies whatever the strategies and tools."""
    control = re.compile(r"PCI DSS|HIPAA|SOX|Two-person rule|GDPR|DORA")
    for profile in BUNDLE["profiles"]:
        for pid, sentence in profile["placeholders"].items():
            if not control.search(sentence):
                continue
            for combo in COMBOS:
                if profile["id"] not in combo:
                    continue
                for mode in MODES:
                    _, nodes, _ = rendered(combo, mode)
                    assert pid in placeholders_in_document(nodes), (
                        f"{profile['id']}.placeholders.{pid} cites a control but its section is missing from the {combo_id(combo)} document ({mode})"
                    )


def test_a_team_value_replaces_the_profile_rule_and_nothing_else():
    raw = raw_answers(("enterprise", "financial-services", "monolith"), "profile-picks")
    raw["values"] = {"APPROVAL_PROCESS_DEFINITION": "Our own approval rule"}
    text = engine.render(raw, BUNDLE, DATE)
    assert "Our own approval rule" in text
    assert "Two-person rule" not in text
    assert "PCI DSS 6.5.5" in text


# ---------------------------------------------------------------------------
# (b) no rule is weakened
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_no_parameter_is_weaker_than_a_chosen_profile_sets_it(combo, mode):
    answers, _, text = rendered(combo, mode)
    params = engine.resolve_parameters(answers, BUNDLE)
    weaker = []
    for profile in chosen_profiles(combo):
        for pid, value in profile["parameters"].items():
            param = PARAM[pid]
            if param["stricter"] != "none" and engine.stricter(param, value, params[pid]["value"]):
                weaker.append(f"{pid}: {params[pid]['text']} is weaker than {profile['id']}'s {engine.param_text(param, value, BUNDLE)}")
    assert not weaker, f"{combo_id(combo)} ({mode}): {weaker}"
    # The numbers table states the resolved value of every parameter, once.
    for pid, entry in params.items():
        if PARAM[pid]["type"] != "text":
            assert text.count(f"| {engine.cell(PARAM[pid]['label'])} | {engine.cell(entry['text'])} |") == 1, pid


def test_the_stricter_of_two_profiles_wins_whatever_the_dimension():
    answers, _, text = rendered(("startup", "financial-services", ""), "profile-picks")
    params = engine.resolve_parameters(answers, BUNDLE)
    assert params["coverage.new-code"]["text"] == "90%"  # financial services 90 beats the startup's 70
    assert params["approvals.production"]["value"] == 1  # a startup's 0 does not remove the two-person rule
    assert "at least 90% on new code" in text
    answers, _, _ = rendered(("scale-up", "e-commerce", "serverless"), "profile-picks")
    params = engine.resolve_parameters(answers, BUNDLE)
    assert params["canary.steps"]["text"] == "1%, 5%, 25%, 50%, 100%"  # a smaller first step is more careful
    assert params["canary.step-time"]["text"] == "10 minutes"  # longer than serverless' 5 minutes


# ---------------------------------------------------------------------------
# (c) tools and strategies that fit the stack
# ---------------------------------------------------------------------------

KUBERNETES_ONLY = sorted(t["name"] for t in BUNDLE["tools"] if t["runs_on"] == ["kubernetes"])


def names_in(text: str, names: list[str]) -> list[str]:
    return [n for n in names if re.search(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", text)]


def without_tool_summaries(nodes: list[dict]) -> str:
    """The document without the toolchain table's general descriptions of each tool (a scanner's summary
    may list "Kubernetes clusters" among what it scans; that is not a pick)."""
    labels = BUNDLE["document"]["labels"]
    head = [labels["category"], labels["tool"], labels["role"]]
    kept = [n for n in nodes if not (n["type"] == "table" and n["head"] == head)]
    return engine.to_markdown(kept)


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_defaults_pick_only_tools_and_strategies_that_run_on_the_stack(combo):
    answers, nodes, text = rendered(combo, "profile-picks")
    platform = engine.stack_platform(answers, BUNDLE)
    tools = {t["id"]: t for t in BUNDLE["tools"]}
    strategies = {s["id"]: s for s in BUNDLE["strategies"]}
    unfit = [i for i in engine.default_tools(answers, BUNDLE) if not engine.fits(tools[i], platform)]
    unfit += [i for i in engine.recommended_strategies(answers, BUNDLE) if not engine.fits(strategies[i], platform)]
    assert not unfit, f"{combo_id(combo)} preselects what does not run on {platform}: {unfit}"
    if platform in ("serverless", "mobile"):
        named = names_in(without_tool_summaries(nodes), KUBERNETES_ONLY)
        assert not named, f"the {combo_id(combo)} document names Kubernetes-only tools: {named}"
        assert "kubectl" not in text and "Kubernetes manifests" not in text
    if platform == "vm":
        # The rolling strategy's rollback may mention Kubernetes beside the VM way; no tool or part may.
        named = names_in(without_tool_summaries(nodes), [n for n in KUBERNETES_ONLY if n != "Kubernetes"])
        assert not named, f"the {combo_id(combo)} document names Kubernetes-only tools: {named}"
        assert "Kubernetes manifests" not in text and "Helm charts" not in text


def test_every_stack_profile_picks_a_deployment_tool_that_runs_on_it():
    """Serverless gets function-native traffic shifting, mobile a store release tool, never a mesh."""
    picks = {}
    for stack in PROFILE_IDS["stack"][1:]:
        answers, _, _ = rendered(("", "", stack), "profile-picks")
        picks[stack] = {t: next(x["category"] for x in BUNDLE["tools"] if x["id"] == t) for t in engine.default_tools(answers, BUNDLE)}
    assert "aws-codedeploy" in picks["serverless"]
    assert "fastlane" in picks["mobile"]
    assert "service-mesh" not in picks["mobile"].values()
    assert "service-mesh" not in picks["monolith"].values()
    _, _, serverless = rendered(("scale-up", "e-commerce", "serverless"), "profile-picks")
    assert "helm rollback" not in serverless.lower()
    assert "function alias back to the previous published version" in serverless


# ---------------------------------------------------------------------------
# (d) numbers live in parameters
# ---------------------------------------------------------------------------

NUMBER = re.compile(
    r"\d+(\.\d+)?\s*(%|percent|percentage points?|ms\b|s\b|seconds?|minutes?|min\b|hours?|days?|weeks?|months?|years?|x\b|times)",
    re.I,
)
# Numbers that are facts of a regulation or a platform, each in a sentence that cites its source.
ALLOWED_NUMBERS = {
    ("profile", "financial-services", "placeholders", "LOG_RETENTION_POLICIES"): "PCI DSS v4.0.1 req. 10.5.1",
    ("profile", "healthcare", "placeholders", "LOG_RETENTION_POLICIES"): "HIPAA 164.316(b)(2)",
    ("profile", "mobile", "placeholders", "CANARY_TRAFFIC_PERCENTAGE"): "Apple's fixed schedule",
}


def catalogue_texts():
    """Every catalogue text that reaches a document as a rule or a mechanism: (where, text)."""
    for tool in CAT.tools:
        for pid, text in tool.fills.items():
            yield ("tool", tool.id, "fills", pid), text
    for profile in CAT.profiles:
        for pid, text in profile.placeholders.items():
            yield ("profile", profile.id, "placeholders", pid), text
        for gid, text in profile.gates.items():
            yield ("profile", profile.id, "gates", gid), text
    for phase in CAT.phases:
        for ph in phase.placeholders:
            if ph.default:
                yield ("placeholder", ph.id, "default", ""), ph.default
    for stage in CAT.gate_stages:
        for gate in stage.gates:
            yield ("gate", gate.id, "threshold", ""), gate.threshold


def test_no_literal_numbers_outside_parameters():
    found = [f"{'.'.join(w for w in where if w)}: {text}" for where, text in catalogue_texts() if NUMBER.search(text) and where not in ALLOWED_NUMBERS]
    assert not found, "write these numbers as {parameters} (parameters.yml) or leave them out:\n" + "\n".join(found)


def test_the_number_allowlist_is_current():
    texts = dict(catalogue_texts())
    for where, source in ALLOWED_NUMBERS.items():
        assert where in texts, f"{where} no longer exists: remove it from ALLOWED_NUMBERS"
        assert NUMBER.search(texts[where]), f"{where} has no number left: remove it from ALLOWED_NUMBERS"
        assert source in texts[where], f"{where} must cite {source}"


def test_the_number_lint_finds_numbers():
    assert NUMBER.search("at least 80% coverage") and NUMBER.search("within 15 minutes") and NUMBER.search("page at 14.4x")
    assert not NUMBER.search("at least {coverage.overall} coverage") and not NUMBER.search("consecutive 5xx errors")


# ---------------------------------------------------------------------------
# (e) a tool says how, without naming another tool
# ---------------------------------------------------------------------------

# Short names by which a text can name a tool besides its full name.
ALIASES = {"grafana-loki": ["Loki"], "grafana-tempo": ["Tempo"], "argo-cd": ["argocd"], "open-policy-agent": ["OPA"]}


def test_no_tool_text_names_another_tool():
    named = []
    for tool in BUNDLE["tools"]:
        for pid, text in tool["fills"].items():
            rest = text.replace(tool["name"], " ")
            for other in BUNDLE["tools"]:
                if other is tool or (other["id"] == "kubernetes" and tool["runs_on"] == ["kubernetes"]):
                    continue  # a Kubernetes-only tool may name its platform
                hits = names_in(rest, [other["name"]] + ALIASES.get(other["id"], []))
                if hits and not (tool["id"] == "open-policy-agent" and hits == ["OPA"]):
                    named.append(f"{tool['id']}.{pid} names {hits[0]}")
    assert not named, "say 'the metrics store', 'the mesh or ingress'... instead:\n" + "\n".join(named)


def test_the_companion_check_finds_a_named_companion():
    assert names_in("canary with Istio weights and a Prometheus analysis", ["Istio", "Prometheus", "Flux"]) == ["Istio", "Prometheus"]
    assert names_in("Influx and Fluxgate", ["Flux"]) == []


# ---------------------------------------------------------------------------
# (f) a lean toolchain where the profile says so, and profile data that agrees with its advice
# ---------------------------------------------------------------------------


def categories_of(ids: list[str]) -> list[str]:
    category = {t["id"]: t["category"] for t in BUNDLE["tools"]}
    return [category[i] for i in ids]


def test_the_startup_toolchain_has_one_tool_per_category():
    startup = next(p for p in BUNDLE["profiles"] if p["id"] == "startup")
    listed = categories_of(startup["tools"])
    assert len(listed) == len(set(listed)), "the startup profile lists two tools of one category"
    answers, _, _ = rendered(("startup", "", ""), "profile-picks")
    picked = categories_of(engine.default_tools(answers, BUNDLE))
    assert len(picked) == len(set(picked))
    assert len(picked) <= 10


@pytest.mark.parametrize("combo", [c for c in COMBOS if c[0] == "startup"], ids=combo_id)
def test_a_startup_operates_at_most_three_strategies(combo):
    answers, _, _ = rendered(combo, "profile-picks")
    assert len(engine.recommended_strategies(answers, BUNDLE)) <= 3


def test_every_profile_picks_at_most_one_tool_per_exclusive_category():
    exclusive = {c["id"] for c in BUNDLE["categories"] if c["exclusive"]}
    for combo in COMBOS:
        answers, _, _ = rendered(combo, "profile-picks")
        picked = [c for c in categories_of(engine.default_tools(answers, BUNDLE)) if c in exclusive]
        assert len(picked) == len(set(picked)), combo_id(combo)


def startup_agrees(consideration: str, profile: dict) -> bool:
    """Whether the startup profile's data does what one of its considerations says."""
    params, tools = profile["parameters"], profile["tools"]
    if consideration.startswith("Do not copy an enterprise process"):
        return params.get("approvals.production") == 0
    if consideration.startswith("Keep the number of tools small"):
        ci = [t for t in BUNDLE["tools"] if t["id"] in tools and t["category"] == "ci-cd"]
        return len(ci) == 1 and len(tools) <= len(BUNDLE["categories"]) // 2 + 2
    if consideration.startswith("Write down the rollback procedure"):
        return "ROLLBACK_PROCEDURE" in profile["placeholders"]
    if consideration.startswith("Feature flags accumulate quickly"):
        return "flags.max-age" in params and "feature-flags" in profile["strategies"]
    raise AssertionError(f"no check for the startup consideration '{consideration}': add one")


def test_the_startup_profile_agrees_with_its_own_considerations():
    startup = next(p for p in BUNDLE["profiles"] if p["id"] == "startup")
    disagree = [c for c in CAT.profile["startup"].considerations if not startup_agrees(c, startup)]
    assert not disagree, f"the startup profile's data contradicts its advice: {disagree}"


def test_profile_rules_name_no_strategy():
    """The default strategy is written from the chosen strategies; a profile sentence naming one would
    survive when the team unticks it."""
    names = [s["name"].split(" ")[0] for s in BUNDLE["strategies"]] + ["Blue-green", "Canary", "Rolling update"]
    for profile in BUNDLE["profiles"]:
        sentence = profile["placeholders"].get("DEPLOYMENT_STRATEGY", "")
        assert not names_in(sentence, names), f"{profile['id']}.placeholders.DEPLOYMENT_STRATEGY names a strategy"


def test_profile_rules_name_no_tool_but_open_standards():
    """A profile's rule holds whatever tools the team picks; only an open standard may be named."""
    standards = {"OpenTelemetry"}
    names = [t["name"] for t in BUNDLE["tools"] if t["name"] not in standards]
    named = [
        f"{p['id']}.{key}: {names_in(text, names)}"
        for p in BUNDLE["profiles"]
        for key, text in list(p["placeholders"].items()) + list(p["gates"].items())
        if names_in(text, names)
    ]
    assert not named, named
