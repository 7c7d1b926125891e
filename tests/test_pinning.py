"""The GitHub Actions sample follows the site's own advice: actions pinned by commit SHA, images by digest."""

from __future__ import annotations

import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "examples" / "github-actions" / "release.yml"


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_tag_in_a_comment():
    uses = re.findall(r"^\s*-?\s*uses:\s*(\S+)(.*)$", SAMPLE.read_text(), re.M)
    assert uses, "the sample should use actions"
    for ref, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{ref}: pin to a full 40-character commit SHA"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", rest), f"{ref}: add the release tag as a comment, e.g. `# v1.2.3`"


def test_container_images_run_by_the_sample_are_pinned_by_digest():
    images = re.findall(r"\b(aquasec/trivy\S*)", SAMPLE.read_text())
    assert images, "the sample should run the Trivy image"
    for image in images:
        assert re.search(r"@sha256:[0-9a-f]{64}$", image), f"{image}: pin the image by digest"
