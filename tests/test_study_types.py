"""Study types follow PubMed's publication types and MeSH tags, and are never guessed."""

from documents.study_types import study_types


def test_publication_types_map_to_study_types() -> None:
    assert study_types(["Journal Article", "Randomized Controlled Trial"], []) == (
        "randomized controlled trial",
    )
    assert study_types(["Meta-Analysis", "Review"], []) == (
        "meta-analysis or systematic review",
        "review",
    )
    assert study_types(["Clinical Trial, Phase II"], ["Humans"]) == (
        "clinical trial",
        "human study",
    )


def test_mesh_check_tags_decide_animal_or_human() -> None:
    assert study_types([], ["Animals", "Rats", "Ketamine"]) == ("animal study",)
    assert study_types([], ["Animals", "Humans"]) == ("human study",)


def test_nothing_known_is_unknown() -> None:
    assert study_types([], []) == ("unknown",)
    assert study_types(["Journal Article"], ["Ketamine"]) == ("unknown",)
