"""A pseudo-locale run: every interface string on every page comes from the message catalogue.

The pseudo-locale is built here from translations/messages.pot: each message becomes
"⟦àççéñţéđ⟧" text, placeholders and markup kept. A page shown in it must then have no plain
English left outside what is not interface text: the user's own text, catalogue content
(criteria, questions, options: translated with the catalogue, issue 15 item 2), training
scenarios (translated with them), text marked lang="en" (the UNIDIR citation, the method text,
seed quotes), codes and addresses, and the partials shared with the PDF report
(templates/_report/), which the report work converts.
A string not marked for translation shows up here as plain English and fails the test.
"""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import ChoiceLoader, FileSystemLoader
from sqlalchemy.exc import OperationalError

from assessment.exchange import dump_document
from assessment.versions import KNOWN_VERSIONS
from assessment.web import errors
from assessment.web.db import db
from assessment.web.i18n import COOKIE, LANGUAGES, TRANSLATIONS_DIR, Language
from assessment.web.library import get_catalogue, get_scenarios, mapping_to_current
from assessment.web.pdf import download
from tests.app_helpers import csrf_from, make_app
from tests.consultation_helpers import acting_state, affected_state
from tests.core_helpers import ROOT
from tests.web.helpers import ACTIVITY, create, create_at_step, step_data
from tests.web.training_helpers import join, post_answers, start_session

PSEUDO = "eo"  # a CLDR locale this app does not ship, standing in for the pseudo-locale
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACCENTED = "àƀçđéƒĝĥîĵķľɱñôƥǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĽṀÑÔƤǪŔŠŢÛṼŴẊÝŽ"
KEEP = re.compile(r"(%\([a-z_]+\)[sd]|%%|<[^>]+>|&[a-z]+;)")
PSEUDO_TEXT = re.compile(r"⟦.*?⟧", re.S)
ENGLISH_LETTER = re.compile(r"[A-Za-z]")
# Names that stay as they are in every language.
PROPER = ("Due Regard", "A4")
# Elements whose text is not this session's interface text (see the module docstring).
SKIPPED = {
    ("*", "user-text"),
    ("*", "share-link"),
    ("*", "method-text"),
    ("svg", "criteria-chart"),  # _criteria_chart.html
}
ATTRIBUTES = ("aria-label", "title", "placeholder", "data-label", "alt")


def pseudo(text: str) -> str:
    table = str.maketrans(ASCII, ACCENTED)
    parts = KEEP.split(text)
    return "⟦" + "".join(p if KEEP.fullmatch(p) else p.translate(table) for p in parts) + "⟧"


def write_pseudo_catalogue(folder: Path) -> None:
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    catalogue = Catalog(locale=PSEUDO)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            catalogue.add(message.id, tuple(pseudo(form) for form in message.id))
        else:
            catalogue.add(message.id, pseudo(message.id))
    target = folder / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)


class TextCollector(HTMLParser):
    """Visible text and labelling attributes, outside the skipped elements."""

    VOID = {"br", "img", "input", "link", "meta", "hr", "source", "col", "area", "base", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its content skipped?
        self.found: list[str] = []

    def skipping(self) -> bool:
        return bool(self.stack and self.stack[-1])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        other_language = values.get("lang") not in (None, PSEUDO)
        not_words = values.get("translate") == "no"  # ids, codes, addresses
        skip = (
            self.skipping()
            or tag in ("script", "style", "textarea", "time")  # <time>: CLDR month names
            or other_language
            or not_words
            or any(t in ("*", tag) and c in classes for t, c in SKIPPED)
            or (tag == "option" and values.get("value") == "a4")
        )
        if not skip:
            self.found += [values[a] or "" for a in ATTRIBUTES if a in values]
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping() and data.strip():
            self.found.append(data.strip())


def catalogue_texts(app: Flask) -> list[str]:
    """Every text in the catalogue (labels, questions, guidance, sources), longest first."""
    texts: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in ("id", "colour") and len(value) > 1:
            texts.add(value)

    with app.app_context():
        for version in KNOWN_VERSIONS:  # the migration page shows the old version's too
            walk(get_catalogue(version).model_dump())
        mapping = mapping_to_current("1.0.0")
        assert mapping is not None
        walk(mapping.model_dump())  # its notes, data like the catalogue
    return sorted(texts, key=len, reverse=True)


def scenario_texts(app: Flask) -> list[str]:
    """Every text of the training scenarios (translated with the catalogue), longest first."""
    texts: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in ("id", "option") and len(value) > 1:
            texts.add(value)

    with app.app_context():
        for scenario in get_scenarios().values():
            walk(scenario.model_dump())
    return sorted(texts, key=len, reverse=True)


def untranslated(html: str, allowed: list[str]) -> list[str]:
    collector = TextCollector()
    collector.feed(html)
    left = []
    for text in collector.found:
        rest = PSEUDO_TEXT.sub(" ", text)
        for known in (*allowed, *PROPER):
            rest = rest.replace(known, " ")
        if ENGLISH_LETTER.search(rest):
            left.append(text)
    return left


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    write_pseudo_catalogue(tmp_path / "pseudo")
    app = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'pseudo.db'}",
        BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "pseudo"),
        LANGUAGES=(*LANGUAGES, Language(PSEUDO, PSEUDO, "⟦Ƥšéûđô⟧", "ltr")),
        TRAINING_JOIN_FAILURES=3,  # the last page visited is the 429 of a locked-out client
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    client = app.test_client()
    client.set_cookie(COOKIE, PSEUDO)
    return client


def pseudo_client(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.set_cookie(COOKIE, PSEUDO)
    return client


def visit_every_page(app: Flask, client: FlaskClient) -> Iterator[tuple[str, str]]:
    """(what, html) for each page and state the app can show."""
    yield from visit_assessment_pages(client)
    yield from visit_consultation_pages(app, client)
    yield from visit_training_pages(app, client)
    yield from visit_error_pages(app, client)


def visit_assessment_pages(client: FlaskClient) -> Iterator[tuple[str, str]]:
    yield "home, empty", client.get("/").text
    yield "home, search without hits", client.get("/?q=zzz").text
    page = client.get("/new")
    yield "new", page.text
    yield "new, refused", client.post("/new", data={"csrf_token": csrf_from(page.text)}).text
    yield "compare, too few", client.get("/compare").text
    token, step = create_at_step(client)
    yield "step, after the flash", client.get(step).text
    data = step_data(client, token, step.rsplit("/", 1)[1])
    saved = client.post(step, data={**data, "action": "save"}, follow_redirects=True)
    yield "step, saved", saved.text
    forged = client.post(step, data={**data, "zz_forged": "1"})
    yield "step, forged", forged.text
    yield "describe", client.get(f"/a/{token}/describe").text
    yield "review, draft", client.get(f"/a/{token}/review").text
    yield "result, draft", client.get(f"/a/{token}/result").text
    share = client.get(f"/a/{token}/result").text.split("/s/")[1].split('"')[0].split("<")[0]
    yield "result, shared", client.get(f"/s/{share}").text
    other = create(client, title="Second plan")
    yield "compare, two", client.get(f"/compare?t={token}&t={other}").text
    yield "compare, pick", client.get("/compare").text
    yield "delete", client.get(f"/a/{other}/delete").text
    home = client.get("/")
    yield "home, listed", home.text
    yield "import, refused", upload(client, "/import", home.text, b"{").text
    old = upload(client, "/import", home.text, (ROOT / "tests/data/v1/destructive_test.json"))
    assert old.status_code == 302, old.text
    yield "migration", client.get(old.location.replace("/result", "") + "/migrate").text
    yield "method", client.get("/method").text


def upload(client: FlaskClient, url: str, page: str, content: bytes | str | Path):
    body = content.read_bytes() if isinstance(content, Path) else content
    body = body.encode() if isinstance(body, str) else body
    return client.post(
        url,
        data={"csrf_token": csrf_from(page), "file": (BytesIO(body), "x.json")},
        content_type="multipart/form-data",
    )


def visit_consultation_pages(app: Flask, client: FlaskClient) -> Iterator[tuple[str, str]]:
    with app.app_context():
        catalogue = get_catalogue()
        ours = acting_state(catalogue)
        theirs = dump_document(affected_state(catalogue, ours))
    home = client.get("/")
    mine = upload(client, "/import", home.text, dump_document(ours))
    assert mine.status_code == 302, mine.text
    token = mine.location.split("/")[2]
    index = client.get(f"/a/{token}/consultations")
    yield "consultations, none", index.text
    refused = client.post(
        f"/a/{token}/consultations/link",
        data={"csrf_token": csrf_from(index.text), "link": "http://localhost/a/x/result"},
    )
    yield "consultations, edit link refused", refused.text
    bad = upload(client, f"/a/{token}/consultations/import", index.text, b"{")
    yield "consultations, import errors", bad.text
    paired = upload(client, f"/a/{token}/consultations/import", index.text, theirs)
    assert paired.status_code == 302, paired.text
    yield "consultation", client.get(paired.location).text
    yield "consultations, listed", client.get(f"/a/{token}/consultations").text


def visit_training_pages(app: Flask, facilitator: FlaskClient) -> Iterator[tuple[str, str]]:
    yield "training index", facilitator.get("/training/").text
    session = start_session(facilitator)
    yield "training dashboard, new session", facilitator.get(session.facilitator_url).text
    yield "training dashboard, empty", facilitator.get(session.facilitator_url).text
    code = session.code
    participant = pseudo_client(app)
    page = participant.get(f"/training/join/{code}")
    yield "training join", page.text
    wrong = participant.post(
        "/training/join", data={"csrf_token": csrf_from(page.text), "code": "WRONG999"}
    )
    yield "training join, wrong code", wrong.text
    join(app, code, participant)
    yield "training answer, fresh", participant.get(f"/training/r/{code}").text
    with app.app_context():
        reference = get_scenarios()["launch_notified"].reference_options()
    some = dict(list(reference.items())[:2])
    page = participant.get(f"/training/r/{code}").text
    fields = {f"q_{qid}": option for qid, option in some.items()}
    draft = participant.post(
        f"/training/r/{code}/save", data={"csrf_token": csrf_from(page), **fields}
    )
    yield "training answer, draft saved", participant.get(draft.location).text
    gaps = post_answers(participant, code, some, as_json=False, partial=False)
    yield "training answer, gaps to confirm", gaps.text
    sent = post_answers(participant, code, reference, as_json=False)
    yield "training answer, thanks", participant.get(sent.location).text
    for _ in range(3):
        other = join(app, code, pseudo_client(app))
        assert post_answers(other, code, some).status_code == 200
    dashboard = facilitator.get(session.facilitator_url)
    yield "training dashboard, answers in", dashboard.text
    yield (
        "training dashboard, live",
        facilitator.get(session.facilitator_url + "/live.json").json["html"],
    )
    question = next(iter(reference))
    revealed = facilitator.post(
        session.facilitator_url + "/reveal",
        data={"csrf_token": csrf_from(dashboard.text), "question": question, "reveal": "1"},
    )
    yield "training dashboard, revealed", facilitator.get(revealed.location).text
    presenter = dashboard.text.split('id="presenter-link"')[0].rsplit('href="', 1)[1]
    presenter = presenter.split('"')[0].replace("&amp;", "&")
    path, query = presenter.split("://", 1)[-1].split("/", 1)[-1].split("?")
    screens = [f"/{path}?{query}", f"/{path}/q/{question}?{query}", f"/{path}/end?{query}"]
    for screen in screens:
        yield f"presenter {screen.rsplit('/', 1)[-1]}", facilitator.get(screen).text
    closed = facilitator.post(
        session.facilitator_url + "/close", data={"csrf_token": csrf_from(dashboard.text)}
    )
    yield "training dashboard, closed", facilitator.get(closed.location).text
    yield "training answer, closed", participant.get(f"/training/r/{code}").text
    late = pseudo_client(app)
    page = late.get(f"/training/join/{code}")
    closed_join = late.post(
        "/training/join", data={"csrf_token": csrf_from(page.text), "code": code}
    )
    yield "training join, closed", closed_join.text
    for export in ("export.json", "export.csv"):  # data, in no language: ids only
        assert "⟦" not in facilitator.get(f"{session.facilitator_url}/{export}").text


def visit_error_pages(app: Flask, client: FlaskClient) -> Iterator[tuple[str, str]]:
    yield "not found", client.get("/no/such/page").text
    yield "bad request", client.post("/training/sessions", data={}).text
    big = client.post("/new", data={"description": "x" * (3 * 1024 * 1024)})
    assert big.status_code == 413
    yield "too large", big.text
    headers = {"Cookie": f"{COOKIE}={PSEUDO}"}
    with app.test_request_context("/a/x/step/destruction", method="POST", headers=headers):
        for full in (False, True):
            waiting = download._waiting_page(202, 5, full=full)
            yield f"PDF waiting, full={full}", waiting.get_data(as_text=True)
        for reason in ("database is locked", "attempt to write a readonly database"):
            failed = errors._database_unavailable(OperationalError("UPDATE", {}, Exception(reason)))
            yield f"database error: {reason}", failed.get_data(as_text=True)
    for n in range(3):  # the join limit of the pseudo app: the next wrong code is refused
        client.get(f"/training/r/WRONG{n:03d}")
    locked = client.get("/training/r/WRONG999")
    assert locked.status_code == 429
    yield "too many requests", locked.text


def test_no_untranslated_string_on_any_page(app, client):
    known = [*catalogue_texts(app), *scenario_texts(app), ACTIVITY["title"], "Second plan"]
    allowed = sorted(known, key=len, reverse=True)  # a long text before any text inside it
    problems = {}
    pages = 0
    for what, html in visit_every_page(app, client):
        pages += 1
        assert "⟦" in html, f"{what}: the pseudo-locale is not in use"
        left = untranslated(html, allowed)
        if left:
            problems[what] = left
    assert pages >= 50
    assert problems == {}, "\n".join(f"{what}: {left}" for what, left in problems.items())


def test_an_english_string_left_in_a_training_template_fails_the_run(app, client, tmp_path):
    """The run over the training pages sees a string whose _() was forgotten."""
    original = (ROOT / "templates/training/join.html").read_text(encoding="utf-8")
    marked = "{{ _('Join a training session') }}"
    assert marked in original
    folder = tmp_path / "templates" / "training"
    folder.mkdir(parents=True)
    (folder / "join.html").write_text(original.replace(marked, "Join a training session"))
    app.jinja_env.loader = ChoiceLoader(
        [FileSystemLoader(tmp_path / "templates"), app.jinja_loader]
    )
    allowed = sorted([*catalogue_texts(app), *scenario_texts(app)], key=len, reverse=True)
    found = {what: untranslated(html, allowed) for what, html in visit_training_pages(app, client)}
    assert found["training join"] == ["Join a training session"]
    assert found["training index"] == []


def test_the_pseudo_run_catches_a_string_left_in_english(app):
    html = (
        '<main><p>⟦Ŝàṽé⟧</p><p>Plain English here</p><p class="user-text">Mine</p>'
        '<span lang="en">Due Regard</span><button aria-label="Close">×</button></main>'
    )
    assert untranslated(html, catalogue_texts(app)) == ["Plain English here", "Close"]
