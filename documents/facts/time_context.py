"""Whether a time expression is an assessment time, judged by the words around it.

Kept apart from the patterns that find times (`timepoints`): the labelling rules list what is
not a timepoint (infusion and session lengths, intervals, washouts, windows, ages, durations of
illness, results such as "relapsed after 19 days"), and each rule is one pattern here.
"""

from __future__ import annotations

import re

_EXCLUDED_AFTER = re.compile(
    r"^(?:[- ]?(?:old|of age|of (?:illness|disease|education|experience|use|abstinence|"
    r"treatment-resistant)|history|duration|apart|interval|intervals|infusions?|sessions?|"
    r"washout|wash-out|run-in|lead-in|drug-free|window|earlier|prior|before|pre-|"
    r"of (?:daily|repeated|chronic|unpredictable|social|restraint)|(?:of )?(?:stress|"
    r"restraint|isolation)|swim|test\b|period of|later\b|long\b|intravenous|iv\b|bolus|"
    r"(?:[\w-]+ ){0,2}scans?\b|"
    r"infusion|infused|of infusion|or (?:younger|older|less|more|longer)\b|"
    r"after (?:the )?(?:induction|intubation|(?:skin )?incision)|"
    r"(?:\w+ ){0,2}(?:lead-in|run-in|washout|wash-out|delay|"
    r"interval|fasting|pretreatment|pre-treatment|abstinence)|of withdrawal|"
    r"(?:(?:single|intravenous|iv|i\.v\.|subcutaneous|ketamine|drug|dosing|treatment|"
    r"placebo) ){1,2}(?:infusions?|sessions?|injections?)|"  # "40-min single iv infusion"
    r",? (?:all |the )?(?:patients|participants|subjects|rats|mice|animals) (?:received|were "
    r"(?:given|administered|injected|infused)|underwent)\b))", re.IGNORECASE)
_EXCLUDED_BEFORE = re.compile(
    r"(?:\bwithin|\bduring(?: the| a| an)?(?: first| last| past)?|\bin the|\bevery|\beach|"
    r"\bper|\bover the "
    r"(?:first|last|past|next)|\bin the (?:first|last|past|next)|\bfor the (?:first|last|past)|"
    r"\baged?|\bages|\blasting|\blasted|\bbetween|\bbefore|\bprior to|\bpre-|\bapart|"
    r"\bwashout(?: period)? of|\binterval of|\bminimum of|\bmaximum of|\bperiod of|"
    r"\bhistory of|\bduration of|\bmean(?: age)?(?: of)?|\bage of|\bfrom \d\S*(?: \S+){0,2} to|"
    r"\bmedian(?: of)?|\brange|\bsd|\bapproximately|\babout|\bq|\bonce|\btwice|"
    r"\bthree times|"
    r"\bseparated by|\bspaced|\bfrom|[<>=\u00b1]|\d|\bwashout|\bat least|\bolder than|"
    r"\byounger than|\bmore than|\bless than|\bintervals? of|\bsessions? of|"
    r"\bsession lasting|\b(?:range:?|ranging from) \d\S*(?: \S+){0,2} to|"
    r"\b(?:divided|spread|distributed) over) ?$", re.IGNORECASE)
_DOSE_BEFORE = re.compile(r"\b(?:mg|g|\u00b5g|mcg)(?:/kg)?, ?$", re.IGNORECASE)
# the clause before says the time is not an assessment: a pretreatment or washout period, a
# stress model, a pharmacokinetic result ("Tmax was observed at 1.5 h")
_EXCLUDED_CLAUSE = re.compile(
    r"(?:\b(?:pretreatment|pre-treatment|washout|wash-out|run-in|lead-in)(?: period| phase)? "
    r"(?:consisted|with|of|lasted|was)|\bstressors?|\btmax|\bt max|\bhalf-life|\btime to peak|"
    r"\b(?:median|mean) (?:time|duration|latency))\b[^.;()]{0,60}$",
    re.IGNORECASE)
# "during the four weeks of the trial", "the 4 weeks long dose period": the study's length
_PERIOD_AFTER = re.compile(r"^(?: of (?:the )?(?:trial|study|treatment|follow-up)\b| long "
                           r"(?:[\w-]+ ){0,2}(?:period|trial|study|phase|course)\b)",
                           re.IGNORECASE)
_ANCHOR_BEFORE = re.compile(
    r"(?:\bat|\bon|\bafter|\bpost|\bby|\buntil|\bthrough|\bthroughout|\bto|\bover|\bfor|"
    r"\bfollowing|\bat the end of|\bend of|\band|\bor|,|\ba|\ban|\bthe|\bof|\bin|\bweekly for|"
    r"\bfollow-up of|\bfollow up of|\bfollow-up at|\bup to|\bpost-?operative|\bpostpartum|"
    r"\bpost-?infusion|\bpost-?treatment) ?$", re.IGNORECASE)
_PERIOD_BEFORE = re.compile(r"(?:(?:treatment|follow-up|follow up|trial|study|period|phase|course|"
                            r"therapy|-term) \(|(?:observation|follow-up|follow up|study|"
                            r"treatment|trial) period of ?)$", re.IGNORECASE)
_COMPOUND_PERIOD = re.compile(r"^,? ?(?:[\w-]+,? ){0,5}(?:trial|study|course|period|phase|"
                              r"extension|follow-up)\b", re.IGNORECASE)  # "a 7-day, open study"
_OVER_SHORT = re.compile(r"\b(?:infused|infusion|given|administered|delivered|injected) over ?$",
                         re.IGNORECASE)
_NOT_ASSESSED_VERB = re.compile(
    r"\b(?:remained|lasted|lasting|sustained|persisted|persisting|maintained|relapsed?|titrated|"
    r"extend(?:ed|ing|s)?(?: out)?|"
    r"titration|enrolled|recruited|collected|fasting|fasted|provided|withheld|delay|delayed|"
    r"pretreated|pre-treated|washed out)(?: \w+ly)?(?: (?:for|over|up to|until|after|during|"
    r"within|a|an|the|by|period of)){0,2} ?$", re.IGNORECASE)
_ANCHOR_AFTER = re.compile(
    r"^\)?(?:[- ]?(?:post|after|later|following|follow[- ]?up|postoperative|postpartum|"
    r"post-?operatively|open|double|randomi|trial|study|course|treatment|period|extension|"
    r"phase|program|intervention|observation|assessment|endpoint|end-point|outcome|"
    r"visit|mark|time ?point|from (?:the )?(?:first|last|final|initial|baseline)))",
    re.IGNORECASE)
_YEAR_ANCHOR = re.compile(r"\b(?:at|after|follow-up of|followed for|followed up for|up to) ?$",
                          re.IGNORECASE)
_SHORT = ("minute", "hour")


def verdict(text: str, start: int, end: int, unit: str, shape: str) -> str:
    """"no" when the words around text[start:end] rule it out (an interval, an age, a washout),
    "yes" when they anchor it as an assessment time ("at", "post-infusion", "-week trial"),
    "maybe" when they say neither."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 40]
    compound = "-" in text[start:end] and bool(_COMPOUND_PERIOD.search(after))
    if compound and (unit == "minute" or unit == "hour" and _value(text[start:end]) < 12):
        return "no"  # "the 4-h study", "an 8-hour session": a session's length, not 24-h
    whole = bool(_PERIOD_AFTER.search(after)) and not re.search(  # not "the first 2 weeks of"
        r"\b(?:first|last|initial|final|past|next|remaining) $", before, re.IGNORECASE)
    period = shape == "number_unit" and bool(_PERIOD_BEFORE.search(before) or compound or whole)
    if (_EXCLUDED_AFTER.search(after) and not whole) or (
            _EXCLUDED_BEFORE.search(before) and not period):
        return "no"
    if unit in _SHORT and _DOSE_BEFORE.search(before):
        return "no"  # "(0.5 mg/kg, 40 minutes)": how long the dose ran
    if _NOT_ASSESSED_VERB.search(text[max(0, start - 40):start]) or _EXCLUDED_CLAUSE.search(
            text[max(0, start - 80):start]):
        return "no"
    anchored_after = bool(_ANCHOR_AFTER.search(after))
    if shape == "unit_number" and unit == "visit":
        return "no"
    if unit in _SHORT and (_OVER_SHORT.search(before) or not anchored_after and re.search(
            r"\b(?:over|for|lasting)(?: a| the)? ?$", before, re.I)):
        return "no"  # "over 40 minutes": the length of an infusion or a session
    if unit == "year" and shape == "number_unit" and not anchored_after:
        return "yes" if _YEAR_ANCHOR.search(before) or period else "no"
    anchored = bool(_ANCHOR_BEFORE.search(before)) or period or anchored_after
    return "yes" if anchored else "maybe"


def _value(written: str) -> float:
    number = re.match(r"\d+(?:\.\d+)?", written)
    return float(number.group()) if number else 0.0


_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 720.0,
          "year": 8760.0}


def same_time_key(item: str, units: dict[str, str]) -> str:
    """Items naming the same time meet: "week 6" = "6 weeks", "240 minutes" = "4 hours"."""
    words = item.lower().split()
    number = next((w for w in words if w[0].isdigit()), "")
    unit = next((units.get(w) for w in words if w in units), None)
    if unit is None or not re.fullmatch(r"\d+(?:\.\d)?", number):
        return item.lower()
    return f"{float(number) * _HOURS[unit]:.2f}h"
