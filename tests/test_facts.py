"""Study facts from synthetic abstracts: each field, the edge cases the labelling rules name, the
vocabulary as data, and adversarial input that must finish fast and never raise."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ConfigError
from documents.facts import JSON_KEYS, StudyFacts, extract_facts, load_vocabulary, summary_line

ROOT = Path(__file__).resolve().parents[1]

RCT = (
    "BACKGROUND: Ketamine has been studied in earlier work at 1 mg/kg by nasal spray. "
    "METHODS: In this double-blind trial, sixty-seven patients with depression were randomized "
    "to a 40-minute infusion of ketamine 0.5 mg/kg or midazolam 0.045 mg/kg. "
    "Depression was rated with the Montgomery-Asberg Depression Rating Scale at 24 h and on "
    "days 3 and 7. "
    "RESULTS: Ketamine reduced MADRS scores more than midazolam at 24 hours (p < 0.01). "
    "CONCLUSIONS: Ketamine had a rapid antidepressant effect."
)


def facts(text: str, title: str = "", **kwargs: object) -> StudyFacts:
    return extract_facts(title, text, **kwargs)  # type: ignore[arg-type]


# --- the whole record ------------------------------------------------------------------------

def test_a_synthetic_trial_gives_every_field_with_its_evidence() -> None:
    found = facts(RCT, "Ketamine versus midazolam for depression: a randomized trial")
    assert found.design == "rct" and found.design_source == "text"
    assert found.design_label == "randomized controlled trial"
    assert found.blinding == "double-blind"
    assert found.n_participants == 67
    assert found.n_studies is None
    assert found.interventions == ("ketamine",)
    assert found.comparator == ("midazolam",)
    assert found.doses == ("0.5 mg/kg", "0.045 mg/kg")  # not the background's 1 mg/kg
    assert found.routes == ("intravenous",)  # "infusion"; not the background's nasal spray
    assert found.outcome_scales == ("MADRS",)
    assert found.timepoints == ("24 hours", "day 3", "day 7")  # not the 40-minute infusion
    assert found.main_finding == "Ketamine had a rapid antidepressant effect."
    evidence = dict(found.evidence)
    assert "sixty-seven patients" in evidence["n_participants"]
    assert "0.5 mg/kg" in evidence["doses"]


def test_to_json_has_exactly_the_contract_keys_and_plain_types() -> None:
    payload = facts(RCT).to_json()
    assert tuple(payload) == JSON_KEYS
    assert isinstance(payload["doses"], list) and isinstance(payload["evidence"], dict)
    assert all(isinstance(v, str) for v in payload["evidence"].values())


def test_summary_line_omits_what_is_empty() -> None:
    line = summary_line(facts(RCT))
    dot = " \u00b7 "
    assert line == dot.join(["RCT", "double-blind", "n = 67", "ketamine 0.5 mg/kg IV vs midazolam",
                             "MADRS", "24 h, day 3, day 7"])
    assert summary_line(StudyFacts()) == ""
    assert summary_line(StudyFacts(design="systematic_review", n_studies=12)) == (
        "Systematic review \u00b7 12 studies")


def test_nothing_stated_stays_empty() -> None:
    found = facts("Depression is common and costly.")
    assert found.n_participants is None and found.blinding is None
    assert found.doses == found.routes == found.timepoints == found.interventions == ()


# --- design --------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "design"), [
    ("Ketamine in rats", "Male Wistar rats received ketamine (10 mg/kg, i.p.) before a forced "
     "swim test.", "animal"),
    ("", "Cultured cortical neurons were exposed to ketamine and the phosphorylation of a kinase "
     "was measured in cell lines.", "in_vitro"),
    ("Esketamine for depression: a systematic review and meta-analysis", "We searched PubMed and "
     "Embase. Twelve trials (840 participants) were included.", "systematic_review"),
    ("Ketamine and the brain", "This review summarizes the literature on ketamine and synaptic "
     "plasticity.", "narrative_review"),
    ("Mania after ketamine", "We report a 45-year-old woman who developed mania after ketamine.",
     "case_report"),
    ("", "In this open-label study, 20 patients received oral ketamine for six weeks.",
     "clinical_study"),
    ("Ketamine for depression: study protocol for a randomised trial", "Patients will be "
     "randomised to ketamine or placebo. Outcomes will be assessed at week 4.", "other"),
    ("Editorial: the ketamine moment", "Ketamine has changed how we think about depression.",
     "other"),
    ("", "Sixty-seven patients were randomized to ketamine or placebo.", "rct"),
])
def test_design_from_the_text(title: str, text: str, design: str) -> None:
    assert facts(text, title).design == design


def test_a_review_citing_trials_is_not_a_trial() -> None:
    text = ("This review discusses ketamine. Several randomized controlled trials have shown rapid "
            "effects, and further randomized trials are warranted.")
    assert facts(text).design == "narrative_review"


def test_publication_types_decide_the_design_when_given() -> None:
    types = ["Journal Article", "Randomized Controlled Trial"]
    found = facts("Participants received ketamine.", publication_types=types)
    assert (found.design, found.design_source) == ("rct", "publication_type")
    animal = facts("Ketamine was given.", mesh_terms=["Animals", "Rats"])
    assert animal.design == "animal" and animal.design_source == "publication_type"
    assert facts("Text.", publication_types=["Journal Article"]).design_source == "text"


# --- blinding ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "blinding"), [
    ("In a randomized, triple-blind trial, 40 adults received ketamine.", "double-blind"),
    ("Forty adults were randomized; outcomes were rater-blinded.", "single-blind"),
    ("In this open-label study, 12 patients received ketamine.", "open-label"),
    ("Forty adults were randomized in a blinded, placebo-controlled design.", None),
])
def test_blinding_levels(text: str, blinding: str | None) -> None:
    assert facts(text).blinding == blinding


def test_a_review_of_double_blind_trials_has_no_blinding() -> None:
    found = facts("We searched MEDLINE for double-blind trials; 9 studies were included.",
                  "A meta-analysis of ketamine")
    assert found.design == "systematic_review" and found.blinding is None


# --- n_participants and n_studies ----------------------------------------------------------

@pytest.mark.parametrize(("text", "n"), [
    ("Sixty-seven patients were randomized to ketamine or placebo.", 67),
    ("Of 126 patients screened, 67 were randomized to ketamine or saline.", 67),
    ("One hundred and eighty-six adults were enrolled in this randomized study.", 186),
    ("A total of 1,142 participants were included in this randomized trial.", 1142),
    ("Adults were randomized to ketamine (n = 10) or placebo (n = 9).", 19),
    ("Patients with depression (n = 60) received ketamine in an open-label study.", 60),
    ("In this randomized trial, 30 patients and 30 healthy controls were enrolled.", 60),
    ("Over 500 participants completed an online survey.", None),
    ("Thirteen participants completed the open-label protocol; 5 responders remained well.", 13),
])
def test_number_of_participants(text: str, n: int | None) -> None:
    assert facts(text).n_participants == n


def test_no_participants_for_reviews_animals_and_single_cases() -> None:
    review = facts("We searched PubMed; 24 trials with 1,877 participants were included.",
                   "Ketamine: a meta-analysis")
    assert review.n_participants is None and review.n_studies == 24
    assert facts("Sixty rats received ketamine (10 mg/kg, i.p.).", "Ketamine in rats"
                 ).n_participants is None
    assert facts("We report a 45-year-old woman treated with ketamine.", "A case report"
                 ).n_participants == 1


def test_records_screened_are_not_included_studies() -> None:
    text = ("We searched Embase and 1,234 records were identified. Fourteen randomized trials met "
            "the inclusion criteria.")
    assert facts(text, "Ketamine: a systematic review").n_studies == 14


# --- interventions and comparators ---------------------------------------------------------

def test_generic_names_and_comparators() -> None:
    found = facts("Adults were randomized to (S)-ketamine nasal spray or placebo.")
    assert found.interventions == ("esketamine",) and found.comparator == ("placebo",)
    saline = facts("Rats received psilocybin or saline.", "Psilocybin in rats")
    assert saline.comparator == ("saline",)
    both = facts("Adults were randomized to ketamine or placebo (saline).")
    assert both.comparator == ("placebo",)
    ect = facts("Patients were randomized to ketamine versus ECT.")
    assert ect.interventions == ("ketamine",) and ect.comparator == ("electroconvulsive therapy",)


# --- doses ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "doses"), [
    ("Patients received esketamine 56 or 84 mg twice weekly.", ("56 or 84 mg",)),
    ("Doses of 0.1, 0.2, 0.3, 0.4, and 0.5 mg/kg were given.",
     ("0.1, 0.2, 0.3, 0.4, and 0.5 mg/kg",)),
    ("Ketamine 0.5mg/kg was infused.", ("0.5 mg/kg",)),
    ("Ketamine (.5 mg kg-1) then 0.3 mg kg-1 h-1 was given.", ("0.5 mg/kg", "0.3 mg/kg/h")),
    ("Psilocybin 25 mg/70 kg was given with 28 mg, 56 mg, or 84 mg of esketamine.",
     ("25 mg/70 kg", "28 mg", "56 mg", "84 mg")),
    ("Mice received 0, 10 or 20 mg/kg of the drug.", ("10 or 20 mg/kg",)),
    ("Cells were exposed to 10 \u00b5M ketamine; plasma levels reached 120 ng/mL.", ()),
    ("Doses above 0.2 mg/kg were more effective.", ()),
])
def test_doses_as_written(text: str, doses: tuple[str, ...]) -> None:
    assert facts(text).doses == doses


# --- routes --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "routes"), [
    ("Ketamine was given as a 40-minute infusion.", ("intravenous",)),
    ("Esketamine nasal spray was self-administered.", ("intranasal",)),
    ("Participants took psilocybin capsules.", ("oral",)),
    ("Ketamine was given by subcutaneous infusion.", ("subcutaneous",)),
    ("Patients with DSM-IV major depression received IN ketamine.", ("intranasal",)),
    ("Ketamine was given i.v. and i.m. in two arms.", ("intravenous", "intramuscular")),
    ("Ketamine was infused into the hippocampus of rats.", ()),
    ("Ketamine was given by injection.", ()),
    ("Morphine was given epidurally and by intrathecal injection.", ("other",)),
])
def test_routes_normalised(text: str, routes: tuple[str, ...]) -> None:
    assert facts(text).routes == routes


def test_background_oral_antidepressant_gives_no_route() -> None:
    text = ("Adults were randomized to esketamine nasal spray plus an oral antidepressant or "
            "placebo.")
    assert facts(text).routes == ("intranasal",)


# --- outcome scales ------------------------------------------------------------------------

def test_scales_are_normalised_and_eligibility_only_scales_dropped() -> None:
    text = ("Patients with a HAMD-17 score of at least 18 were included. Outcomes were the MADRS, "
            "the Beck Depression Inventory-II and the CGI-S.")
    assert facts(text).outcome_scales == ("MADRS", "BDI", "CGI")


# --- timepoints ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "times"), [
    ("Mood was rated at 4, 24 and 48 hours after the infusion.",
     ("4 hours", "24 hours", "48 hours")),
    ("Scores were compared on days 3, 7, and 14.", ("day 3", "day 7", "day 14")),
    ("In this 6-week trial, the primary end point was at week 6.", ("6 weeks",)),
    ("Ratings were made six weeks after dosing.", ("6 weeks",)),
    ("Ketamine was infused over 40 minutes; response was assessed at 240 min.", ("240 minutes",)),
    ("Sessions were held 2 weeks apart after a 2-week washout.", ()),
    ("Patients aged 18-65 years with illness for 10 years were included.", ()),
    ("Effects appeared within 2 hours and lasted for 1-2 weeks.", ()),
])
def test_timepoints_normalised(text: str, times: tuple[str, ...]) -> None:
    assert facts(text).timepoints == times


# --- the vocabulary is data ----------------------------------------------------------------

def test_the_shipped_vocabulary_loads_and_knows_the_field() -> None:
    vocabulary = load_vocabulary()
    assert {"ketamine", "esketamine", "psilocybin", "mdma"} <= vocabulary.canonicals("drug")
    assert {"MADRS", "HAM-D", "PHQ-9"} <= vocabulary.canonicals("scale")
    assert "other" in vocabulary.canonicals("route")


def test_a_curator_can_add_a_drug(tmp_path: Path) -> None:
    shipped = (ROOT / "corpus" / "study_facts.tsv").read_text(encoding="utf-8")
    path = tmp_path / "study_facts.tsv"
    path.write_text(shipped + "drug\tzelquistinel\tTAK-653X\n", encoding="utf-8")
    found = extract_facts("", "Adults were randomized to TAK-653X or placebo.", vocabulary=path)
    assert found.interventions == ("zelquistinel",)
    assert extract_facts("", "Adults were randomized to tak-653x or placebo.",
                         vocabulary=path).interventions == ()  # capitals match in capitals only


def test_a_broken_vocabulary_is_one_readable_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("# comment\nmedicine\tketamine\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.tsv:2"):
        load_vocabulary(path)
    with pytest.raises(ConfigError):
        load_vocabulary(tmp_path / "absent.tsv")


# --- robustness ----------------------------------------------------------------------------

def test_odd_inputs_do_not_raise() -> None:
    assert extract_facts(None, None).design == "other"  # type: ignore[arg-type]
    assert extract_facts("", "").to_json()["evidence"] == {}
    assert extract_facts("(" * 5000, ")" * 5000).doses == ()


ADVERSARIAL = st.one_of(
    st.text(max_size=3000),
    st.builds(lambda c, n: c * n, st.sampled_from(list(" (-1,.a5/")), st.integers(1, 40_000)),
    st.builds(lambda s, n: s * n, st.sampled_from([
        "1 and ", "twenty-one, ", "5 patients ", "0.5 mg/kg, ", "at week 1 and ", "(n = 5) ",
        "METHODS: ", "1-", "i.v. ", "a 5-year-old ", "1 h, ", "1/", "((((", "Sixty-seven "]),
        st.integers(1, 8_000)),
    st.just(" " * 40_000),
    st.just("(" * 20_000 + ")" * 20_000),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.large_base_example])
@given(title=st.text(max_size=300), text=ADVERSARIAL)
def test_any_input_finishes_fast_and_never_raises(title: str, text: str) -> None:
    started = time.perf_counter()
    found = extract_facts(title, text)
    assert time.perf_counter() - started < 2.0
    assert found.design in ("rct", "clinical_study", "case_report", "systematic_review", "animal",
                            "in_vitro", "narrative_review", "other")
    found.to_json()
    summary_line(found)


# --- layering ------------------------------------------------------------------------------

def test_the_package_imports_only_the_standard_library_and_lower_layers() -> None:
    allowed_own = ("documents.facts", "documents.sentences", "documents.text", "core")
    wrong = []
    for path in (ROOT / "documents" / "facts").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")[0]
                if top in ("documents", "core"):
                    if not name.startswith(allowed_own):
                        wrong.append(f"{path.name}: {name}")
                elif top not in _STDLIB:
                    wrong.append(f"{path.name}: {name}")
    assert not wrong, wrong


_STDLIB = {"__future__", "bisect", "collections", "dataclasses", "functools", "itertools",
           "pathlib", "re", "typing", "unicodedata"}


# --- generalising rules: how abstracts state n, design, doses, routes and times ------------

@pytest.mark.parametrize(("text", "n"), [
    ("Twelve adults were enrolled. Of the 10 adults treated with drug X, 6 improved.", 12),
    ("Out of 29 enrolled patients, 8 were excluded for noisy recordings.", 29),
    ("A cross-sectional study of 37 patients included 18 with form A and 19 with form B.", 37),
    ("Forty acutely ill, drug-naive patients were randomly assigned to drug A or drug B.", 40),
    ("In experiment 1 healthy volunteers received drug X (n = 16) or placebo (n = 15).", 31),
    ("Patients received drug A i.m. (N = 90) or drug B i.m. (N = 42) for 3 days.", 132),
    ("Children (ADHD; n = 282) were randomized to placebo (n = 90), drug A (n = 97), or drug B "
     "(n = 95).", 282),
    ("Volunteers were randomized to drug A (n = 20) or drug B (n = 20).", 40),
    ("We ran a small (n = 12) within-subject placebo-controlled study of drug X.", 12),
    ("A sample of 1247 completed treatment. Four patients left treatment early.", 1247),
    ("METHODS: We studied 328 outpatients given drug X. RESULTS: One group (n = 135) improved; "
     "another group (n = 97) did not.", 328),
    ("A total of 1,486 outpatient treatment sessions were completed by 583 patients.", 583),
    ("Thirty-four subjects participated. The 12 children randomized to drug X improved more than "
     "the 14 children on placebo.", 34),
    ("Subjects (12 males, 4 females) received drug X in a randomized crossover design.", 16),
    ("This study compared 17 patients who had failed ECT and 23 patients who had not.", 40),
    ("The files of 183 children and adolescents (93 boys, 90 girls) were reviewed.", 183),
    ("Twenty-nine ASA physical status I and II patients were randomly assigned to drug X.", 29),
    ("A secondary analysis of one-hundred-sixty-seven patients was conducted.", 167),
    ("In group 1, 12 healthy subjects received drug A; in group 2, seven healthy subjects received "
     "drug B.", 19),
    ("A total of 59 patients were enrolled; 30 were assigned to the drug A group and 29 to the "
     "drug B group.", 59),
])
def test_participant_counts_as_abstracts_state_them(text: str, n: int) -> None:
    assert facts(text).n_participants == n


def test_protocols_have_no_n_but_qualitative_studies_do() -> None:
    planned = facts("This study will enroll 30 adults. Participants will be randomized to drug X "
                    "or placebo.", "Drug X for low mood: a trial protocol")
    assert planned.design == "other" and planned.n_participants is None
    interviews = facts("Semi-structured interviews were conducted with 12 participants.",
                       "Living with drug X: a qualitative study")
    assert interviews.design == "other" and interviews.n_participants == 12


@pytest.mark.parametrize(("title", "text", "design"), [
    ("", "METHODS: Ten patients received ketamine in an open-label pilot. RESULTS: Eight improved. "
         "CONCLUSIONS: This needs to be tested in a randomized controlled trial.",
     "clinical_study"),
    ("Ketamine and the heart", "This study will be a double-blind crossover in 36 volunteers. "
     "Subjects will be randomly assigned to one of 12 sequences.", "other"),
    ("Ketamine in practice", "This article has reviewed the side effects of ketamine and drug Y.",
     "narrative_review"),
    ("", "We reviewed the literature on ketamine. A Medline search was conducted. Meta-analysis "
         "was performed on the trials found.", "systematic_review"),
    ("Ketamine for pain", "This article reviews the evidence. A total of 24 articles that "
     "included trials, case series, and case reports were analyzed.", "narrative_review"),
    ("", "Ninety patients were divided into two groups by the random number table method.", "rct"),
    ("Ketamine: new doors", "This special issue gathers reviews on ketamine and drug Y.", "other"),
    ("Novel therapies: ketamine", "Ketamine is showing promise in research. Ketamine is being "
     "tested for alcoholism. Further research on ketamine is needed.", "narrative_review"),
    ("", "Aim and methods: We randomized 20 adults to ketamine or placebo in a crossover study. "
         "Results: Ketamine raised exposure.", "rct"),
])
def test_design_cues_that_generalise(title: str, text: str, design: str) -> None:
    assert facts(text, title).design == design


@pytest.mark.parametrize(("text", "found"), [
    ("After searching databases for trials, seven were included in this analysis.", 7),
    ("Eleven placebo-controlled RCTs and four single open-label studies were included.", 15),
    ("Two review authors selected studies. Ten studies (647 participants) were included.", 10),
])
def test_included_studies_as_reviews_state_them(text: str, found: int) -> None:
    assert facts(text, "Ketamine: a systematic review").n_studies == found


@pytest.mark.parametrize(("text", "doses"), [
    ("Ketamine 40 and 120 mg/day was compared with placebo; ketamine 120 mg/day was better.",
     ("40 and 120 mg/day",)),
    ("Morphine use was lower (median = 27 mg) and mean doses were 9.9 mg (SD = 4.2).", ()),
    ("Levodopa was unchanged (mean dosage 563 +/- 232 mg).", ()),
    ("Ketamine 2 microg x kg(-1) x min(-1) followed a bolus.", ("2 microg/kg/min",)),
    ("Ketamine was given as 25 \u00b5g base in 1 mL ethanol.", ()),
])
def test_doses_that_are_not_regimens_are_dropped(text: str, doses: tuple[str, ...]) -> None:
    assert facts(text).doses == doses


def test_arms_given_different_doses_are_not_background() -> None:
    text = "Adults were randomized. Each group received saline mixed with 0, 0.2, or 0.5 mg/kg."
    assert facts(text.replace("saline", "saline and ketamine")).doses == ("0.2, or 0.5 mg/kg",)
    anaesthesia = "After intubation, anaesthesia was maintained with 1 mg/kg intravenous ketamine."
    assert facts("Adults were randomized to drug A or placebo. " + anaesthesia).doses == ()


@pytest.mark.parametrize(("text", "routes"), [
    ("Drug A was more potent than indomethacin (IM). Effects seen with IM were small.", ()),
    ("Most studies to date used intravenous ketamine. Here, 30 adults took oral ketamine.",
     ("oral",)),
    ("Oral secretion volume was similar after intranasal esketamine.", ("intranasal",)),
])
def test_routes_of_other_things_are_not_routes(text: str, routes: tuple[str, ...]) -> None:
    assert facts(text).routes == routes


@pytest.mark.parametrize(("text", "times"), [
    ("Prolactin was measured at the sixth week.", ("week 6",)),
    ("Mood was rated on the first and third day after surgery.", ("day 1", "day 3")),
    ("Depression fell after four to six weeks.", ("4-6 weeks",)),
    ("Scores were rated at 24 hours post-dose (day 2).", ("24 hours",)),
    ("In a trial with an observation period of 2.5 years, relapse was recorded.", ("2.5 years",)),
    ("This 7-day, randomized, open-label study compared two drugs.", ("7 days",)),
    ("Drug X was administered over 12 weeks; ketamine was infused over 40 minutes.",
     ("12 weeks",)),
    ("Results were pooled at short-term (2-5 weeks) and long-term (6 months) follow-ups.",
     ("2-5 weeks", "6 months")),
    ("Uptake of 3H-serotonin was measured.", ()),
    ("Intensive use at the age of 12 years or younger predicted later use.", ()),
    ("Plasma levels were higher from 90 minutes to 48 hours after injection.", ()),
    ("Benefits may extend out for 6 to 12 months.", ()),
    ("Ketamine was given 20 min after induction of anaesthesia.", ()),
])
def test_timepoints_as_abstracts_state_them(text: str, times: tuple[str, ...]) -> None:
    assert facts(text).timepoints == times


# --- conventions of the labelling rules: how n, doses, times and sections are read ----------

@pytest.mark.parametrize(("title", "text", "n"), [
    ("", "Adults in a 5-week outpatient programme were randomized to drug A or placebo.", None),
    ("", "Adults (N = 80), of whom 54% (N = 43) took antidepressants, were randomly assigned to "
         "drug A or drug B.", 80),
    ("", "This randomized trial had two intervention arms (drug A vs drug B). Twenty participants "
         "in each arm completed the trial.", 40),
    ("", "This randomized trial compared drug A, drug B and their combination with eight subjects "
         "per group. All three treatment groups improved.", 24),
    ("", "This randomized trial compared drug A, drug B and placebo with eight subjects per "
         "group.", None),  # how many groups is never said: no n rather than a wrong one
    ("", "Five placebo-controlled randomized studies were performed. Each study included 16 "
         "healthy subjects who received drug A.", 80),
    ("Drug A for depression: a randomised trial",
     "The final analysis comprised 68 in cohort 1 and 106 in cohort 2.", 174),
    ("", "This was an open-label trial. Of 70 approached, 19 met the criteria and were enrolled.",
     19),
    ("", "This open-label pilot study in adults (N = 10) found that drug A helped. We performed a "
         "secondary analysis to explore genotype.", 10),
    ("A randomized trial of drug A", "Heart rate was recorded in 16 patients with depression and "
     "16 age-matched controls.", 16),
    ("", "Ten patients with depression underwent imaging before and after ketamine. Scans were "
         "compared with those of 15 healthy controls.", 25),
    ("", "Ten patients with depression underwent imaging before and after ketamine. Relapse "
         "occurred in 1 of 7 controls.", 10),
    ("", "In experiment 1, volunteers were randomized to placebo (n = 16) or drug A (n = 15). "
         "Experiment 2 compared users (n = 18) and controls (n = 19).", 68),
    ("", "Patients were randomized to drug A 40 mg/day (n = 72), 80 mg/day (n = 68) or placebo "
         "(n = 71).", 211),
    ("", "A total of 18 309 individuals were identified in this cohort study.", 18309),
    ("", "Incidence was 4.4 per 100 person-years among women in this cohort study.", None),
    ("Living with drug A: a qualitative study",
     "Semi-structured interviews from 19 of 24 participants were analysed.", 19),
    ("Drug A in adults: a case series", "This case series describes patients given drug A.", None),
    ("Depression during trials of drug A: case reports", "We describe 5 cases of depression. The "
     "first trial involved 205 smokers; 148 were randomly assigned.", 5),
])
def test_participant_conventions(title: str, text: str, n: int | None) -> None:
    assert facts(text, title).n_participants == n


@pytest.mark.parametrize(("title", "text", "doses"), [
    ("", "Seizures occurred at doses > or = 600 mg/d in this cohort of patients.", ()),
    ("", "In 12 healthy adults, an oral dose of 25 mg should approximate the exposure of drug A.",
     ()),
    ("", "Adults were randomized to ketamine 0.5 mg/kg or saline. Analgesia included 100 \u00b5g "
         "sufentanil in both groups.", ("0.5 mg/kg",)),
    ("", "More biperiden was used in the haloperidol (7.1 mg) than in the olanzapine (0.4 mg) "
         "group.", ()),
    ("Ketamine augmentation of escitalopram: a randomized trial", "Patients received "
     "escitalopram 10 mg/day plus ketamine 0.5 mg/kg or escitalopram 10 mg/day plus placebo.",
     ("0.5 mg/kg",)),
    ("", "Volunteers received ayahuasca (0.6 and 0.85 mg of DMT/kg) and placebo.",
     ("0.6 and 0.85 mg of DMT/kg",)),
    ("", "Subjects received 2.5, 5 or 10 mg/70 kg nalbuphine. Nalbuphine at 2.5 to 10 mg had "
         "orderly effects.", ("2.5, 5 or 10 mg/70 kg",)),
])
def test_dose_conventions(title: str, text: str, doses: tuple[str, ...]) -> None:
    assert facts(text, title).doses == doses


@pytest.mark.parametrize(("text", "times"), [
    ("Participants were randomly assigned to ketamine (0.5 mg/kg, 40 minutes) or placebo. Mood "
     "was rated at 24 h.", ("24 hours",)),
    ("Participants received a 40-min single intravenous infusion of ketamine. Mood was rated at "
     "24 h.", ("24 hours",)),
    ("The 4-h study took place in a group setting.", ()),
    ("A 24-h study assessed agitation.", ("24 hours",)),
    ("Tmax was observed at 1.5 h after dosing.", ()),
    ("Among responders, the median time to loss of response was 27.5 days following the course.",
     ()),
    ("Pretreatment consisted of drug B daily for 7 days.", ()),
    ("In total, 17 participants (71%) at week 1 and 17 (71%) at week 4 responded.",
     ("week 1", "week 4")),
    ("Pain on postoperative days (POD) 1 and 2 did not differ.",
     ("postoperative day 1", "postoperative day 2")),
    ("All patients continued drug B during the four weeks of the trial.", ("4 weeks",)),
    ("LSD was given on 4 occasions divided over 2 weeks.", ()),
    ("On day 1, patients received an infusion of ketamine. Mood improved at day 7.", ("day 7",)),
])
def test_timepoint_conventions(text: str, times: tuple[str, ...]) -> None:
    assert facts(text).timepoints == times


def test_design_route_and_section_conventions() -> None:
    assert facts("We searched PubMed; 29 studies were included.",
                 "Oxidative stress in depression: results from a meta-analysis"
                 ).design == "systematic_review"
    assert facts("Mice received drug A (10 mg/kg, ip) before the swim test.").routes == (
        "intraperitoneal",)
    topical = facts("The effect of topical drug A application was investigated on wound "
                    "healing. Twenty guinea pigs were used in this study. Wounds healed faster.")
    assert topical.routes == ("other",)  # the aim, not background, though "in this study" follows
    case = facts("The article presents a case of a 32-year-old woman. She had mild depression. "
                 "She ingested psilocybin mushrooms. After 2 months she titrated up to 4.5 mg/day "
                 "of pramipexole. Using the patient presented in this case, authors discuss "
                 "risks. Authors explore differences. Authors make recommendations. "
                 "Psychiatrists should remain open.", "A case of mania after psilocybin use")
    assert case.doses == ("4.5 mg/day",)
    pk = facts("INTRODUCTION: Psilocybin shows promise. This open-label study of the "
               "pharmacokinetics of psilocybin was performed to describe escalating oral doses of "
               "0.3, 0.45, and 0.6 mg/kg in 12 healthy adults. METHODS: Adults received "
               "counseling. RESULTS: Kinetics were linear.", "Pharmacokinetics of oral psilocybin")
    assert pk.doses == ("0.3, 0.45, and 0.6 mg/kg",) and pk.n_participants == 12


# --- rules added after the second held-out set: general readings, synthetic sentences -------

@pytest.mark.parametrize(("title", "text", "design"), [
    ("Drug A for pain in hospice care", "Here, two cases are reported in which drug A relieved "
     "pain within hours.", "case_report"),
    ("Drug A in two disorders", "The method was applied to two distinct case studies. Patient 1 "
     "had a palsy. Patient 2 had depression treated with drug A.", "case_report"),
    ("Response to placebo among adults with a first episode", "Twelve adults were randomized to "
     "drug A or placebo in a double-blind trial.", "rct"),  # a study, not a reply to a letter
    ("Drug A for ischemia: a critical appraisal and meta-analysis of the literature", "A MEDLINE "
     "search was made. Seven studies were included.", "systematic_review"),
    ("Comments on trial X", "Comments on an article by A. Author et al. The authors gave drug A "
     "to 7 patients.", "other"),
    ("The drug A model of psychosis", "The authors review the research on drug A as a model. In "
     "vivo synthesis of drug A has not been shown.", "narrative_review"),
    ("Drug A: a primer for clinicians", "Drug A was banned in 1970. Data from a large trial "
     "(n = 198) indicate benefit. A meta-analysis of RCTs found an effect.", "narrative_review"),
    ("Zentoxetine.", "Zentoxetine is an extended-release antidepressant. In a double-blind study "
     "in 563 children, it improved scores more than placebo.", "narrative_review"),
    ("Drug A in healthy and depressed subjects", "Rodent studies have shown that drug A raises "
     "glutamate. Twenty-one participants received drug A during two scans.", "clinical_study"),
    ("Drug A and cell activation", "Rat peritoneal macrophages were exposed to drug A for 72 h. "
     "Macrophage output rose.", "in_vitro"),
    ("Drug A and germ cells of the rat", "Sensitivity of male rats was studied. A dosage of "
     "50 mg/kg of drug A caused fetal death. Glutathione fell in testis homogenates.", "animal"),
    ("Predictors of response to drug A: a pooled analysis of placebo-controlled studies", "We "
     "pooled data from 10 randomized studies in 194 healthy subjects. Personality predicted "
     "the response to drug A.", "clinical_study"),
    ("Drug A in depression: a pooled analysis of two randomized trials", "Data from two trials "
     "were pooled. Drug A improved hopelessness more than placebo (drug A vs placebo, p = .01).",
     "rct"),
    ("Smoking and drug A", "Tobacco use was not seen as a problem before 1980 [1]. A report in "
     "1988 changed this [2]. Nicotine releases dopamine [3].", "narrative_review"),
])
def test_design_rules_from_the_second_held_out_set(title: str, text: str, design: str) -> None:
    assert facts(text, title).design == design


@pytest.mark.parametrize(("text", "n"), [
    ("Fifteen male and 15 female volunteers were enrolled.", 30),
    ("In 64 heavy, 29 light, and 66 non-using subjects, startle was assessed.", 159),
    ("The study compared 30 heavy users, 25 light users, and 30 controls on a task.", 85),
    ("Twenty children (12 boys and 8 girls) were enrolled.", 20),
    ("Forty-two abstinent users and 43 age-matched controls participated in the study.", 85),
    ("This included 75 patients treated with drug A and 69 treated with drug B.", 144),
    ("Sixty-one patients on drug A were matched with 61 patients treated with drug B.", 122),
    ("The 96 participants received drug A. Among the 96 participants, 62 were men. A total of "
     "39 participants (41%) received 100 mg, and 57 (59%) received 125 mg.", 96),
    ("Ten participants were randomised to a long infusion, while 10 received a short one. All 20 "
     "participants completed the infusion.", 20),
    ("Four time points were analysed: before and 2 weeks, 4 weeks and 2 years after the "
     "experience (N = 654, N = 315, N = 212, and N = 64, respectively).", 654),
    ("Study 1: a double-blind study of drug A in 56 adults. Study 2: 40 adults were included.",
     96),
    ("Notes were scored by 5 surgeons. A total of 311 patients were matched.", 311),
    ("This study used data from individuals who planned to use drug A (N = 2833).", 2833),
    ("Tests were given to n = 40 users, n = 39 users and n = 86 controls (total N = 165).", 165),
    ("In all, 16,192 individuals viewed the information sheet and 2679 were included.", 2679),
    ("One hundred twenty children between the ages of 1 and 6 were enrolled.", 120),
])
def test_participant_rules_from_the_second_held_out_set(text: str, n: int | None) -> None:
    assert facts(text).n_participants == n


@pytest.mark.parametrize(("text", "doses"), [
    ("Drug A was infused at 0.015625 mg/kg/min after the bolus.", ("0.015625 mg/kg/min",)),
    ("Adults received six infusions of 0.5 mg/Kg drug A.", ("0.5 mg/Kg",)),
    ("Adults took a single oral 100- or 125-mg dose of drug A.", ("100 or 125 mg",)),
    ("Groups got drug A 8 then 16mg or drug A (8, 24 & 36mg); 8mg was best.",
     ("8 then 16 mg", "8, 24 & 36 mg")),
    ("When the dose was </=12 mg/day of drug B, drug A had no benefit.", ()),
    ("The mean final dose was 904 mg/day (range, 300-1800 mg/day).", ()),
    ("Drug A (dose range, 0.5 to 3.5 mg per day) reduced irritability.",
     ("0.5 to 3.5 mg per day",)),
    ("The median daily dose of each medication was 1.0 mg.", ()),
    ("Oral drug A was dosed at 150 mg in 50 mL of water.", ("150 mg",)),
    ("Adults received a single oral dose of drug A (100\u2008mg) or placebo.", ("100 mg",)),
])
def test_dose_rules_from_the_second_held_out_set(text: str, doses: tuple[str, ...]) -> None:
    assert facts(text).doses == doses


@pytest.mark.parametrize(("text", "routes"), [
    ("Adults received drug A, Schedule IV alprazolam and placebo orally.", ("oral",)),
    ("Drug A was administered perorally to rats.", ("oral",)),
    ("This chart review studied transmucosal drug A in depression.", ("other",)),
    ("Adults received buccal drug A via a transmucosal film.", ("sublingual",)),
    ("Drug A was added to a brachial plexus block in 40 adults.", ("other",)),
])
def test_route_rules_from_the_second_held_out_set(text: str, routes: tuple[str, ...]) -> None:
    assert facts(text).routes == routes


def test_scale_cut_offs_and_p_values_are_not_eligibility() -> None:
    cut_off = facts("Adults were randomized to drug A or placebo. The Edinburgh Postnatal "
                    "Depression Scale was used on day 3, with a score > 10 indicating depression.")
    assert cut_off.outcome_scales == ("EPDS",)
    result = facts("Adults were randomized to drug A or placebo. MADRS scores fell (p=0.04).")
    assert result.outcome_scales == ("MADRS",)
    entry = facts("Adults with MADRS>=20 were randomized to drug A or placebo.")
    assert entry.outcome_scales == ()


def test_sections_and_stages_read_as_a_clinician_would() -> None:
    aim = facts("To determine whether older adults receive less treatment in this population. "
                "Retrospective analysis of a registry. A total of 1,490 patients were identified. "
                "In our data, we observed fewer treatments after age 75.")
    assert aim.n_participants == 1490  # "To determine ..." opens the aim: nothing is background
    in_this = facts("Drug A induces effects within hours. Regions have been linked to them. In "
                    "this randomized, placebo-controlled, double-blind cross-over imaging study, "
                    "thirty-five healthy participants were scanned. We investigated thickness.")
    assert in_this.n_participants == 35 and in_this.design == "rct"
    stages = facts("Survival for late-stage (III and IV) cancer was compared in 200 patients.")
    assert stages.routes == ()


# --- rules added after the third held-out set: general readings, synthetic sentences --------

@pytest.mark.parametrize(("title", "text", "design"), [
    ("Drug A for insomnia", "Seventeen patients were given trazodone or placebo in a double-blind "
     "crossover trial. Sleep improved with trazodone.", "clinical_study"),  # never "randomized"
    ("Metabolome changes after drug A", "We analyzed plasma samples from a placebo-controlled "
     "crossover study of a single dose of MDMA. Metabolites rose after MDMA.", "clinical_study"),
    ("Routes for drug A in depression", "METHODS: Fifteen participants received ketamine or "
     "midazolam in a crossover study, with one placebo session randomly inserted.", "rct"),
    ("Development of drug A for PTSD", "PTSD is common and disabling. Ketamine has emerged as a "
     "promising treatment. Findings from a proof-of-concept, randomized, controlled cross-over "
     "study of ketamine in patients with PTSD suggest rapid improvement. Results from ongoing "
     "trials of repeated intravenous ketamine are expected. Future directions are discussed.",
     "narrative_review"),
    ("Drug A: from pariah to panacea", "OBJECTIVE: The authors examine the evidence for "
     "psilocybin. METHODS: PubMed was searched for articles on psilocybin. A total of 1,449 "
     "articles were identified and screened. Of these, 21 open-label or randomized controlled "
     "trials (RCTs) were identified. RESULTS: The evidence is limited.", "narrative_review"),
    ("Closing the gap in drug-assisted therapy", "Many questions about drug-assisted therapy "
     "remain. Implementation methods (for example, sequential multiple assignment randomized "
     "trial (SMART) designs) can speed the process. The time to proceed is now.", "other"),
    ("Naturalistic drug A therapy", "AIMS: This study compared the effects of LSD between "
     "patients and healthy volunteers. METHODS: We compared data from 28 patients with data "
     "from 28 healthy participants who participated in a randomized, double-blind crossover "
     "trial. RESULTS: Ratings were similar across groups.", "clinical_study"),
    ("Suicide risk in a two-year trial", "This study followed 980 patients at high risk for "
     "suicide for 2 years after randomization to clozapine or olanzapine.", "rct"),
    ("Dissociation and response to drug A", "Methods: We conducted a secondary data analysis of "
     "16 adolescents who participated in a randomized, midazolam-controlled crossover trial of "
     "ketamine.", "rct"),  # a secondary analysis of the trial's own participants
    ("Acute mania: olanzapine versus placebo", "Two similar, double-blind, randomized trials "
     "comparing olanzapine to placebo were pooled for these analyses (N = 246).", "rct"),
    ("LSD and emotion recognition", "Two placebo-controlled, double-blind, random\u2010order, "
     "cross-over studies were conducted using LSD in 24 subjects.", "rct"),
    ("Fenfluramine and amphetamine in man", "Fenfluramine, amphetamine and placebo were compared "
     "in 8 volunteers, each dose given in random sequence.", "rct"),
    ("Mazindol for negative symptoms", "The hypothesis was tested by comparing mazindol and "
     "placebo in a double-blind, cross-over design trial.", "clinical_study"),
    ("Drug A on synaptic plasticity", "We applied a model to data from a ketamine study using a "
     "cross-over, double-blind, placebo-controlled design. The model fits the data.",
     "clinical_study"),
    ("In vitro and in vivo evaluation of a PET ligand", "The ligand bound receptors in rat brain "
     "homogenates. In vivo, rats were scanned after injection of the ligand.", "animal"),
    ("Comparative acute effects of three hallucinogens", "LSD, psilocybin and mescaline are "
     "hallucinogens. The study compares LSD, psilocybin, mescaline and placebo in a "
     "double-blind, placebo-controlled design. The main objective of this study is to "
     "determine whether they differ. It will enhance the understanding of altered states.",
     "other"),  # a study described before it has run
    ("Safety of drug A in healthy subjects", "METHODS: We conducted a pooled analysis of four "
     "double-blind, randomized, placebo-controlled studies in 83 healthy subjects. RESULTS: "
     "Curves were steeper for positive effects compared with negative effects.",
     "clinical_study"),  # no arm set against another: the randomised comparison is not kept
    ("Ketamine for refractory OCD: five open label cases", "Five adolescents with OCD were "
     "enrolled in this pilot trial. All received an infusion of ketamine.", "case_report"),
    ("Adverse effects of antipsychotics. Do newer agents offer advantages?", "Clozapine is "
     "effective in schizophrenia. Risperidone has fewer adverse effects than haloperidol. Open "
     "studies provide data on outcome, but this issue requires to be addressed in blind, "
     "randomised trials. Clozapine remains restricted to selected groups.", "narrative_review"),
    ("Drug A impairs potentiation in the rat hippocampus in vitro", "The effects of drug A were "
     "investigated in the rat dentate gyrus in vitro. Drug A depressed responses compared to "
     "controls (n=7).", "in_vitro"),
])
def test_design_rules_from_the_third_held_out_set(title: str, text: str, design: str) -> None:
    assert facts(text, title).design == design


def test_the_blinding_of_another_trial_or_of_raters_only() -> None:
    other = facts("METHODS: We compared 28 patients with data from 28 healthy participants who "
                  "participated in a randomized, double-blind crossover trial.", "Drug A therapy")
    assert other.blinding is None
    raters = facts("Adults were enrolled in a randomised, open-label, rater-blinded trial of "
                   "esketamine versus quetiapine.")
    assert raters.design == "rct" and raters.blinding == "open-label"
    single = facts("Adults were randomised in a single-blind phase followed by an open-label "
                   "extension.")
    assert single.blinding == "single-blind"


@pytest.mark.parametrize(("text", "routes"), [
    ("Patients met the Diagnostic and Statistical Manual version IV criteria and were randomized "
     "to buprenorphine or methadone.", ()),
    ("After pain control with oral oxycodone, children were randomized to dexmedetomidine or "
     "placebo, followed by IV ketamine.", ("intravenous",)),
    ("Adults were randomized to intranasal esketamine plus a newly initiated oral antidepressant "
     "or to an oral antidepressant plus placebo. Antidepressants came as film-coated tablets.",
     ("intranasal",)),
    ("Drug A reduced intracortical inhibition in 20 adults.", ()),
])
def test_route_rules_from_the_third_held_out_set(text: str, routes: tuple[str, ...]) -> None:
    assert facts(text).routes == routes


@pytest.mark.parametrize(("text", "n"), [
    ("One hundred sixteen patients were identified, and 77 of them (66%) were included in the "
     "study.", 77),
    ("In 40 occasional users, 10 MDMA (also known as 'ecstasy') users and 30 drug-naive "
     "controls, vision was measured.", 80),
    ("BACKGROUND: Drug A is studied. This study used an EEG paradigm to test drug A. Healthy "
     "adult males (n = 80) completed the paradigm after a dose of 10 \u00b5g of LSD or placebo. "
     "RESULTS: Nothing changed.", 80),  # the methods under the BACKGROUND heading, after the aim
])
def test_participant_rules_from_the_third_held_out_set(text: str, n: int) -> None:
    assert facts(text).n_participants == n


@pytest.mark.parametrize(("text", "doses"), [
    ("Inpatients received ketamine (intravenous dosage: 0,5 mg/kg and orally: 2.0 or 2.5 mg/kg).",
     ("0.5 mg/kg", "2.0 or 2.5 mg/kg")),
    ("Children received intranasal dexmedetomidine at 2.0 \u00b5g\u00b7kg RESULTS: Pain fell.",
     ("2.0 \u00b5g/kg",)),
    ("Rosiglitazone (5 microg/site, i.c.v.) reduced immobility in rats.", ("5 microg/site",)),
])
def test_dose_rules_from_the_third_held_out_set(text: str, doses: tuple[str, ...]) -> None:
    assert facts(text).doses == doses


def test_the_partitive_pattern_is_linear_on_hostile_input() -> None:
    """Every repeat in the pattern is bounded, so a 200,000-character run of word characters
    (which an unbounded lead word would backtrack over quadratically) is read in one pass."""
    from documents.facts.count_parts import _PARTITIVE, partitive_role

    assert "+" not in _PARTITIVE.pattern and "*" not in _PARTITIVE.pattern
    hostile = "a" * 200_000
    assert _PARTITIVE.search(hostile) is None
    assert _PARTITIVE.search("ab, " * 50_000 + "of") is not None
    assert partitive_role(hostile + " 5", len(hostile) + 1, "enrolled") is None


def test_an_anaesthetic_route_does_not_hide_the_study_infusion() -> None:
    found = facts("Intravenous anesthetic ketamine is an NMDA antagonist. The present study "
                  "evaluated a subanesthetic ketamine infusion of 0.5 mg/kg/h or placebo in 58 "
                  "patients.", "Ketamine in opiate withdrawal")
    assert found.routes == ("intravenous",)


def test_a_care_drug_loses_its_route_but_a_studied_analgesic_keeps_it() -> None:
    studied = facts("Postoperative pain relief with intravenous ketamine was compared with "
                    "morphine in 40 adults.", "Ketamine for postoperative pain")
    assert studied.routes == ("intravenous",)
    care = facts("Postoperatively, analgesia was provided with intravenous morphine. Adults were "
                 "randomized to intranasal esketamine or placebo.", "Esketamine and mood")
    assert care.routes == ("intranasal",)


@pytest.mark.parametrize(("text", "times"), [
    ("Adults were randomized to drug A or placebo. Mild dizziness occurred in the 40 minutes "
     "after the infusion. Mood was assessed daily for 2 weeks following the infusion.",
     ("2 weeks",)),  # "in the 40 minutes after": a window
    ("During a 55 min resting-state fMRI scan, drug A was given to 35 volunteers.", ()),
    ("Adults were randomized to drug A or placebo. Peak plasma levels came within a median of "
     "20 min.", ()),
])
def test_timepoint_rules_from_the_third_held_out_set(text: str, times: tuple[str, ...]) -> None:
    assert facts(text).timepoints == times
