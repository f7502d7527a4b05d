"""Shared fixtures: the fake and real embedders, the shared data folder, and built indexes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(TESTS))

from fakes import HashingEmbedder  # noqa: E402

# Property tests (tests/test_fuzz_ingest.py): a small fixed budget in `make test` ("ci", the
# same examples every run), thousands of random ones in `make fuzz` (HYPOTHESIS_PROFILE=fuzz).
settings.register_profile("ci", max_examples=25, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: uses the real embedding model (slower)")
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")
    config.addinivalue_line("markers", "fuzz: Hypothesis property tests over untrusted input")
    config.addinivalue_line("markers", "slow: full benchmark runs (minutes; CI runs them too)")


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from index.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture(scope="session")
def article_index(tmp_path_factory: pytest.TempPathFactory, real_embedder) -> Path:
    """An index of corpus/ (the article) built with the real model."""
    from ingest.pipeline import build_corpus

    index_dir = tmp_path_factory.mktemp("article-index")
    build_corpus(ROOT / "corpus", index_dir, lambda: real_embedder)
    return index_dir
