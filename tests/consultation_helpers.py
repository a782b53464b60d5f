"""Two readings of one activity for consultation tests: the acting State's self-assessment (an
example file) and an affected State's rating that sees a red line crossed and lacks some facts."""

from assessment.catalogue import UNKNOWN, Catalogue
from assessment.exchange import ExchangeDocument, read_document
from assessment.inputs import Answer
from tests.core_helpers import ROOT

EXAMPLE = ROOT / "examples" / "consensual_servicing.json"


def acting_state(cat: Catalogue) -> ExchangeDocument:
    doc = read_document(cat, EXAMPLE.read_bytes(), EXAMPLE.name)
    activity = doc.activity.model_copy(update={"perspective": "own"})
    return doc.model_copy(update={"activity": activity})


def contested_question(cat: Catalogue, doc: ExchangeDocument) -> str:
    """A red-line question of this activity that the acting State answers without crossing it."""
    return next(
        q.id
        for _, q in cat.applicable_questions(doc.activity.kinds)
        if q.red_lines and q.id in doc.answers and q.red_line(doc.answers[q.id].option) is None
    )


def affected_state(cat: Catalogue, ours: ExchangeDocument) -> ExchangeDocument:
    answers = dict(ours.answers)
    contested = contested_question(cat, ours)
    question = cat.question(contested)
    answers[contested] = Answer(
        option=question.red_lines[0].option,
        evidence="observed_data",
        justification="Our tracking <b>shows</b> it, see https://example.org/track/42.",
    )
    unknown = [
        q.id
        for _, q in cat.applicable_questions(ours.activity.kinds)
        if q.allow_unknown and not q.red_lines and q.id in answers
    ][:3]
    for qid in unknown:
        answers[qid] = Answer(option=UNKNOWN, justification="Not disclosed to us.")
    activity = ours.activity.model_copy(
        update={"perspective": "other", "title": ours.activity.title + " (as we see it)"}
    )
    return ExchangeDocument(catalogue=ours.catalogue, activity=activity, answers=answers)
