"""How `python -m index search` prints an answer: JSON for scripts, a short list for people.

The JSON shapes are the output contract (DESIGN.md): a hits array, a papers array with
`--papers`, and with `--queries` one object a line that also carries `total` (matching papers)
and `notice` (the sentence the page shows above the results, or null).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from typing import Any

from documents.facts import summary_line
from index.hit import Hit
from index.papers import Paper, PaperResults


@dataclass(frozen=True)
class Answer:
    """The paper view's page, and the passages when passages were asked for (else None)."""

    results: PaperResults
    hits: list[Hit] | None


def print_answer(
    query: str, answer: Answer, took_ms: float, args: argparse.Namespace, batch: bool
) -> None:
    results = answer.results
    if batch and args.json:
        line: dict[str, Any] = {"query": query, "took_ms": round(took_ms, 2)}
        if answer.hits is None:
            line["papers"] = [paper.to_json() for paper in results.papers]
            line.update(page=results.page, per_page=results.per_page, sort=results.sort,
                        missing_terms=list(results.missing_terms), lookup=results.lookup)
        else:
            line["hits"] = [hit.to_json() for hit in answer.hits]
        line.update(total=results.total, notice=results.notice)
        print(json.dumps(line))
    elif args.json:
        records = (
            [paper.to_json() for paper in results.papers]
            if answer.hits is None
            else [hit.to_json() for hit in answer.hits]
        )
        print(json.dumps(records, indent=2))
    else:
        _print_text(query, answer, took_ms)


def _print_text(query: str, answer: Answer, took_ms: float) -> None:
    results = answer.results
    print(f"{query!r}: {results.total} matching papers, page {results.page} "
          f"({results.sort}), {took_ms:.0f} ms")
    if results.notice:
        print(f"  {results.notice}")
    if answer.hits is None:
        for paper in results.papers:
            _print_paper(paper)
        return
    for hit in answer.hits:
        print(f"{hit.rank:>3}. [{hit.score:.3f}] {hit.title} ({_cite(hit)})")
        print(f"     {_snippet(hit.text)}")


def _print_paper(paper: Paper) -> None:
    print(f"{paper.rank:>3}. [{paper.match}, cosine {paper.dense_score:.2f}, "
          f"coverage {paper.coverage:.2f}] {paper.title} ({_cite(paper)})")
    if paper.facts is not None and summary_line(paper.facts):
        print(f"     [{summary_line(paper.facts)}]")
    for hit in paper.passages:
        print(f"     {_snippet(hit.text)}")


def _cite(item: Hit | Paper) -> str:
    page = item.page if isinstance(item, Hit) else None
    parts = [
        str(x)
        for x in (item.year, f"PMID {item.pmid}" if item.pmid else None,
                  f"p. {page}" if page else None)
        if x
    ]
    return f"{item.source}, {', '.join(parts)}" if parts else item.source


def _snippet(text: str) -> str:
    return text[:240].replace("\n", " ")
