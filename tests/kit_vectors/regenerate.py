"""Write the shared starter-kit vectors and their expected kits from the Python kit (macros/kit.py).

Run after an intended change to the kit templates, kit.py or the data they read, then review the diff:
    .venv/bin/python tests/kit_vectors/regenerate.py
CASES below are the inputs; each becomes NN-name.json ({"date", "answers"}) and NN-name.kit.json (the
expected files as [path, text] pairs; release-process.md as its SHA-256, since tests/vectors/ already
pins the document), or NN-name.error.txt with the message when the kit must be refused.
tests/test_kit.py checks both runtimes against these files.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from macros.catalogue import load_catalogue  # noqa: E402
from macros.engine import AnswersError  # noqa: E402
from macros.kit import KitError, kit_bundle, kit_files  # noqa: E402

DATE = "2026-12-03"
PICKS = {"argo-rollouts": True, "flagd": True, "prometheus": True, "github-actions": True}
"""The tools the slice has templates for, picked on top of a preset's own choice."""
PICKS.update({"aws-codedeploy": True, "terraform": True})  # CodeDeploy (Lambda and EC2 forms) and Terraform
TRICKY = 'O\'Brien & Söhne: "$HOME" `id` ${{ secrets.TOKEN }} %{x} \\ 🚀'


def answers(name: str = "Acme Cloud", size: str = "startup", industry: str = "saas", stack: str = "microservices", **extra: object) -> dict:
    out = {"format": "release-playbook-answers", "version": 2, "organisation": {"name": name, "size": size, "industry": industry, "stack": stack}}
    out.update(extra)
    return out


SMALLEST = {
    "canary.steps": [100],
    "canary.step-time": "1m",
    "canary.interval": "10s",
    "canary.failed-checks": 0,
    "canary.max-error-rate": 0,
    "tests.unit-pass-rate": 0,
    "tests.unit-max-time": "1m",
    "coverage.overall": 0,
    "coverage.new-code": 0,
    "flags.max-age": "1d",
    "approvals.production": 0,
}
LARGEST = {
    "canary.steps": list(range(1, 101)),
    "canary.step-time": "1d",
    "canary.interval": "1h",
    "canary.failed-checks": 20,
    "canary.max-error-rate": 100,
    "tests.unit-pass-rate": 100,
    "tests.unit-max-time": "2h",
    "coverage.overall": 100,
    "coverage.new-code": 99.9,
    "flags.max-age": "1y",
    "approvals.production": 5,
}

CI_SMALLEST = {
    **SMALLEST,
    "dora.lead-time": "1h",
    "dora.recovery-time": "5m",
    "dora.change-failure-rate": 0,
    "dora.rework-rate": 0,
    "alerts.ack-time": "1m",
    "alerts.ack-time-sev2": "1m",
    "security.block-severity": "critical",
}
CI_LARGEST = {
    **LARGEST,
    "dora.lead-time": "26w",
    "dora.recovery-time": "4w",
    "dora.change-failure-rate": 100,
    "dora.rework-rate": 100,
    "alerts.ack-time": "1h",
    "alerts.ack-time-sev2": "4h",
    "security.block-severity": "low",
}
"""The edges of the pipelines' and alerting's parameters too (tests/test_kit_ci.py)."""
MONITORING = {"prometheus": True, "alertmanager": True, "grafana": True, "datadog": True}


def cases() -> list[tuple[str, dict]]:
    presets = {p.id: p.answers for p in load_catalogue().presets}
    out = [(f"preset-{pid}", answers_) for pid, answers_ in presets.items()]
    out += [(f"preset-{pid}-with-slice-tools", {**answers_, "picks": {"tools": PICKS}}) for pid, answers_ in presets.items()]
    out += [
        ("tricky-name", answers(TRICKY, picks={"tools": PICKS})),
        ("unicode-only-name", answers("Ωμέγα 株式会社", picks={"tools": PICKS})),
        ("no-name-no-profile", {"format": "release-playbook-answers", "version": 2, "picks": {"tools": PICKS}}),
        ("smallest-parameters", answers(picks={"tools": PICKS}, parameters=SMALLEST)),
        ("largest-parameters", answers(picks={"tools": PICKS}, parameters=LARGEST)),
        ("odd-durations", answers(picks={"tools": PICKS}, parameters={"canary.step-time": "90s", "canary.interval": "45s", "tests.unit-max-time": "61s"})),
        ("decimal-step-refused", answers(picks={"tools": PICKS}, parameters={"canary.steps": [12.5, 50, 100]})),
        ("bad-answers-refused", answers(parameters={"canary.steps": [50, 25]})),
        # Kubernetes routing, GitOps and policy (tests/test_kit_k8s.py): each «if any/none» branch in both runtimes.
        ("k8s-rollouts-istio-flux-kyverno", answers(TRICKY, picks={"tools": {"argo-rollouts": True, "istio": True, "flux": True, "kyverno": True}})),
        (
            "k8s-rollouts-gateway-api-argo-cd-largest",
            answers(
                'Ωμέγα: "x" $y', picks={"tools": {"argo-rollouts": True, "gateway-api": True, "argo-cd": True, "open-policy-agent": True}}, parameters=LARGEST
            ),
        ),
        ("k8s-flagger-linkerd-smallest", answers("a", picks={"tools": {"flagger": True, "linkerd": True, "flux": True}}, parameters=SMALLEST)),
        (
            "k8s-flagger-no-mesh-odd",
            answers(
                TRICKY,
                picks={"tools": {"flagger": True, "gateway-api": False, "argo-cd": True}},
                parameters={"canary.interval": "45s", "canary.failed-checks": 7},
            ),
        ),
        (
            "k8s-rollouts-linkerd-fleet-conftest",
            answers("Fleet & Co: $x", picks={"tools": {"argo-rollouts": True, "linkerd": True, "rancher-fleet": True, "conftest": True}}),
        ),
    ]
    # The CI/CD platforms and alerting (validated by tests/test_kit_ci.py), one platform per vector.
    ci = [
        ("ci-gitlab-tricky-largest", TRICKY, "monolith", "gitlab-ci", True, CI_LARGEST),
        ("ci-azure-unicode-smallest", "Ωμέγα 株式会社", "serverless", "azure-devops", True, CI_SMALLEST),
        ("ci-jenkins-no-name", "", "microservices", "jenkins", True, {}),
        ("ci-tekton-tricky-no-canary", TRICKY, "microservices", "tekton", False, CI_SMALLEST),
    ]
    out += [
        (n, answers(name, stack=stack, picks={"tools": {t: True, **MONITORING}, "strategies": {"canary": c}}, parameters=p)) for n, name, stack, t, c, p in ci
    ]
    return [(f"{i:02d}-{name}", a) for i, (name, a) in enumerate(out, start=1)]


def expected(vector: dict, bundle: dict) -> tuple[str, str]:
    """(suffix, text) of the expected result for one vector."""
    try:
        files = kit_files(vector["answers"], bundle, vector["date"])
    except (AnswersError, KitError) as exc:
        return ".error.txt", str(exc) + "\n"
    return ".kit.json", json.dumps(pinned(files), indent=1, ensure_ascii=False) + "\n"


def pinned(files: list[tuple[str, str]] | list[list[str]]) -> list[list[str]]:
    """The files as stored: release-process.md by its SHA-256."""
    return [[p, "sha256:" + hashlib.sha256(t.encode("utf-8")).hexdigest() if p == "release-process.md" else t] for p, t in files]


def bundle() -> dict:
    return kit_bundle(load_catalogue())


def load_vectors() -> list[tuple[Path, dict]]:
    return [(path, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(HERE.glob("[0-9]*.json")) if not path.name.endswith(".kit.json")]


def main() -> None:
    for old in HERE.glob("[0-9]*.*"):
        old.unlink()
    kit = bundle()
    for name, raw in cases():
        vector = {"date": DATE, "answers": raw}
        (HERE / f"{name}.json").write_text(json.dumps(vector, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        suffix, text = expected(vector, kit)
        (HERE / f"{name}{suffix}").write_text(text, encoding="utf-8")
        print(f"{name}{suffix}")


if __name__ == "__main__":
    main()
