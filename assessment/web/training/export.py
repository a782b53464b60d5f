"""What a facilitator may take away: aggregates and bare answer sets, never an identifier."""

import csv
import io
from typing import Any

from assessment.catalogue import Catalogue
from assessment.web.training import service
from assessment.web.training.models import TrainingSession


def export_data(catalogue: Catalogue, row: TrainingSession) -> dict[str, Any]:
    """Aggregates and the bare answer sets: no participant ids, tokens, times or order."""
    summary = service.group_summary(catalogue, row)
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
                "distribution": dict(
                    zip(s.distribution.options, s.distribution.counts, strict=True)
                ),
                "answered": s.answered,
                "divergence": None if s.divergence is None else round(s.divergence, 4),
                "reference": s.reference,
                "agreement": None if s.agreement is None else round(s.agreement, 4),
            }
            for s in summary.questions
        ],
        "responses": [] if summary.hidden else service.responses(row),
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
