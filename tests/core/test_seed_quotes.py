"""Every passage the catalogue cites is copied exactly from the seed report."""

import pytest

from assessment.catalogue import load_catalogue
from tests.core_helpers import CRITERIA, SEED_REPORT

CAT = load_catalogue(CRITERIA)
REPORT = SEED_REPORT.read_text()
CITED = [(f"criterion {c.id}", c.source.quote) for c in CAT.criteria] + [
    (f"question {q.id}", q.references.seed.quote) for _, q in CAT.questions()
]


@pytest.mark.parametrize(("where", "quote"), CITED, ids=[w for w, _ in CITED])
def test_quote_occurs_in_the_report(where, quote):
    quote = quote.replace(" [sic]", "")  # the catalogue marks the report's own typos
    assert quote in REPORT, f"{where} cites a passage not found in the report: {quote!r}"


def test_every_question_cites_a_known_panel():
    panels = {"Introduction", "Conclusion"} | {f"Panel {n}" for n in range(1, 7)}
    for _, question in CAT.questions():
        assert question.references.seed.panel in panels, question.id
