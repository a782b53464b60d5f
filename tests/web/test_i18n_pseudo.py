"""A pseudo-locale run: every interface string on the converted pages comes from the catalogue.

The pseudo-locale is built here from translations/messages.pot: each message becomes
"⟦àççéñţéđ⟧" text, placeholders and markup kept. A page shown in it must then have no plain
English left outside what is not interface text: the user's own text, catalogue content
(criteria, questions, options: translated with the catalogue, issue 15 item 2), text marked
lang="en" (the UNIDIR citation, the method text, seed quotes) and the partials shared with the
PDF report (templates/_report/, _criteria_chart.html), which the report work converts.
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

from assessment.web.db import db
from assessment.web.i18n import COOKIE, LANGUAGES, TRANSLATIONS_DIR, Language
from assessment.web.library import get_catalogue
from tests.app_helpers import csrf_from, make_app
from tests.web.helpers import ACTIVITY, create, create_at_step, step_data

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
    ("dl", "activity-details"),  # _report/findings.html
    ("ul", "red-lines"),  # _report/findings.html
    ("p", "small"),  # _report/findings.html: the uncapped score under the red lines
    ("div", "action-plan"),  # _report/findings.html, wrapped in result.html
    ("div", "question"),  # _report/findings.html answer lines (steps use <section>)
    ("svg", "criteria-chart"),  # _criteria_chart.html
    ("section", "path-to-band"),  # _report/path.html (issue 13), shared with the PDF
    # method 2.0 partials in templates/_report/ (issue 10), converted with the report work
    ("div", "headline"),  # _report/headline.html
    ("p", "version-notice"),  # _report/version_notice.html
    ("section", "possible-red-lines"),  # _report/possible_red_lines.html
    ("section", "context-panel"),  # _report/context.html
    ("section", "norms-cited"),  # _report/norms_section.html
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
        skip = (
            self.skipping()
            or tag in ("script", "style", "textarea", "time")  # <time>: CLDR month names
            or other_language
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
        walk(get_catalogue().model_dump())
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


def visit_every_converted_page(client: FlaskClient) -> Iterator[tuple[str, str]]:
    """(what, html) for each page and state the converted templates can show."""
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
    bad = client.post(
        "/import",
        data={
            "csrf_token": csrf_from(home.text),
            "file": (BytesIO(b"{"), "x.json"),
        },
        content_type="multipart/form-data",
    )
    yield "import, refused", bad.text
    yield "not found", client.get("/no/such/page").text
    yield "method", client.get("/method").text


def test_no_untranslated_string_on_any_converted_page(app, client):
    allowed = [*catalogue_texts(app), ACTIVITY["title"], "Second plan"]
    problems = {}
    pages = 0
    for what, html in visit_every_converted_page(client):
        pages += 1
        assert "⟦" in html, f"{what}: the pseudo-locale is not in use"
        left = untranslated(html, allowed)
        if left:
            problems[what] = left
    assert pages >= 18
    assert problems == {}


def test_the_pseudo_run_catches_a_string_left_in_english(app):
    html = (
        '<main><p>⟦Ŝàṽé⟧</p><p>Plain English here</p><p class="user-text">Mine</p>'
        '<span lang="en">Due Regard</span><button aria-label="Close">×</button></main>'
    )
    assert untranslated(html, catalogue_texts(app)) == ["Plain English here", "Close"]
