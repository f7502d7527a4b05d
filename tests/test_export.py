"""Export of the results shown: CSV rows per passage, RIS records per document, and grouping."""

from __future__ import annotations

import csv
import io

from documents.facts import StudyFacts
from index.hit import Hit
from webui.export import CSV_COLUMNS, FACT_COLUMNS, results_csv, results_ris
from webui.grouping import group_by_document


def make_hit(rank: int, doc_id: str, **fields: object) -> Hit:
    base: dict[str, object] = dict(
        rank=rank, score=1.0 / rank, text=f"passage {rank}", doc_id=doc_id, chunk_id=f"c{rank}",
        title="T", source="pubmed", pmid=None, doi=None, year=None, page=None, journal=None,
        heading="", ordinal=rank, start=0, end=9, publication_types=(),
        study_types=("unknown",), dense_score=None, lexical_score=None,
    )
    return Hit(**{**base, **fields})  # type: ignore[arg-type]


TRIAL = dict(
    title="Ketamine trial", pmid="12345678", doi="10.1000/abc(1)", year=2019,
    journal="J Psych", study_types=("randomized controlled trial", "human study"),
)
HITS = [
    make_hit(1, "pmid:12345678", text="Relief within\nhours.", **TRIAL),
    make_hit(2, "pdf:guide", source="pdf", title="Dosing guide", page=3, year=2022,
             text="=HYPERLINK(\"http://x\")"),
    make_hit(3, "pmid:12345678", text="Second passage.", **TRIAL),
    make_hit(4, "article:a", source="article", title="An article", heading="Why"),
]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_a_row_per_passage_with_query_rank_score_and_citation():
    text = results_csv("how fast", HITS)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    found = rows(text)
    assert [r["rank"] for r in found] == ["1", "2", "3", "4"]
    first = found[0]
    assert first["query"] == "how fast" and first["score"] == "1.000000"
    assert first["passage"] == "Relief within\nhours." and first["title"] == "Ketamine trial"
    assert first["study_types"] == "randomized controlled trial; human study"
    assert first["pubmed_url"] == "https://pubmed.ncbi.nlm.nih.gov/12345678/"
    assert first["doi_url"] == "https://doi.org/10.1000/abc%281%29"
    assert first["year"] == "2019" and first["journal"] == "J Psych" and first["pdf_file"] == ""
    pdf = found[1]
    assert pdf["pdf_file"] == "guide" and pdf["page"] == "3" and pdf["source"] == "pdf"
    assert found[3]["section"] == "Why" and found[3]["pmid"] == ""


def test_csv_defuses_cells_that_a_spreadsheet_would_run_as_formulas():
    found = rows(results_csv("=1+1", HITS))
    assert found[1]["passage"] == "'=HYPERLINK(\"http://x\")"
    assert found[0]["query"] == "'=1+1"


def test_every_csv_column_passes_the_formula_guard():
    evil = make_hit(
        1, "=doc", chunk_id="+chunk", text="-2+3", title="@SUM(A1)", source="=src", pmid="=1",
        doi="+10.1/x", journal="\tJ", heading="\rH", authors=("=A", "B"), year=None,
        study_types=("=type",), dense_score=-0.25, lexical_score=0.0,
    )
    header, row = csv.reader(io.StringIO(results_csv("＝cmd", [evil], {"=doc": "=strong"})))
    assert len(row) == len(header) == len(CSV_COLUMNS)
    numbers = {"1", "-0.250000", "0.000000", "1.000000"}
    for value in row:
        assert value in numbers or not value.startswith(("=", "+", "-", "@", "\t", "\r", "＝"))
    found = rows(results_csv("q", [evil], {"=doc": "=strong"}))[0]
    assert found["dense_score"] == "-0.250000" and found["lexical_score"] == "0.000000"
    assert found["match"] == "'=strong" and found["authors"] == "'=A; B"


def test_csv_has_the_channel_scores_and_the_match_beside_the_fused_score():
    hit = make_hit(1, "pmid:1", dense_score=0.61234567, lexical_score=7.5)
    found = rows(results_csv("q", [hit], {"pmid:1": "partial"}))[0]
    assert list(found)[:6] == ["query", "rank", "score", "dense_score", "lexical_score", "match"]
    assert (found["dense_score"], found["lexical_score"], found["match"]) == (
        "0.612346", "7.500000", "partial")
    assert rows(results_csv("q", [hit]))[0]["match"] == ""


def test_ris_has_one_record_per_document_with_passages_as_notes():
    text = results_ris(HITS)
    records = [r for r in text.split("ER  - \n") if r.strip()]
    assert len(records) == 3
    trial = records[0].strip().splitlines()
    assert trial[0] == "TY  - JOUR"
    for line in ("TI  - Ketamine trial", "T2  - J Psych", "JO  - J Psych", "PY  - 2019",
                 "DO  - 10.1000/abc(1)", "AN  - 12345678", "ID  - 12345678",
                 "UR  - https://pubmed.ncbi.nlm.nih.gov/12345678/"):
        assert line in trial
    notes = [line for line in trial if line.startswith("N1  - ")]
    assert notes == [
        "N1  - Passage (rank 1, score 1.000): Relief within hours.",
        "N1  - Passage (rank 3, score 0.333): Second passage.",
    ]
    pdf = records[1].strip().splitlines()
    assert pdf[0] == "TY  - GEN" and "ID  - pdf:guide" in pdf
    assert any(line.startswith("N1  - Passage (rank 2, score 0.500, page 3)") for line in pdf)
    assert not any(line.startswith(("AN", "DO", "UR", "T2")) for line in pdf)
    assert records[2].strip().splitlines()[0] == "TY  - GEN"


def test_every_ris_line_is_a_tag_line():
    lines = results_ris(HITS).splitlines()
    assert lines.count("ER  - ") == 3 and len(lines) > 3 * 3  # three records, each several tags
    for line in lines:
        assert line == "" or (line[:2].isalnum() and line[2:6] == "  - "), line


def test_grouping_keeps_the_order_of_each_documents_best_passage():
    groups = group_by_document(HITS)
    assert [g.first.doc_id for g in groups] == ["pmid:12345678", "pdf:guide", "article:a"]
    assert [h.rank for h in groups[0].hits] == [1, 3]
    assert group_by_document([]) == []


def test_ris_lists_every_author() -> None:
    ris = results_ris([make_hit(1, "pmid:1", authors=("Synthetic A", "Fixture B"))])
    assert "AU  - Synthetic A\nAU  - Fixture B\n" in ris


FACTS = StudyFacts(
    design="rct", design_source="text", blinding="double-blind", n_participants=67,
    interventions=("ketamine",), doses=("0.5 mg/kg",), routes=("intravenous",),
    comparator=("midazolam",), outcome_scales=("MADRS", "HAM-D"), timepoints=("24 hours",),
    evidence=(("n_participants", "Invented sentence."),),
)


def test_csv_carries_the_study_facts_as_columns():
    found = rows(results_csv("q", [make_hit(1, "pmid:1", facts=FACTS), make_hit(2, "pdf:x")]))
    assert list(found[0])[list(found[0]).index("study_types") + 1:][:len(FACT_COLUMNS)] == list(
        FACT_COLUMNS)
    trial, empty = found
    assert (trial["design"], trial["blinding"], trial["n_participants"]) == (
        "rct", "double-blind", "67")
    assert trial["interventions"] == "ketamine" and trial["doses"] == "0.5 mg/kg"
    assert trial["routes"] == "intravenous" and trial["comparator"] == "midazolam"
    assert trial["outcome_scales"] == "MADRS; HAM-D" and trial["timepoints"] == "24 hours"
    assert all(empty[name] == "" for name in FACT_COLUMNS)


def test_fact_cells_pass_the_formula_guard():
    evil = StudyFacts(design="rct", blinding="=cmd()", interventions=("+x", "@y"),
                      doses=("-1 mg",), comparator=("=HYPERLINK(1)",))
    found = rows(results_csv("q", [make_hit(1, "pmid:1", facts=evil)]))[0]
    assert found["blinding"] == "'=cmd()" and found["interventions"] == "'+x; @y"
    assert found["doses"] == "'-1 mg" and found["comparator"] == "'=HYPERLINK(1)"


def test_ris_notes_the_study_facts_once_per_record():
    ris = results_ris([make_hit(1, "pmid:1", facts=FACTS), make_hit(2, "pmid:1", facts=FACTS),
                       make_hit(3, "pdf:x")])
    notes = [line for line in ris.splitlines() if line.startswith("N1  - Study facts")]
    assert notes == ["N1  - Study facts (read from the abstract by rules): RCT · double-blind · "
                     "n = 67 · ketamine 0.5 mg/kg IV vs midazolam · MADRS, HAM-D · 24 h"]
