"""Every configuration sample shown on the site is valid against its upstream schema or validator.

A reader who copies a sample from a tool page should find it valid: each tool's `example.validator`
names the check, and tests/example_validators.py runs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from example_validators import PARSE_ONLY, VALIDATORS, summary, validate, validate_manifests

from macros.catalogue import load_catalogue
from macros.models import Validator

CATALOGUE = load_catalogue()
EXAMPLES = [t for t in CATALOGUE.tools if t.example]


def test_every_validator_name_has_a_check():
    assert set(Validator.__args__) == set(VALIDATORS)


@pytest.mark.parametrize("tool", [t for t in EXAMPLES if t.example.validator], ids=lambda t: t.id)
def test_example_is_valid(tool):
    validate(tool.example.validator, CATALOGUE.data_dir / "examples" / tool.example.file)


def test_a_broken_manifest_is_caught(tmp_path):
    """The CRD check is real: a Rollout with a misspelt field fails."""
    bad = tmp_path / "rollout.yaml"
    bad.write_text("apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: x}\nspec:\n  strategy:\n    canary:\n      stepz: []\n")
    with pytest.raises(AssertionError, match="stepz"):
        validate_manifests(bad)


BROKEN = [
    # (validator, sample, text in it, replacement): a misspelt or unknown key, or broken syntax.
    ("flux", "flux/kustomization.yaml", "  interval:", "  intervall: 1m\n  interval:"),
    ("istio", "istio/traffic.yaml", "  host:", "  hostt: x\n  host:"),
    ("sealed-secrets", "sealed-secrets/sealedsecret.yaml", "  encryptedData:", "  encryptedDatas: {}\n  encryptedData:"),
    ("alertmanager-config", "alertmanager/alertmanager.yml", "route:", "routes: {}\nroute:"),
    ("ansible-playbook", "ansible/deploy.yml", "  serial:", "  seriall: 1\n  serial:"),
    ("codedeploy-appspec", "aws-codedeploy/appspec.yml", "      Type: AWS::Lambda::Function", "      Type: AWS::Lambda::Function\n      Typo: x"),
    ("hcl", "terraform/main.tf", "terraform {", 'terraform { "'),
    ("toml", "git-cliff/cliff.toml", "[changelog]", "[changelog"),
]


@pytest.mark.parametrize(("validator", "sample", "old", "new"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_new_validator_rejects_a_broken_sample(validator, sample, old, new, tmp_path):
    text = (CATALOGUE.data_dir / "examples" / sample).read_text(encoding="utf-8")
    assert old in text
    validate(validator, CATALOGUE.data_dir / "examples" / sample)
    broken = tmp_path / Path(sample).name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AssertionError):
        validate(validator, broken)


UNCHECKED = {
    "jenkins": "a Groovy Jenkinsfile: no Jenkins or Groovy parser installs from the registries the tests use",
    "open-policy-agent": "Rego: no OPA binary (opa check) installs from those registries",
    "conftest": "Rego, as open-policy-agent",
    "sonarqube": "a Java properties file whose keys only a SonarQube scanner knows",
    "k6": "a JavaScript module for k6's own runtime (k6/http imports)",
    "pact": "TypeScript that needs the project's own dependencies to compile",
    "playwright": "TypeScript that needs the project's own dependencies to compile",
    "openfeature": "TypeScript that needs the project's own dependencies to compile",
    "fastlane": "a Ruby Fastfile: no Ruby is installed for the tests",
}
"""Samples no validator checks, and why (what the tool pages and the README must not claim)."""


def test_only_the_samples_listed_with_a_reason_are_unchecked():
    assert {t.id for t in EXAMPLES if t.example.validator is None} == set(UNCHECKED)


def test_the_summary_counts_every_sample_once():
    counts = summary()
    assert sum(len(v) for v in counts.values()) == len(EXAMPLES)
    assert sorted(counts["unchecked"]) == sorted(t.example.file for t in EXAMPLES if t.id in UNCHECKED)
    assert all(t.example.validator in PARSE_ONLY for t in EXAMPLES if t.example.file in counts["parsed"])
