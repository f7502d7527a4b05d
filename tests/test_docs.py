"""Every setting a person can change is documented in the README with its variable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from core.errors import ConfigError
from core.settings import env_name, from_env
from index.config import IndexConfig
from index.search import RankingConfig
from ingest.config import CuratorConfig, IngestConfig, PdfLimits, PubmedConfig

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("config", [IngestConfig, IndexConfig, RankingConfig, PdfLimits,
                                    PubmedConfig, CuratorConfig])
def test_every_setting_is_in_the_readme(config: type) -> None:
    for field in dataclasses.fields(config):
        assert f"`{env_name(field.name)}`" in README, f"{env_name(field.name)} is not documented"


def test_settings_are_read_from_the_environment_with_types() -> None:
    ranking = from_env(RankingConfig, {"KLS_DENSE_WEIGHT": "0.25", "KLS_CANDIDATES": "50"})
    assert (ranking.dense_weight, ranking.candidates, ranking.mode) == (0.25, 50, "hybrid")
    assert from_env(IndexConfig, {"KLS_TOP_K": "3"}, top_k=None).top_k == 3
    with pytest.raises(ConfigError, match="KLS_TOP_K"):
        from_env(IndexConfig, {"KLS_TOP_K": "many"})


def test_readme_quickstart_and_ci_agree() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make run" in README and "make test" in README
    assert "\nmake test\n" in ci
