"""Cue phrases that place an abstract's sentences in its parts when no heading does: the aim
("we investigated", "this case series", "Presents a case"), the closing ("in conclusion"), and
recommendations for future work ("further trials are warranted").

Used by `prepare`: in an unstructured abstract, sentences before the aim are background and
the closing "suggest" sentences are conclusions.
"""

from __future__ import annotations

import re

AIM = re.compile(r"\b(?:aims?(?! (?:and|at)\b)|aimed|(?:the|our|primary|main|study) "
                 r"(?:objectives?|purpose|goals?)|objectives? (?:of|was|were|is|are)|"
                 r"purpose (?:of|was|is)|we (?:have )?\w+ed|we (?:investigated|examined|"
                 r"assessed|evaluated|tested|compared|conducted|report|present|describe|review"
                 r"|performed|hypothesi[sz]ed|sought)|this (?:small |brief |pilot |systematic )?"
                 r"(?:study|trial|paper|article|review|report|case series|meta-analysis)|"
                 r"^(?:presents|describes|reports) (?:an?|the|on|data|findings|results) |"
                 r"here,? we|the present (?:study|work)|^to (?:determine|assess|evaluate|"
                 r"investigate|examine|compare|explore|test|describe|characteri[sz]e|identify|"
                 r"estimate|analy[sz]e)\b|"
                 r"in this (?:[\w,-]+ ){0,10}?(?:study|trial|paper|article|review|report|work|"
                 r"analysis|series|sample|cohort|investigation)|"
                 r"(?:the|this) (?:article|paper|report) (?:presents|describes|reports)|"
                 r"^the (?:effects?|efficacy|role|impact|influence|safety) "
                 r"of .{1,160} (?:was|were) (?:investigated|examined|evaluated|studied))\b",
                 re.IGNORECASE)
AIM_OF_THIS = re.compile(r"\b(?:this|the present|the current|our) (?:[\w-]+ ){0,3}(?:study|trial|"
                          r"work|analysis|investigation|paper|series|report)\b.{0,70}\b(?:aim|"
                          r"sought|investigat|examin|evaluat|assess|compar|test|explor|determin|"
                          r"describ|characteri[sz])|"
                          r"\b(?:we|this study) (?:aimed|aim|sought|hypothesi[sz]ed|investigated|"
                          r"report on|"
                          r"examined|evaluated|"
                          r"assessed|compared|tested|explored)\b", re.IGNORECASE)
FUTURE_WORK = re.compile(
    r"\b(?:(?:should|needs? to|must|requires? to) be (?:\w+ )?(?:replicated|confirmed|tested|"
    r"investigated|explored|examined|studied|evaluated|addressed)|"
    r"(?:is|are) (?:warranted|needed|required|necessary)|(?:future|further|larger|additional|"
    r"more) (?!(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b)(?:\w+ )?(?:studies|"
    r"research|trials|investigations?|work)\b(?! (?:showed|found|"
    r"reported|demonstrated)))", re.IGNORECASE)
CLOSING = re.compile(r"\b(?:in conclusion|these (?:results|findings|data)|our (?:results|"
                      r"findings|data)|(?:results|findings|data) suggest|we conclude|"
                      r"taken together)"
                      r"\b", re.IGNORECASE)
