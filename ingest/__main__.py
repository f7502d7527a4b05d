"""Entry point of `python -m ingest`."""

from core.entry import run
from ingest.cli import main

run(main)
