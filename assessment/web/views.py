"""Blueprints and error pages are registered here."""

from flask import Flask

from assessment.web import api, assessments, pages, reports, training

BLUEPRINTS = [pages.bp, assessments.bp, reports.bp, training.bp, api.bp, api.health_bp]


def init_app(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    pages.init_errors(app)

    @app.context_processor
    def _url_rules() -> dict[str, object]:
        return {"url_rules": set(app.view_functions)}
