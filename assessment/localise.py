"""A catalogue or a scenario with its texts in another language: the same ids, scores, weights,
caps and structure, so that anything scored on it gives exactly the source's result.

Seed quotes stay in the report's original English; their translation goes to ``gloss``. A text
a translation does not give (it was validated against its source, so only when used on another
catalogue) stays in English rather than going missing.
"""

from collections.abc import Mapping
from typing import Any

from assessment.catalogue_model import (
    Advice,
    Catalogue,
    Criterion,
    Option,
    Question,
    SeedReference,
)
from assessment.scenarios import Scenario
from assessment.translation_model import (
    CatalogueTranslation,
    QuestionTexts,
    ScenarioTexts,
    ScenarioTranslation,
)


def _texts(model: Any, texts: Any, *names: str) -> dict[str, str]:
    """The update giving ``model`` the named texts that ``texts`` (a texts model) has."""
    if texts is None:
        return {}
    return {n: getattr(texts, n) for n in names if getattr(texts, n, None) and hasattr(model, n)}


def _seed(seed: SeedReference, gloss: str | None) -> SeedReference:
    return seed.model_copy(update={"gloss": gloss}) if gloss else seed


def _options(options: tuple[Option, ...], labels: Mapping[str, str]) -> tuple[Option, ...]:
    return tuple(
        o.model_copy(update={"label": labels[o.id]}) if o.id in labels else o for o in options
    )


def _secondary(source: tuple[str, ...], translated: tuple[str, ...]) -> tuple[str, ...]:
    """Secondary references by position; a list of another length is not this question's."""
    return translated if len(translated) == len(source) else source


def _question(
    question: Question, texts: QuestionTexts | None, scale_labels: Mapping[str, str]
) -> Question:
    if texts is None:
        return question
    labels = scale_labels if question.scale is not None else texts.options
    advice: dict[str, Advice] = {
        k: a.model_copy(update=_texts(a, texts.recommendations.get(k), "actor", "affected"))
        for k, a in question.recommendations.items()
    }
    red_lines = tuple(
        r.model_copy(update={"statement": texts.red_lines[r.option]})
        if r.option in texts.red_lines
        else r
        for r in question.red_lines
    )
    references = question.references.model_copy(
        update={
            "seed": _seed(question.references.seed, texts.quote_gloss),
            "secondary": _secondary(question.references.secondary, texts.secondary),
        }
    )
    phase_text = {p: texts.phase_text.get(p, t) for p, t in question.phase_text.items()}
    update: dict[str, Any] = {
        **_texts(question, texts, "text", "guidance", "where_to_find", "measure"),
        "options": _options(question.options, labels),
        "recommendations": advice,
        "red_lines": red_lines,
        "references": references,
        "phase_text": phase_text,
    }
    return question.model_copy(update=update)


def _criterion(
    criterion: Criterion, translation: CatalogueTranslation, scales: Mapping[str, Mapping[str, str]]
) -> Criterion:
    texts = translation.criteria.get(criterion.id)
    questions = tuple(
        _question(q, translation.questions.get(q.id), scales.get(q.scale or "", {}))
        for q in criterion.questions
    )
    update: dict[str, Any] = {"questions": questions}
    if texts is not None:
        update |= _texts(criterion, texts, "title", "summary")
        update["source"] = _seed(criterion.source, texts.quote_gloss)
    return criterion.model_copy(update=update)


def _each(items: tuple[Any, ...], texts: Mapping[str, Any], *names: str) -> tuple[Any, ...]:
    return tuple(i.model_copy(update=_texts(i, texts.get(i.id), *names)) for i in items)


def localise(catalogue: Catalogue, translation: CatalogueTranslation) -> Catalogue:
    """``catalogue`` with the texts of ``translation``; every id and figure unchanged."""
    t = translation
    scales = {s: texts.options for s, texts in t.scales.items()}
    info = catalogue.catalogue.model_copy(
        update={
            **_texts(
                catalogue.catalogue,
                t.catalogue,
                "title",
                "unknown_recommendation",
                "unknown_recommendation_other",
            ),
            "language": t.language,
        }
    )
    principles = tuple(
        p.model_copy(
            update={
                **_texts(p, t.principles.get(p.id), "title"),
                "gloss": getattr(t.principles.get(p.id), "quote_gloss", None) or p.gloss,
            }
        )
        for p in catalogue.principles
    )
    localised = catalogue.model_copy(
        update={
            "catalogue": info,
            "principles": principles,
            "norms": _each(catalogue.norms, t.norms, "title", "text", "source"),
            "channels": _each(catalogue.channels, t.channels, "label", "use"),
            "conventions": _each(catalogue.conventions, t.conventions, "statement"),
            "activity_kinds": _each(
                catalogue.activity_kinds, t.activity_kinds, "label", "description"
            ),
            "orbit_regimes": _each(catalogue.orbit_regimes, t.orbit_regimes, "label"),
            "evidence_bases": _each(catalogue.evidence_bases, t.evidence_bases, "label"),
            "bands": _each(catalogue.bands, t.bands, "label", "description"),
            "scales": tuple(
                s.model_copy(update={"options": _options(s.options, scales.get(s.id, {}))})
                for s in catalogue.scales
            ),
            "criteria": tuple(_criterion(c, t, scales) for c in catalogue.criteria),
        }
    )
    # model_copy copies cached properties too: the question index would hold English questions.
    localised.__dict__.pop("_question_index", None)
    return localised


def localise_scenario(scenario: Scenario, texts: ScenarioTexts | None) -> Scenario:
    """``scenario`` with translated texts; its activity's ids and its reference answers' options
    unchanged, and fact sheet and prompts only when the translation has as many items."""
    if texts is None:
        return scenario
    activity = scenario.activity.model_copy(
        update=_texts(
            scenario.activity,
            texts.activity,
            "title",
            "actor",
            "timeframe",
            "objects",
            "description",
        )
    )
    reference = {
        q: r.model_copy(update={"rationale": texts.rationales[q]}) if q in texts.rationales else r
        for q, r in scenario.reference.items()
    }
    update: dict[str, Any] = {
        **_texts(scenario, texts, "title", "summary"),
        "activity": activity,
        "fact_sheet": _secondary(scenario.fact_sheet, texts.fact_sheet),
        "prompts": _secondary(scenario.prompts, texts.prompts),
        "reference": reference,
    }
    return scenario.model_copy(update=update)


def localise_scenarios(
    scenarios: Mapping[str, Scenario], translation: ScenarioTranslation
) -> dict[str, Scenario]:
    """Every scenario, by id and in the same order, with the translation's texts."""
    return {
        sid: localise_scenario(s, translation.scenarios.get(sid)) for sid, s in scenarios.items()
    }
