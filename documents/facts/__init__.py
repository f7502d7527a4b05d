"""Study facts: design, blinding, n, drugs, doses, routes, comparators, scales and timepoints of a
study, read from its title and abstract by rules and a curator-extendable vocabulary
(`corpus/study_facts.tsv`), each with the sentence it came from.

    from documents.facts import extract_facts, summary_line
    facts = extract_facts(title, abstract, publication_types, mesh_terms)
    facts.to_json()        # the stored / JSON form
    summary_line(facts)    # "RCT · double-blind · n = 67 · ketamine 0.5 mg/kg IV vs placebo"
"""

from documents.facts.extract import extract_facts
from documents.facts.model import DESIGN_LABELS, DESIGNS, JSON_KEYS, StudyFacts
from documents.facts.summary import summary_line
from documents.facts.vocabulary import load_vocabulary

__all__ = ["DESIGNS", "DESIGN_LABELS", "JSON_KEYS", "StudyFacts", "extract_facts",
           "load_vocabulary", "summary_line"]
