"""The presenter migration gives every existing session its own presenter token."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from assessment.web.db import db
from assessment.web.factory import create_app

BEFORE = "8053eaa0be31"  # training sessions, before the presenter view


def test_existing_sessions_get_distinct_presenter_tokens_and_nothing_revealed(
    tmp_path, database_url
):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "migration-test-secret-0123456789-0123456789",
        }
    )
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            for n in range(3):
                connection.execute(
                    text(
                        "INSERT INTO training_session (facilitator_token, join_code, title, "
                        "catalogue_id, catalogue_version, activity, reference, fact_sheet, "
                        "prompts, debrief_notes, closed, created_at, join_expires_at) VALUES "
                        "(:token, :code, 't', 'c', '1', '{}', '{}', '[]', '[]', '', false, "
                        "'2026-11-30 00:00:00', '2026-12-01 00:00:00')"
                    ),
                    {"token": f"facilitator-{n}", "code": f"CODE{n}"},
                )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT facilitator_token, presenter_token, reveal_all FROM training_session")
            ).all()
        assert len(rows) == 3
        tokens = [r.presenter_token for r in rows]
        assert all(t and len(t) >= 32 for t in tokens) and len(set(tokens)) == 3
        assert not any(t == r.facilitator_token for t, r in zip(tokens, rows, strict=True))
        assert not any(r.reveal_all for r in rows)
        downgrade(revision="base")
        db.engine.dispose()
