"""`python -m ingest facts FILE... [--json]`: the study facts of every record in some files,
read exactly as `add` would read them, without building or touching an index.

With `--json` each record is one JSON object a line (JSON Lines, so a file of thousands of
records streams): `pmid`, `doc_id`, then the facts (`documents.facts.JSON_KEYS`). Without it,
one readable line per record. Refused files and records are reported as `add` reports them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from documents.facts import extract_facts, summary_line
from documents.records import Document
from ingest.outcome import of_batch
from ingest.pipeline import LoadOptions, load_files


def facts_of(doc: Document) -> dict[str, Any]:
    """The record's identifiers followed by its facts, as `--json` prints them."""
    facts = extract_facts(doc.title, doc.text, doc.publication_types, doc.mesh_terms)
    return {"pmid": doc.pmid, "doc_id": doc.doc_id, **facts.to_json()}


def facts_lines(documents: Sequence[Document], as_json: bool) -> Iterator[str]:
    for doc in documents:
        if as_json:
            yield json.dumps(facts_of(doc), ensure_ascii=False)
            continue
        facts = extract_facts(doc.title, doc.text, doc.publication_types, doc.mesh_terms)
        yield f"{doc.doc_id}\t{summary_line(facts) or facts.design_label}"


def run(paths: Sequence[Path], as_json: bool, options: LoadOptions) -> int:
    """Print the facts, then the refused files and records on stderr. Exit status as for
    `add`: 0 all read, 1 some refused, 2 nothing readable."""
    result = load_files(paths, options)
    for line in facts_lines(result.documents, as_json):
        print(line)
    for refusal in of_batch(result).lines:
        print(refusal, file=sys.stderr)
    if not result.documents:
        print("no readable records", file=sys.stderr)
        return 2
    return 1 if result.errors or result.skipped else 0
