"""What a fresh clone shows: an index that holds only the clinic's web article (the literature
sync found no network, or has not run), and how to add the research literature to it."""

from __future__ import annotations

from index.manifest import Manifest

ADD_LITERATURE = """**This index holds only the clinic's web article.** Add the research \
literature to search it:

- `make run` pulls the PubMed records named in `corpus/literature.toml` each time it starts \
with a network connection (it said so in the terminal if it could not).
- Add files from a terminal (PubMed XML, MEDLINE, JSON Lines, PDFs, text): \
`.venv/bin/python -m ingest add ../shared/data/pubmed/records.jsonl.gz`
- Or on the **Curator** page (in the sidebar): add records by PMID or by a PubMed query, or \
upload files (with the curator key).

The page picks up the new documents on the next search, without a restart."""


def only_the_article(manifest: Manifest) -> bool:
    """A fresh index: the seed article and nothing else."""
    return manifest.documents <= 1
