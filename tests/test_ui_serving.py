"""How the page is served: loopback unless told otherwise, a reader's toolbar (no Deploy
button), and two named pages in the sidebar."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_streamlit_config_serves_loopback_without_the_deploy_button():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["client"]["toolbarMode"] in ("viewer", "minimal")
    assert config["server"]["headless"] is True


@pytest.mark.skipif(shutil.which("make") is None, reason="make is absent")
def test_make_run_binds_loopback_unless_host_is_given():
    def run_command(*extra: str) -> str:
        """What `make run` would run, printed, not run."""
        return subprocess.run(["make", "-n", "run", *extra], cwd=ROOT, capture_output=True,
                              text=True, timeout=60, check=True).stdout

    assert "--server.address 127.0.0.1" in run_command()
    assert "--server.address 0.0.0.0" in run_command("HOST=0.0.0.0")


def test_the_entry_page_names_search_and_curator():
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "st.navigation(" in source
    assert 'title="Search"' in source and 'title="Curator"' in source
    assert '"pages/curator.py"' in source
