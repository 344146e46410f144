"""docs/standards.md keeps the feature table and the shipped standards in step with the code."""

from pathlib import Path

from bangfu.standards import load_standard, shipped_standard_ids
from bangfu.standards.features import features_markdown

PAGE = (Path(__file__).parents[2] / "docs" / "standards.md").read_text(encoding="utf-8")


def test_the_feature_table_is_the_generated_one():
    assert features_markdown() in PAGE


def test_every_shipped_standard_and_criterion_is_documented():
    for standard_id in shipped_standard_ids():
        standard = load_standard(standard_id)
        assert f"`{standard_id}`" in PAGE
        for criterion in (*standard.criteria, *standard.village_criteria):
            assert f"`{criterion.id}`" in PAGE, (standard_id, criterion.id)
