"""The group report PDF of a training session: content, anonymity, access, cache, limits."""

import io
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from assessment.scenarios import allowed_options
from assessment.web.db import db
from assessment.web.library import get_catalogue
from assessment.web.pdf.attachment import (
    GROUP_ATTACHMENT_NAME,
    NotOurPdfError,
    extract_document_json,
)
from tests.app_helpers import csrf_from, make_app
from tests.web.training_helpers import SCENARIO, join, post_answers, start_session

COOKIE = "dr_participant_{}"
NOTES = "Room split on notice periods; revisit the HCoC channel next time."
PARTICIPANTS = 5


def text_of(data: bytes) -> str:
    """The PDF's text with whitespace runs (line breaks, zero-width spaces) made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(raw.replace("\u200b", "").split())


def answer_sets(app) -> list[dict[str, str]]:
    """The reference for everyone, with the first questions spread over their options."""
    with app.app_context():
        scenario = app.extensions["due_regard.scenarios"][SCENARIO]
        catalogue = get_catalogue()
        reference = {qid: ref.option for qid, ref in scenario.reference.items()}
        questions = [q for _, q in catalogue.applicable_questions(scenario.activity.kinds)]
    sets = []
    for i in range(PARTICIPANTS):
        answers = dict(reference)
        for j, q in enumerate(questions[:10]):
            options = allowed_options(q)
            if i < 3:  # two of five keep the reference: the majority view differs per question
                answers[q.id] = options[(i + j) % len(options)]
        sets.append(answers)
    return sets


def _app(tmp_path_factory, name: str, **extra):
    tmp = tmp_path_factory.mktemp(name)
    return make_app(tmp, f"sqlite:///{tmp / 'test.db'}", PDF_TIME_LIMIT=60, **extra)


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    app = _app(tmp_path_factory, "group")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def room(web) -> SimpleNamespace:
    """A session with five submissions and saved notes, its PDF downloaded once."""
    facilitator = web.test_client()
    session = start_session(facilitator)
    cookies = []
    for answers in answer_sets(web):
        participant = join(web, session.code)
        assert post_answers(participant, session.code, answers).status_code == 200
        cookies.append(participant.get_cookie(COOKIE.format(session.code), path="/training/"))
    csrf = csrf_from(facilitator.get(session.facilitator_url).text)
    saved = facilitator.post(
        f"{session.facilitator_url}/notes", data={"csrf_token": csrf, "notes": NOTES}
    )
    assert saved.status_code == 302
    response = facilitator.get(f"{session.facilitator_url}/report.pdf")
    assert response.status_code == 200, response.text
    export = facilitator.get(f"{session.facilitator_url}/export.json").json
    if os.environ.get("GROUP_REPORT_OUT"):  # to look at it: GROUP_REPORT_OUT=/tmp/group.pdf
        Path(os.environ["GROUP_REPORT_OUT"]).write_bytes(response.data)
    return SimpleNamespace(
        client=facilitator,
        session=session,
        response=response,
        text=text_of(response.data),
        cookies=[c.value for c in cookies if c is not None],
        export=export,
    )


def test_the_group_report_is_a_pdf_download_named_after_the_scenario(room):
    response = room.response
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="due-regard-')
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["ETag"]
    title = PdfReader(io.BytesIO(response.data)).metadata.title
    assert title.startswith(room.export["title"]) and "group report" in title


def test_it_holds_the_scenario_the_contested_questions_the_reference_and_notes(web, room):
    text = room.text
    with web.app_context():
        scenario = web.extensions["due_regard.scenarios"][SCENARIO]
    assert scenario.title in text
    assert "Fact sheet" in text and " ".join(scenario.fact_sheet[0].split()) in text
    assert "Discussion prompts" in text and scenario.prompts[0] in text
    most = room.export["questions"][0]  # the export lists the most contested first
    assert most["divergence"] > 0
    with web.app_context():
        question = get_catalogue().question(most["id"])
    assert f"1 {question.text}" in text
    assert f"Divergence {most['divergence']:.2f}" in text
    assert text.index(question.text) < text.index("Score distributions per criterion")
    assert "The group against the reference" in text
    assert scenario.reference[most["id"]].rationale in text
    assert "Debrief notes" in text and NOTES in text
    assert "debrief notes" in text.lower()


def test_no_participant_identifier_appears_in_the_pdf(room):
    assert len(room.cookies) == PARTICIPANTS
    raw = room.response.data
    for token in room.cookies:
        assert token not in room.text and token.encode() not in raw
    # Nor the facilitator's token or the join code: the report may be handed round the room.
    facilitator_token = room.session.facilitator_url.rstrip("/").rsplit("/", 1)[-1]
    assert facilitator_token not in room.text and facilitator_token.encode() not in raw
    assert room.session.code not in room.text


def test_the_etag_gives_304_and_a_new_submission_changes_it(web, room):
    url = f"{room.session.facilitator_url}/report.pdf"
    etag = room.response.headers["ETag"]
    again = room.client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    participant = join(web, room.session.code)
    assert post_answers(participant, room.session.code, answer_sets(web)[0]).status_code == 200
    changed = room.client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_dashboard_links_to_the_report(room):
    page = room.client.get(room.session.facilitator_url).text
    # The link names the facilitator's language, so the report matches the page it came from.
    assert f'href="{room.session.facilitator_url}/report.pdf?lang=en"' in page
    assert "Download group report (PDF)" in page


def test_with_two_submissions_the_aggregates_are_hidden(web):
    facilitator = web.test_client()
    session = start_session(facilitator)
    sets = answer_sets(web)
    participants = [join(web, session.code) for _ in range(2)]
    for participant, answers in zip(participants, sets, strict=False):
        assert post_answers(participant, session.code, answers).status_code == 200
    response = facilitator.get(f"{session.facilitator_url}/report.pdf")
    assert response.status_code == 200
    text = text_of(response.data)
    assert "The room's answers appear once at least 3 participants have submitted" in text
    assert "Divergence" not in text and "Score distributions" not in text
    assert "The group against the reference" not in text
    assert "Debrief notes" in text  # the ruled space is there all the same


def test_only_the_facilitator_token_reaches_the_report(web, room):
    code = room.session.code
    participant = join(web, code)
    cookie = participant.get_cookie(COOKIE.format(code), path="/training/")
    assert cookie is not None
    for credential in (code, code.lower(), cookie.value, "x" * 43, *room.cookies[:1]):
        assert participant.get(f"/training/f/{credential}/report.pdf").status_code == 404
    assert participant.get(f"{room.session.facilitator_url}x/report.pdf").status_code == 404


def test_the_report_route_is_rate_limited(tmp_path_factory):
    app = _app(tmp_path_factory, "limited", EXPENSIVE_RATE_LIMIT="2 per minute")
    client = app.test_client()
    statuses = [client.get("/training/f/nope/report.pdf").status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_group_report_carries_the_aggregates_and_import_says_what_it_is(room):
    attachments = PdfReader(io.BytesIO(room.response.data)).attachments
    assert list(attachments) == [GROUP_ATTACHMENT_NAME]
    data = json.loads(attachments[GROUP_ATTACHMENT_NAME][0])
    assert data["kind"] == "due-regard-group-report"
    assert data["aggregates"]["submitted"] == PARTICIPANTS
    raw = attachments[GROUP_ATTACHMENT_NAME][0].decode()
    for token in room.cookies:
        assert token not in raw
    with pytest.raises(NotOurPdfError, match="group report of a Due Regard training session"):
        extract_document_json(room.response.data)


def test_the_group_report_is_printed_in_the_language_asked_for(web, room):
    url = f"{room.session.facilitator_url}/report.pdf"
    refused = room.client.get(f"{url}?lang=xx")
    assert refused.status_code == 400
    assert "zh (中文), en (English), fr (Français)" in refused.text
    french = room.client.get(f"{url}?lang=fr")
    assert french.status_code == 200 and french.headers["ETag"] != room.response.headers["ETag"]
    text = text_of(french.data)
    with web.app_context():
        fr = get_catalogue(language="fr")
        scenario = web.extensions["due_regard.scenarios"][SCENARIO]
        titles = [c.title for c, _ in fr.sections(scenario.activity.kinds)]
    assert "Rapport de groupe" in text and "Group report" not in text
    assert any(title in text for title in titles)
