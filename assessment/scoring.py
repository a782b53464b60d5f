"""The scoring engine: a pure function of catalogue, activity kinds and answers.

A catalogue's schema picks its method: catalogue 1.x is scored by method 1.0
(``scoring_v1``), catalogue 2.x by method 2.0 (``scoring_v2``, described in ``docs/method.md``).
"""

from collections.abc import Iterable, Mapping

from assessment import scoring_v1, scoring_v2
from assessment.catalogue_model import Catalogue
from assessment.inputs import Answer
from assessment.scorecard import (
    INSUFFICIENT,
    CriterionScore,
    Overall,
    QuestionScore,
    RedLineHit,
    Scorecard,
    Status,
)
from assessment.scoring_v1 import WhatIf, score_if_best

__all__ = [
    "INSUFFICIENT",
    "CriterionScore",
    "Overall",
    "QuestionScore",
    "RedLineHit",
    "Scorecard",
    "Status",
    "WhatIf",
    "score",
    "score_if_best",
]


def score(
    catalogue: Catalogue,
    kinds: Iterable[str],
    answers: Mapping[str, Answer],
    perspective: str = "other",
) -> Scorecard:
    """Score the answers to the questions that apply to an activity of these kinds.

    Answers to questions that do not apply are ignored here; the exchange reader rejects them.
    """
    if catalogue.method_version == 2:
        return scoring_v2.score(catalogue, kinds, answers, perspective)
    return scoring_v1.score(catalogue, kinds, answers)
