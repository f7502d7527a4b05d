"""Every setting a person can change is documented in the README with its variable."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path

import pytest

from core.errors import ConfigError
from core.settings import env_name, from_env
from index.config import IndexConfig
from index.search import RankingConfig

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "documents", "index", "ingest", "evaluation", "benchmarks", "webui")


def settings_classes() -> list[type]:
    """Every class the code reads with `from_env(Class, ...)`, found in the source, so a new
    settings class cannot be left out of this test."""
    found: dict[str, type] = {}
    files = [p for name in PACKAGES for p in (ROOT / name).rglob("*.py")] + [ROOT / "app.py"]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            node.args[0].id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "from_env"
            and node.args and isinstance(node.args[0], ast.Name)
        }
        if names:
            module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
            found.update({name: getattr(module, name) for name in names})
    return sorted(found.values(), key=lambda cls: cls.__name__)


def test_the_settings_finder_sees_the_known_classes() -> None:
    names = {cls.__name__ for cls in settings_classes()}
    assert {"IngestConfig", "IndexConfig", "RankingConfig", "PdfLimits", "PubmedConfig",
            "CuratorConfig", "IngestLimits"} <= names


@pytest.mark.parametrize("config", settings_classes(), ids=lambda cls: cls.__name__)
def test_every_setting_is_in_the_readme(config: type) -> None:
    fields = dataclasses.fields(config)
    assert fields, f"{config.__name__} has no settings"
    for field in fields:
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
