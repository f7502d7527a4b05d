"""Who or what a study examined: living animals, cells and tissue, or molecules only.

The labelling rules count a study as animal when living animals are studied, even beside cell
work, and as in vitro when only cells, tissue (also human tissue ex vivo), receptors or
computation are; people counted in the study's sentences rule both out.
"""

from __future__ import annotations

import re

from documents.facts.context import Abstract, Analysed, cites_literature
from documents.facts.people import counted_people

_IN_VIVO = re.compile(
    r"\b(?:in vivo|administ|inject|treated|received|given|exposed|subjected|tested|trained|"
    r"housed|behavio|swim|tail suspension|maze|open field|dosed|gavage|i\.p\.|intraperitoneal|"
    r"subcutaneous|"
    r"infused|implanted|lesion|stress|sacrificed|killed|anesthetized|anaesthetized)",
    re.IGNORECASE)
_MOLECULAR = re.compile(r"\b(?:receptors?|binding|compounds?|enzymes?|proteins?|inhibit\w*|"
                        r"potentiat\w*|agonists?|antagonists?|ligands?|uptake|assays?|expression|"
                        r"subunits?|derivatives|molecules?|affinity|selectivity)\b", re.IGNORECASE)
_PER_BODY_WEIGHT = re.compile(r"\d ?(?:mg|g|\u00b5g|ug|mcg|micrograms?)(?: ?/ ?| per )kg\b",
                              re.IGNORECASE)  # a dose per kg of body weight: a living animal
_SAYS_IN_VITRO = re.compile(r"\b(?:in vitro|ex vivo)\b", re.IGNORECASE)
_IN_VIVO_WORDS = re.compile(r"\bin vivo\b", re.IGNORECASE)
_POST_MORTEM = re.compile(r"\bpost-?mortem\b|\bautops", re.IGNORECASE)
_OTHERS_WORK_AFTER = re.compile(r" (?:and \w+ )?(?:studies|study|research|literature|"
                                r"work|findings|evidence)\b", re.IGNORECASE)


def animal_study(abstract: Abstract) -> bool:
    """Living animals in the study's own sentences, and no people counted."""
    animal = [s for s in abstract.sentences if s.section != "background" and _animals_here(s)]
    people = sum(1 for s in abstract.study() if counted_people(s))
    if not animal:
        return (people == 0 and any(re.search(r"\bin vivo\b", s.text, re.IGNORECASE)
                                    for s in abstract.study()))
    if people > len(animal):
        return False
    alive = any(_IN_VIVO.search(s.text) for s in animal) or any(
        m.canonical == "intraperitoneal" for s in abstract.sentences for m in s.of("route")
    ) or any(_PER_BODY_WEIGHT.search(s.text) for s in abstract.study())
    return alive or not _in_vitro_cues(abstract)


def _animals_here(sentence: Analysed) -> bool:
    """Animals this study used: not "rodent studies have shown", "similar to the rodent work"."""
    if cites_literature(sentence):
        return False
    return any(not _OTHERS_WORK_AFTER.match(sentence.text, m.end) for m in sentence.of("species"))


def in_vitro_title(abstract: Abstract) -> bool:
    """The title names cells, tissue or computation and no animal, and no people are counted;
    or it says "in vitro" itself ("... in the rat hippocampus in vitro") and nothing is in vivo.
    A title "in vitro and in vivo" leaves the decision to the animal cues."""
    title = abstract.title
    if title is None or not title.has("in_vitro") or _IN_VIVO_WORDS.search(title.text):
        return False
    if _SAYS_IN_VITRO.search(title.text) and not title.has("participant") and not any(
            _IN_VIVO_WORDS.search(s.text) for s in abstract.sentences):
        return True
    return not title.has("species") and not _studies_people(abstract)


def molecular_only(abstract: Abstract) -> bool:
    """Original work on molecules, receptors or cells, with no people and no animals."""
    if any(s.has("participant") or s.has("species") for s in abstract.sentences):
        return False
    return sum(1 for s in abstract.sentences if _MOLECULAR.search(s.text)) >= 2


def in_vitro_study(abstract: Abstract) -> bool:
    """Cells, tissue, receptors or computation only: no living animal, no participants."""
    if any(_POST_MORTEM.search(s.text) for s in abstract.study()):
        return True
    if _studies_people(abstract):
        return False
    return _in_vitro_cues(abstract)


def _studies_people(abstract: Abstract) -> bool:
    """People counted, named in the title, or named in two sentences about the study."""
    if any(counted_people(s) for s in abstract.study()):
        return True
    title = abstract.title
    named = [s for s in abstract.study() if s.has("participant") and s is not title]
    return (title is not None and title.has("participant")) or len(named) >= 2


def _in_vitro_cues(abstract: Abstract) -> bool:
    return any(s.has("in_vitro") for s in abstract.sentences if s.section != "background"
               and not cites_literature(s))
