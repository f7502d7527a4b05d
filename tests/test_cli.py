"""The CLIs as scripts use them: build, add, search with the JSON contract, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from index.cli import main as index_main
from ingest.cli import main as ingest_main

CORPUS = Path(__file__).parent / "fixtures" / "cli_corpus"
CONTRACT = {
    "rank",
    "score",
    "text",
    "doc_id",
    "chunk_id",
    "title",
    "source",
    "pmid",
    "doi",
    "year",
    "page",
}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    index_dir = tmp_path / "index"
    code = ingest_main(
        ["build", "--corpus", str(CORPUS), "--index", str(index_dir), "--quiet"],
        embedder_factory=HashingEmbedder,
    )
    assert code == 0
    return index_dir


def search(index_dir: Path, *args: str) -> int:
    return index_main(
        ["search", *args, "--index", str(index_dir)], embedder_factory=HashingEmbedder
    )


def test_search_json_follows_the_contract(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert search(built, "golden pears", "-k", "3", "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    assert 1 <= len(hits) <= 3
    assert set(hits[0]) >= CONTRACT | {"facts", "study_types", "publication_types"}
    assert isinstance(hits[0]["facts"], dict)  # the orchard notes are no study: few facts
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert hits[0]["title"] == "Synthetic Orchard Notes" and "pears" in hits[0]["text"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_queries_file_prints_one_object_a_line(built: Path, tmp_path: Path, capsys) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("lighthouse flashes\n\ncrimson apples\n", encoding="utf-8")
    capsys.readouterr()
    assert search(built, "--queries", str(queries), "--json") == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["lighthouse flashes", "crimson apples"]
    assert all(line["took_ms"] >= 0 and line["hits"] for line in lines)
    assert lines[0]["hits"][0]["doc_id"] == "text:harbour"


def test_empty_query_and_missing_index_fail_in_one_line(
    built: Path, tmp_path: Path, capsys
) -> None:
    capsys.readouterr()
    assert search(built, "   ", "--json") == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: query '   ': empty query: type a question or some terms"
    ]
    assert search(tmp_path / "absent", "pears") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no index here yet" in err[0]


def test_add_goes_on_past_a_bad_file(built: Path, tmp_path: Path, capsys) -> None:
    good = tmp_path / "meadow.txt"
    good.write_text("Synthetic fixture: the meadow is full of violet clover.", encoding="utf-8")
    bad = tmp_path / "table.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    capsys.readouterr()
    code = ingest_main(
        ["add", str(bad), str(good), "--index", str(built), "--quiet"],
        embedder_factory=HashingEmbedder,
    )
    out = capsys.readouterr()
    assert code == 1
    assert [line for line in out.err.splitlines() if "table.xlsx" in line][0].startswith("error: ")
    assert "1 added" in out.out
    assert search(built, "violet clover", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["doc_id"] == "text:meadow"


def test_a_failed_add_leaves_the_index_as_it_was(built: Path, tmp_path: Path, capsys) -> None:
    before = sorted(p.name for p in (built / "versions").iterdir())
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated nonsense")
    loads: list[HashingEmbedder] = []

    def counted_model() -> HashingEmbedder:
        loads.append(HashingEmbedder())
        return loads[-1]

    argv = ["add", str(bad), "--index", str(built)]
    exit_code = ingest_main(argv, embedder_factory=counted_model)
    assert exit_code == 2  # a single refused file: nothing was done
    assert loads == []  # every file refused: the model never loads
    assert "broken.pdf" in capsys.readouterr().err
    assert sorted(p.name for p in (built / "versions").iterdir()) == before
    assert index_main(["verify", "--index", str(built)]) == 0


def test_rebuilding_an_unchanged_corpus_embeds_nothing(built: Path, capsys) -> None:
    capsys.readouterr()
    assert (
        ingest_main(
            ["build", "--corpus", str(CORPUS), "--index", str(built), "--quiet"],
            embedder_factory=HashingEmbedder,
        )
        == 0
    )
    assert "0 embedded" in capsys.readouterr().out


PAPER_CONTRACT = {
    "rank", "doc_id", "title", "authors", "journal", "year", "source", "pmid", "doi",
    "study_types", "score", "dense_score", "lexical_score", "match", "coverage", "passages",
}


def test_papers_json_is_one_object_per_paper(built: Path, capsys) -> None:
    capsys.readouterr()
    assert search(built, "synthetic orchard apples pears", "--papers", "--json") == 0
    papers = json.loads(capsys.readouterr().out)
    assert set(papers[0]) >= PAPER_CONTRACT and papers[0]["doc_id"] == "text:orchard"
    assert len({p["doc_id"] for p in papers}) == len(papers)
    assert set(papers[0]["passages"][0]) >= CONTRACT | {"facts"}
    assert papers[0]["match"] in ("strong", "partial", "weak") and "facts" in papers[0]


def test_pages_and_sorts_for_passages_and_papers(built: Path, capsys) -> None:
    capsys.readouterr()
    assert search(built, "synthetic", "-k", "1", "--json") == 0
    first = json.loads(capsys.readouterr().out)
    assert search(built, "synthetic", "-k", "1", "--page", "2", "--json") == 0
    second = json.loads(capsys.readouterr().out)
    assert [h["rank"] for h in first + second] == [1, 2]
    assert first[0]["chunk_id"] != second[0]["chunk_id"]
    for sort in ("newest", "oldest"):
        assert search(built, "synthetic", "--sort", sort, "--papers", "--json") == 0
        assert json.loads(capsys.readouterr().out)


def test_queries_lines_carry_total_and_notice(built: Path, tmp_path: Path, capsys) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("golden pears\nzzqx flibber\n", encoding="utf-8")
    capsys.readouterr()
    assert search(built, "--queries", str(queries), "--json") == 0
    pears, nonsense = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert pears["total"] >= 1 and pears["notice"] is None and pears["hits"]
    assert nonsense["notice"].startswith("No document mentions zzqx or flibber")
    assert search(built, "--queries", str(queries), "--json", "--papers") == 0
    line = json.loads(capsys.readouterr().out.splitlines()[0])
    assert {"query", "took_ms", "papers", "total", "notice"} <= set(line)


def test_author_filters_and_unknown_pmids_say_so(built: Path, capsys) -> None:
    capsys.readouterr()
    assert search(built, "pears", "--author", "nobody", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert search(built, "pears author:nobody", "--papers", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert search(built, "pmid:123", "--papers") == 0
    assert "No paper in the collection has PMID 123." in capsys.readouterr().out


@pytest.mark.parametrize("k", ["0", "-1", "1001"])
def test_k_out_of_range_is_refused_in_one_line(built: Path, k: str, capsys) -> None:
    capsys.readouterr()
    assert search(built, "pears", "-k", k) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: -k {k}:")


def test_bad_page_and_non_utf8_queries_fail_in_one_line(
    built: Path, tmp_path: Path, capsys
) -> None:
    capsys.readouterr()
    assert search(built, "pears", "--page", "0") == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    broken = tmp_path / "latin1.txt"
    broken.write_bytes(b"caf\xe9 au lait\n")
    assert search(built, "--queries", str(broken), "--json") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not UTF-8" in err[0]


def test_a_bad_setting_is_one_line(built: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KLS_DENSE_WEIGHT", "lots")
    capsys.readouterr()
    assert search(built, "pears") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "KLS_DENSE_WEIGHT" in err[0]


def test_a_closed_pipe_stops_quietly(built: Path, monkeypatch, capsys) -> None:
    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert search(built, "pears", "--json") == 0
    assert capsys.readouterr().err == ""
