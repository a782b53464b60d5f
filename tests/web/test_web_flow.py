"""The whole questionnaire path through the Flask test client, on SQLite and PostgreSQL."""

import io
import json

from assessment.web.assessments.models import Assessment
from assessment.web.config import ROOT
from assessment.web.db import db
from assessment.web.library import get_catalogue
from tests.app_helpers import csrf_from
from tests.web.helpers import ACTIVITY, answer_all, best, create, share_token_of, step_data, worst

KINDS = ACTIVITY["kinds"]


def stored(app, token: str) -> Assessment:
    with app.app_context():
        return db.session.scalar(db.select(Assessment).filter_by(edit_token=token))


def test_create_answer_and_see_the_result(app, client):
    token = create(client)
    with app.app_context():
        catalogue = get_catalogue()
    answer_all(client, catalogue, token, KINDS, best)
    page = client.get(f"/a/{token}/result")
    assert page.status_code == 200
    assert "Responsible" in page.text
    assert "Draft:" not in page.text
    assert "100<span" in page.text
    row = stored(app, token)
    assert len(row.answers) == len(catalogue.applicable_questions(KINDS))
    assert row.catalogue_version == catalogue.version


def test_a_poor_activity_is_flagged_with_recommendations(app, client):
    token = create(client)
    with app.app_context():
        catalogue = get_catalogue()
    answer_all(client, catalogue, token, KINDS, worst)
    page = client.get(f"/a/{token}/result").text
    assert "Red lines crossed" in page
    assert "Irresponsible" in page
    first = next(q for _, q in catalogue.applicable_questions(KINDS))
    assert first.recommendations[worst(first)].actor[:40] in page


def test_home_lists_assessments_made_in_this_browser(client):
    create(client, title="First plan")
    create(client, title="Second plan")
    page = client.get("/").text
    assert page.index("Second plan") < page.index("First plan")
    other_browser = client.application.test_client()
    assert "First plan" not in other_browser.get("/").text


def test_wrong_tokens_are_404(client):
    token = create(client)
    assert client.get(f"/a/{token}x/result").status_code == 404
    assert client.get("/s/nothing-here").status_code == 404
    assert client.get(f"/a/{'x' * 500}/result").status_code == 404


def test_share_link_is_read_only(app, client):
    token = create(client)
    share = stored(app, token).share_token
    page = client.get(f"/s/{share}")
    assert page.status_code == 200
    assert "read-only" in page.text
    assert token not in page.text
    assert client.get(f"/a/{share}/result").status_code == 404


def test_wrong_option_value_is_refused_and_nothing_saved(app, client):
    token = create(client)
    data = step_data(client, token, "destruction")
    with app.app_context():
        catalogue = get_catalogue()
    first = next(q for q in catalogue.criteria[0].questions if q.applies(KINDS))
    response = client.post(
        f"/a/{token}/step/{catalogue.criteria[0].id}",
        data={**data, f"q_{first.id}": "definitely_not_an_option", "action": "next"},
    )
    assert response.status_code == 400
    assert "Not a valid choice" in response.text
    assert stored(app, token).answers == {}


def test_forged_fields_are_refused(app, client):
    token = create(client)
    data = step_data(client, token, "destruction")
    response = client.post(
        f"/a/{token}/step/destruction", data={**data, "q_some_other_question": "yes"}
    )
    assert response.status_code == 400
    assert "unexpected fields" in response.text
    assert stored(app, token).answers == {}


def test_oversized_justification_is_refused_and_kept_on_screen(app, client):
    token = create(client)
    with app.app_context():
        first = next(q for q in get_catalogue().criteria[0].questions if q.applies(KINDS))
    data = step_data(client, token, "destruction")
    data.update({f"q_{first.id}": best(first), f"j_{first.id}": "long " * 1000})
    response = client.post(f"/a/{token}/step/destruction", data=data)
    assert response.status_code == 400
    assert "long long long" in response.text
    assert stored(app, token).answers == {}


def test_expired_csrf_keeps_the_users_answers_on_screen(app, client):
    token = create(client)
    with app.app_context():
        first = next(q for q in get_catalogue().criteria[0].questions if q.applies(KINDS))
    data = step_data(client, token, "destruction")
    data.update({"csrf_token": "expired", f"j_{first.id}": "My careful reasoning"})
    response = client.post(f"/a/{token}/step/destruction", data=data)
    assert response.status_code == 400
    assert "session expired" in response.text
    assert "My careful reasoning" in response.text
    assert csrf_from(response.text) != "expired"


def test_two_tabs_get_a_conflict_not_a_silent_overwrite(app, client):
    token = create(client)
    with app.app_context():
        first = next(q for q in get_catalogue().criteria[0].questions if q.applies(KINDS))
    tab_one = step_data(client, token, "destruction")
    tab_two = dict(tab_one)
    saved = client.post(
        f"/a/{token}/step/destruction",
        data={**tab_one, f"q_{first.id}": best(first), f"j_{first.id}": "tab one"},
    )
    assert saved.status_code == 302
    stale = client.post(
        f"/a/{token}/step/destruction",
        data={**tab_two, f"q_{first.id}": worst(first), f"j_{first.id}": "tab two"},
    )
    assert stale.status_code == 409
    assert "changed elsewhere" in stale.text
    assert "tab two" in stale.text
    assert stored(app, token).answers[first.id]["justification"] == "tab one"


def test_autosave_returns_json_and_the_new_revision(app, client):
    token = create(client)
    with app.app_context():
        first = next(q for q in get_catalogue().criteria[0].questions if q.applies(KINDS))
    data = step_data(client, token, "destruction")
    response = client.post(
        f"/a/{token}/step/destruction",
        data={**data, f"q_{first.id}": best(first), "autosave": "1"},
    )
    assert response.status_code == 200
    assert response.json["revision"] == int(data["revision"]) + 1
    assert stored(app, token).answers[first.id]["option"] == best(first)


def test_user_text_is_escaped_everywhere(app, client):
    hostile = '<script>alert(1)</script><img src="file:///etc/passwd">'
    token = create(client, title=hostile, actor=hostile, description=hostile)
    for path in (f"/a/{token}/result", f"/a/{token}/review", "/"):
        page = client.get(path).text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_request_size_limit(client):
    page = client.get("/new")
    response = client.post(
        "/new", data={"csrf_token": csrf_from(page.text), "description": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413


def test_missing_csrf_on_create_is_refused(app, client):
    response = client.post("/new", data={**{k: v for k, v in ACTIVITY.items()}})
    assert response.status_code == 400  # refused (issue 11), the entries shown back
    assert "session expired" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Assessment.id))) == 0


def test_describe_refuses_unknown_kinds(app, client):
    page = client.get("/new")
    response = client.post(
        "/new", data={**ACTIVITY, "kinds": ["warp_drive"], "csrf_token": csrf_from(page.text)}
    )
    assert "Not a valid choice" in response.text or "not a valid choice" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Assessment.id))) == 0


def test_duplicate_rename_delete(app, client):
    token = create(client)
    result = client.get(f"/a/{token}/result")
    csrf = csrf_from(result.text)
    copy = client.post(f"/a/{token}/duplicate", data={"csrf_token": csrf})
    copy_token = copy.headers["Location"].split("/")[2]
    assert copy_token != token
    assert stored(app, copy_token).title.startswith("Copy of")
    renamed = client.post(f"/a/{copy_token}/rename", data={"csrf_token": csrf, "title": "Notified"})
    assert renamed.status_code == 302
    assert stored(app, copy_token).title == "Notified"
    confirm = client.get(f"/a/{copy_token}/delete")
    assert "cannot be undone" in confirm.text
    gone = client.post(f"/a/{copy_token}/delete", data={"csrf_token": csrf_from(confirm.text)})
    assert gone.status_code == 302
    assert client.get(f"/a/{copy_token}/result").status_code == 404
    assert stored(app, token) is not None


def test_export_then_import_restores_the_same_assessment(app, client):
    token = create(client)
    with app.app_context():
        catalogue = get_catalogue()
    answer_all(client, catalogue, token, KINDS, best)
    exported = client.get(f"/a/{token}/export.json")
    document = json.loads(exported.data)
    assert document["format"] == "due-regard/assessment"
    home = client.get("/")
    imported = client.post(
        "/import",
        data={
            "csrf_token": csrf_from(home.text),
            "file": (io.BytesIO(exported.data), "a.json"),
        },
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302
    new_token = imported.headers["Location"].split("/")[2]
    again = client.get(f"/a/{new_token}/export.json")
    assert json.loads(again.data) == document


def test_import_lists_every_error_and_saves_nothing(app, client):
    bad = {
        "format": "due-regard/assessment",
        "format_version": 1,
        "catalogue": {"id": "due_regard", "version": "1.0.0"},
        "activity": {"title": "x", "actor": "y", "kinds": ["rpo"]},
        "answers": {"no_such_question": {"option": "a"}, "another_fake": {"option": "b"}},
    }
    home = client.get("/")
    response = client.post(
        "/import",
        data={
            "csrf_token": csrf_from(home.text),
            "file": (io.BytesIO(json.dumps(bad).encode()), "bad.json"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "no_such_question" in response.text and "another_fake" in response.text
    assert "Nothing was saved" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Assessment.id))) == 0


def test_compare_shows_scores_side_by_side_and_differences(app, client):
    with app.app_context():
        catalogue = get_catalogue()
    good = create(client, title="Notified plan")
    answer_all(client, catalogue, good, KINDS, best)
    bad = create(client, title="Unannounced plan")
    answer_all(client, catalogue, bad, KINDS, worst)
    page = client.get(f"/compare?t={share_token_of(client, good)}&t={share_token_of(client, bad)}")
    assert page.status_code == 200
    assert "Notified plan" in page.text and "Unannounced plan" in page.text
    assert "Answers that differ" in page.text
    assert page.text.count('class="diff"') >= 5


def test_home_search_filters_by_title_and_treats_wildcards_literally(client):
    create(client, title="Notified launch")
    create(client, title="Unannounced approach")
    create(client, title="100% consensual")
    page = client.get("/?q=launch").text
    assert "Notified launch" in page and "Unannounced approach" not in page
    assert "100% consensual" in client.get("/?q=100%25").text
    assert "Notified launch" not in client.get("/?q=%25").text
    assert "No assessment here has" in client.get("/?q=zzz").text


def test_phase_is_recorded_and_a_self_assessment_is_not_offered_unknown_for_its_own_facts(
    app, client
):
    token = create(client, phase="proposed")
    row = stored(app, token)
    assert row.activity["phase"] == "proposed" and row.activity["perspective"] == "own"
    page = client.get(f"/a/{token}/step/destruction").text
    # deliberate_destruction is a fact the actor controls: no "unknown" for its own activity
    assert 'name="q_deliberate_destruction" value="unknown"' not in page
    assert 'name="q_crewed_station_effect" value="unknown"' in page


def test_home_list_leads_with_the_result_the_result_page_gives(client):
    """An assessment whose facts do not support a band reads "Insufficient information" on the
    home list too, with its range, never the band its conduct score alone would fall in."""
    example = ROOT / "examples" / "unannounced_approach.json"
    home = client.get("/")
    imported = client.post(
        "/import",
        data={
            "csrf_token": csrf_from(home.text),
            "file": (io.BytesIO(example.read_bytes()), "a.json"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Insufficient information" in imported.text
    row = client.get("/").text.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    assert "Insufficient information" in row
    assert "between “Irresponsible” and “Serious concerns”" in row
