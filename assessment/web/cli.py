"""Command line: check and show the catalogue and its translations; score (and render) an
exchange file."""

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from assessment.catalogue import Catalogue, load_catalogue
from assessment.catalogue_model import SOURCE_LANGUAGE
from assessment.consultation import build_brief, carried_forward, summary_lines
from assessment.consultation import to_json as consultation_json
from assessment.errors import CatalogueError, ExchangeError
from assessment.exchange import ExchangeDocument, parse_document, read_document
from assessment.migration import describe
from assessment.results import Result, build_result
from assessment.translation_library import TranslationStatus
from assessment.translation_template import catalogue_template, dump_template, scenarios_template
from assessment.versions import load_library
from assessment.web.config import ROOT
from assessment.web.consultations.brief import brief_job as consultation_brief_job
from assessment.web.library import (
    catalogue_for_document,
    get_catalogue,
    get_scenarios,
    source_catalogue,
    translations,
)
from assessment.web.pdf.attachment import NotOurPdfError, extract_document_json
from assessment.web.pdf.documents import CoverDetails, brief_job, report_job
from assessment.web.pdf.language import SIX, report_language
from assessment.web.pdf.offline import produce

# Every command that writes a PDF takes its language the same way.
PDF_LANGUAGE = click.option(
    "--lang",
    "lang",
    type=click.Choice(SIX),
    default="en",
    show_default=True,
    help="Language of the PDF (one of the six UN languages).",
)


def _report_pdf(cat: Catalogue, doc: ExchangeDocument, lang: str = "en") -> bytes:
    """The report PDF of an exchange document, dated today, on A4, in ``lang``."""
    cover = CoverDetails(dated=date.today())
    return produce(report_job(cat, doc, cover, report_language(lang)))


criteria_cli = AppGroup("criteria", help="Check or show the criteria catalogue.")


def _summary(cat: Catalogue) -> str:
    questions = [q for _, q in cat.questions()]
    red_lines = sum(len(q.red_lines) for q in questions)
    kinds = Counter(c.kind for c in cat.criteria)
    lines = [
        f"{cat.catalogue.title} — {cat.id} version {cat.version}",
        f"criteria: {len(cat.criteria)} ({', '.join(f'{n} {k}s' for k, n in kinds.items())})",
        f"questions: {len(questions)}; red lines: {red_lines}; bands: "
        + ", ".join(f"{b.label} ≥ {b.min:g}" for b in cat.bands),
        "questions per activity kind:",
    ]
    for kind in cat.activity_kinds:
        lines.append(f"  {kind.id:<26} {len(cat.applicable_questions([kind.id])):>3}")
    return "\n".join(lines)


def _review(status: TranslationStatus) -> str:
    if status.reviewed:
        return f"reviewed by {status.reviewed_by}" if status.reviewed_by else "reviewed"
    return "NOT REVIEWED by a qualified translator"


def _shown(source: str) -> str:
    """A file as the repository names it, when it is in the repository."""
    path = Path(source)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else source


def _translation_lines() -> list[str]:
    """Every translation file the app loaded (each one valid, or the app would not start)."""
    loaded = translations()
    lines = ["translations (validated against their source):"]
    for (version, language), found in sorted(loaded.catalogue_files.items()):
        status = loaded.catalogue_status(version, language)
        lines.append(
            f"  catalogue {version}  {language:<3} {_review(status)}  {_shown(found.source)}"
        )
    for language, found in sorted(loaded.scenario_files.items()):
        status = loaded.scenario_status(language)
        lines.append(f"  scenarios        {language:<3} {_review(status)}  {_shown(found.source)}")
    if len(lines) == 1:
        lines.append("  none: every text is served in English")
    return lines


@criteria_cli.command("check")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def check_command(path: str | None) -> None:
    """Validate criteria.yaml (or PATH) and every translation: print a summary and the
    translations with their review status, or every error and exit 1. (A broken translation
    stops the app before this command runs, with every error.)"""
    try:
        cat = load_catalogue(path) if path else source_catalogue()
    except CatalogueError as exc:
        click.echo(f"{len(exc.problems)} error(s) in the catalogue:", err=True)
        click.echo(exc.describe(), err=True)
        sys.exit(1)
    click.echo(_summary(cat))
    if not path:
        click.echo("\n".join(_translation_lines()))


@criteria_cli.command("translation-template")
@click.argument("language")
@click.option("--version", "version", default=None, help="Catalogue version (default: current).")
@click.option("--scenarios", is_flag=True, help="The scenarios' template instead.")
def translation_template_command(language: str, version: str | None, scenarios: bool) -> None:
    """Print the skeleton of a translation into LANGUAGE: every text to translate, keyed by
    ids, with the English in place (see docs/translations.md)."""
    catalogue = source_catalogue(version)
    if version is not None and catalogue.version != version:
        click.echo(f"no catalogue version {version}", err=True)
        sys.exit(1)
    if scenarios:
        data = scenarios_template(get_scenarios(SOURCE_LANGUAGE).values(), catalogue, language)
    else:
        data = catalogue_template(catalogue, language)
    click.echo(dump_template(data), nl=False)


@criteria_cli.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the loaded catalogue as JSON.")
@click.option("--lang", "language", default=SOURCE_LANGUAGE, help="Its texts in this language.")
def show_command(as_json: bool, language: str) -> None:
    """Print the catalogue (as JSON with --json), in English or with --lang in a translation."""
    cat = get_catalogue(language=language)
    if cat.language != language:
        click.echo(f"no translation into '{language}': the English source is shown", err=True)
    if as_json:
        click.echo(
            json.dumps(cat.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False)
        )
    else:
        click.echo(_summary(cat))


@criteria_cli.command("diff")
@click.argument("old")
@click.argument("new")
def diff_command(old: str, new: str) -> None:
    """Print what changes from catalogue version OLD to NEW (the declared mapping)."""
    library = load_library(ROOT)
    mapping, before, after = library.mapping(old, new), library.get(old), library.get(new)
    if mapping is None or before is None or after is None:
        click.echo(f"no mapping from {old} to {new}", err=True)
        sys.exit(1)
    for line in describe(before, after, mapping):
        click.echo(line)


def _print_result(cat: Catalogue, title: str, result: Result) -> None:
    overall = result.overall
    band = cat.band(overall.band)
    click.echo(f"{title}")
    headline = (
        band.label
        if overall.headline != "insufficient_information"
        else (
            f"Insufficient information (between {cat.band(overall.band_low).label} "
            f"and {cat.band(overall.band_high).label})"
        )
    )
    click.echo(
        f"Overall: {overall.score:.0f}/100 — {headline} "
        f"(range {overall.low:.0f}–{overall.high:.0f}, confidence {overall.confidence:.0%})"
    )
    if overall.transparency is not None:
        click.echo(
            f"Transparency and cooperation: {overall.transparency:.0f}/100 (not in the band)"
        )
    for hit in result.red_lines:
        click.echo(f"RED LINE: {hit.statement} (caps the result at '{cat.band(hit.cap).label}')")
    for hit in result.possible_red_lines:
        click.echo(f"RED LINE POSSIBLE: {hit.statement} (unknown: {hit.question_id})")
    click.echo("Criteria:")
    for c in result.criteria:
        shown = "n/a" if c.score is None else f"{c.score:5.1f}"
        click.echo(f"  {c.title:<48} {shown}")
    if result.unanswered:
        click.echo(f"Unanswered: {len(result.unanswered)} question(s) — this is a draft.")
    click.echo("Top recommendations:")
    for rec in result.action_plan[:5]:
        click.echo(f"  +{rec.gain:4.1f}  {rec.text}")
    for rec in result.cannot_change:
        click.echo(f"  Done, cannot be undone: {rec.text}")


@click.command("assess")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), help="Write the PDF report.")
@click.option(
    "--brief", "brief_out", type=click.Path(dir_okay=False), help="Write the two-page brief PDF."
)
@click.option("--marking", default="", help="Handling marking printed on every page of the PDFs.")
@click.option("--prepared-by", default="", help="Who prepared the assessment (cover, metadata).")
@click.option("--reference", default="", help="Reference or document symbol for the masthead.")
@PDF_LANGUAGE
def assess_command(
    file: str,
    as_json: bool,
    pdf_out: str | None,
    brief_out: str | None,
    marking: str,
    prepared_by: str,
    reference: str,
    lang: str,
) -> None:
    """Score an exchange FILE; print a summary (or JSON); optionally write its PDF report/brief."""
    raw = Path(file).read_bytes()
    cat = catalogue_for_document(raw)
    try:
        doc = read_document(cat, raw, file)
    except ExchangeError as exc:
        click.echo(f"{file}: not a valid assessment for {cat.id} {cat.version}:", err=True)
        click.echo(exc.describe(), err=True)
        sys.exit(1)
    result = build_result(cat, doc.activity, doc.answers)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_result(cat, doc.activity.title, result)
    cover = CoverDetails(
        dated=date.today(), prepared_by=prepared_by, marking=marking, reference=reference
    )
    for out, make in ((pdf_out, report_job), (brief_out, brief_job)):
        if out:
            Path(out).write_bytes(produce(make(cat, doc, cover, report_language(lang))))
            click.echo(f"Wrote {out}", err=as_json)


@click.command("batch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--pdf-dir", type=click.Path(file_okay=False), help="Also write each PDF report here."
)
@click.option("--json-out", type=click.Path(dir_okay=False), help="Write all results as JSON.")
@PDF_LANGUAGE
@with_appcontext
def batch_command(folder: str, pdf_dir: str | None, json_out: str | None, lang: str) -> None:
    """Score (and render) each exchange file in FOLDER; failures are reported, others go on."""
    cat = get_catalogue()
    files = sorted(Path(folder).glob("*.json"))
    rows: list[tuple[str, str, str]] = []
    results: dict[str, object] = {}
    with click.progressbar(files, label="Assessing", file=sys.stderr) as bar:
        for path in bar:
            outcome, data = _batch_one(cat, path, Path(pdf_dir) if pdf_dir else None, lang)
            rows.append((path.name, *outcome))
            results[path.name] = data
    width = max((len(r[0]) for r in rows), default=4)
    click.echo(f"{'file':<{width}}  {'result':<28}  note")
    for name, verdict, note in rows:
        click.echo(f"{name:<{width}}  {verdict:<28}  {note}")
    failed = sum(1 for _, verdict, _ in rows if verdict == "FAILED")
    click.echo(f"{len(rows) - failed} scored, {failed} failed")
    if json_out:
        Path(json_out).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    if failed:
        sys.exit(1)


def _batch_one(
    cat: Catalogue, path: Path, pdf_dir: Path | None, lang: str = "en"
) -> tuple[tuple[str, str], object]:
    try:
        doc = read_document(cat, path.read_bytes(), path.name)
    except ExchangeError as exc:
        first = exc.problems[0].describe() if exc.problems else "invalid"
        more = f" (+{len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return ("FAILED", first + more), {"error": exc.describe()}
    result = build_result(cat, doc.activity, doc.answers)
    note = "draft" if not result.complete else ""
    if pdf_dir is not None:
        pdf_dir.mkdir(parents=True, exist_ok=True)
        (pdf_dir / f"{path.stem}.pdf").write_bytes(_report_pdf(cat, doc, lang))
        note = f"{note} pdf written".strip()
    verdict = f"{result.overall.score:5.1f} {cat.band(result.overall.band).label}"
    return (verdict, note), result.to_json()


def _reading(cat: Catalogue, file: str, name: str) -> tuple[ExchangeDocument, str | None]:
    """A reading on the current catalogue; one answered on an older version is carried forward
    by the declared mapping, with a note; anything else stops with every problem found."""
    raw = Path(file).read_bytes()
    if raw.startswith(b"%PDF-"):  # a Due Regard report carries its assessment
        try:
            raw = extract_document_json(raw)
        except NotOurPdfError as exc:
            click.echo(f"{file}: {exc}", err=True)
            sys.exit(1)
    try:
        return read_document(cat, raw, file), None
    except ExchangeError as exc:
        problems = exc
    try:
        carried = carried_forward(load_library(ROOT), parse_document(raw, file), name)
    except ExchangeError:
        carried = None
    if carried is not None:
        return carried
    click.echo(f"{file}: not a valid assessment for {cat.id} {cat.version}:", err=True)
    click.echo(problems.describe(), err=True)
    sys.exit(1)


@click.command("consult")
@with_appcontext
@click.argument("ours", type=click.Path(exists=True, dir_okay=False))
@click.argument("theirs", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the gaps and agenda as JSON.")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), help="Write the brief PDF.")
@PDF_LANGUAGE
def consult_command(ours: str, theirs: str, as_json: bool, pdf_out: str | None, lang: str) -> None:
    """Hold two readings of one activity (OURS, THEIRS: exchange files or Due Regard report
    PDFs) against each other: perception gaps and the consultation agenda, as text or JSON,
    and optionally the consultation brief PDF."""
    cat = get_catalogue(language=lang)  # the brief's texts in the language of its PDF
    names = (Path(ours).name, Path(theirs).name)
    (ours_doc, ours_note), (theirs_doc, theirs_note) = (
        _reading(cat, ours, names[0]),
        _reading(cat, theirs, names[1]),
    )
    notes = tuple(n for n in (ours_note, theirs_note) if n)
    brief = build_brief(cat, ours_doc, theirs_doc, names, notes)
    if as_json:
        click.echo(json.dumps(consultation_json(brief), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(summary_lines(brief)))
    if pdf_out:
        job = consultation_brief_job(brief, date.today(), report_language(lang))
        Path(pdf_out).write_bytes(produce(job))
        click.echo(f"Wrote {pdf_out}", err=as_json)


@click.command("pdf-worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--max-jobs", type=int, default=None, help="Stop after this many renders.")
@with_appcontext
def pdf_worker_command(burst: bool, max_jobs: int | None) -> None:
    """Render queued PDFs: RQ jobs from REDIS_URL (any machine), else this machine's queue."""
    from assessment.web.pdf import spool

    config = current_app.config
    if config.get("REDIS_URL"):
        from assessment.web.pdf import redis_queue

        redis_queue.check()
        redis_queue.work(max_jobs=max_jobs, burst=burst)
        return
    idle = 1.0 if burst else float(config["PDF_POOL_IDLE_SECONDS"])
    spool.serve(
        config["PDF_CACHE_DIR"], config["PDF_RENDERERS"], config["PDF_TIME_LIMIT"], str(idle)
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(pdf_worker_command)
    app.cli.add_command(criteria_cli)
    app.cli.add_command(assess_command)
    app.cli.add_command(batch_command)
    app.cli.add_command(consult_command)
