"""The skeleton of a translation file: every text a translator must give, keyed by ids, with the
English in place, in the order the source gives them.

The same structure is what the loader holds a translation against (``translation_loader``): a
file made from this template and translated is complete by construction.
"""

from collections.abc import Iterable
from typing import Any

import yaml

from assessment.catalogue_model import Catalogue, Question
from assessment.scenarios import Scenario

UNREVIEWED_NOTE = "Machine-drafted; not yet reviewed by a qualified translator."
SCENARIOS_OF = "scenarios"  # the header key naming the catalogue a scenario set is rated on


class _Folded(str):
    """A long text, written as a folded block so a translator can read and edit it."""


def _represent(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = ">" if len(data) > 90 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Folded, _represent)


def _pick(obj: Any, *names: str) -> dict[str, str]:
    """The named texts of a model that has them (optional texts left out when absent)."""
    return {n: getattr(obj, n) for n in names if getattr(obj, n, None)}


def _question(question: Question) -> dict[str, Any]:
    out: dict[str, Any] = _pick(question, "text", "guidance", "where_to_find", "measure")
    if question.phase_text:
        out["phase_text"] = dict(question.phase_text)
    if question.options and question.scale is None:  # a scale's labels are under ``scales``
        out["options"] = {o.id: o.label for o in question.options}
    if question.recommendations:
        out["recommendations"] = {
            k: _pick(v, "actor", "affected") for k, v in question.recommendations.items()
        }
    if question.red_lines:
        out["red_lines"] = {r.option: r.statement for r in question.red_lines}
    out["quote_gloss"] = question.references.seed.quote
    if question.references.secondary:
        out["secondary"] = list(question.references.secondary)
    return out


def _labelled(items: Iterable[Any], *names: str) -> dict[str, dict[str, str]]:
    return {item.id: _pick(item, *names) for item in items}


def catalogue_template(catalogue: Catalogue, language: str) -> dict[str, Any]:
    """A catalogue translation for ``language`` with the English texts in place, unreviewed."""
    out: dict[str, Any] = {
        "translation": {
            "catalogue": catalogue.id,
            "version": catalogue.version,
            "language": language,
            "reviewed": False,
            "reviewed_by": None,
            "note": UNREVIEWED_NOTE,
        },
        "catalogue": _pick(
            catalogue.catalogue, "title", "unknown_recommendation", "unknown_recommendation_other"
        ),
    }
    sections: dict[str, Any] = {
        "principles": {
            p.id: {"title": p.title, "quote_gloss": p.quote} for p in catalogue.principles
        },
        "norms": _labelled(catalogue.norms, "title", "text", "source"),
        "channels": _labelled(catalogue.channels, "label", "use"),
        "conventions": _labelled(catalogue.conventions, "statement"),
        "activity_kinds": _labelled(catalogue.activity_kinds, "label", "description"),
        "orbit_regimes": _labelled(catalogue.orbit_regimes, "label"),
        "evidence_bases": _labelled(catalogue.evidence_bases, "label"),
        "bands": _labelled(catalogue.bands, "label", "description"),
        "scales": {s.id: {"options": {o.id: o.label for o in s.options}} for s in catalogue.scales},
        "criteria": {
            c.id: {**_pick(c, "title", "summary"), "quote_gloss": c.source.quote}
            for c in catalogue.criteria
        },
        "questions": {q.id: _question(q) for _, q in catalogue.questions()},
    }
    out.update({name: texts for name, texts in sections.items() if texts})
    return out


def scenarios_template(
    scenarios: Iterable[Scenario], catalogue: Catalogue, language: str
) -> dict[str, Any]:
    """A translation of every scenario for ``language``, English in place, unreviewed."""
    out: dict[str, Any] = {
        "translation": {
            SCENARIOS_OF: catalogue.id,
            "catalogue_version": catalogue.version,
            "language": language,
            "reviewed": False,
            "reviewed_by": None,
            "note": UNREVIEWED_NOTE,
        },
        "scenarios": {},
    }
    for scenario in sorted(scenarios, key=lambda s: s.id):
        out["scenarios"][scenario.id] = {
            **_pick(scenario, "title", "summary"),
            "activity": _pick(
                scenario.activity, "title", "actor", "timeframe", "objects", "description"
            ),
            "fact_sheet": list(scenario.fact_sheet),
            "prompts": list(scenario.prompts),
            "rationales": {q: r.rationale for q, r in scenario.reference.items()},
        }
    return out


def _fold(value: Any) -> Any:
    if isinstance(value, str):
        return _Folded(value)
    if isinstance(value, dict):
        return {k: _fold(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fold(v) for v in value]
    return value


def dump_template(data: dict[str, Any]) -> str:
    """The template as YAML: keys in source order, long texts folded, UTF-8 text kept as is."""
    return yaml.dump(_fold(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
