"""Every configuration sample shown on the site is valid against its upstream schema or validator.

A reader who copies a sample from a tool page should find it valid: each tool's `example.validator`
names the check, and tests/example_validators.py runs it.
"""

from __future__ import annotations

import pytest
from example_validators import VALIDATORS, validate, validate_manifests

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
