"""What a facilitator may take away: aggregates and bare answer sets, never an identifier.

Two exports taken before and after one more submission must not give away that person's answers
by difference. So the bare answer sets are released only once the session is closed (nothing
changes after that), and every count between 1 and k − 1 (k = TRAINING_MIN_GROUP, at least 3)
is suppressed (null) in the distributions, whether the session is open or closed.
"""

import csv
import io
from typing import Any

from flask import current_app

from assessment.catalogue import Catalogue
from assessment.web.training import group, service
from assessment.web.training.models import TrainingSession


def small_cell_limit() -> int:
    return max(3, int(current_app.config["TRAINING_MIN_GROUP"]))


def suppressed(count: int, k: int) -> int | None:
    """A count that could single out one or two people is withheld (None); 0 is kept."""
    return None if 0 < count < k else count


def export_data(catalogue: Catalogue, row: TrainingSession) -> dict[str, Any]:
    """Aggregates and, once closed, the bare answer sets: no participant ids, tokens, times."""
    summary = group.group_summary(catalogue, row)
    k = small_cell_limit()
    released = bool(row.closed) and not summary.hidden
    return {
        "format": "due-regard-training-export",
        "version": 1,
        "scenario": row.scenario_id,
        "title": row.title,
        "catalogue": {"id": row.catalogue_id, "version": row.catalogue_version},
        "activity": row.activity,
        "submitted": summary.submitted,
        "complete": summary.complete,
        "reference": row.reference,
        "questions": [
            {
                "id": s.question_id,
                "criterion": s.criterion_id,
                "distribution": {
                    option: suppressed(count, k)
                    for option, count in zip(
                        s.distribution.options, s.distribution.counts, strict=True
                    )
                },
                "answered": s.answered,
                "divergence": None if s.divergence is None else round(s.divergence, 4),
                "reference": s.reference,
                "agreement": None if s.agreement is None else round(s.agreement, 4),
            }
            for s in summary.questions
        ],
        "small_cells_suppressed_below": k,
        "responses_released": released,
        "responses": group.responses(row) if released else [],
    }


def responses_csv(catalogue: Catalogue, row: TrainingSession) -> str:
    """One line per submitted answer set, one column per question id, as in export_data."""
    data = export_data(catalogue, row)
    ids = [q.id for _, qs in service.sections(catalogue, row) for q in qs]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ids)
    for answers in data["responses"]:
        writer.writerow([answers.get(qid, "") for qid in ids])
    return out.getvalue()
