"""Moving a stored assessment answered on an older catalogue version to the current one: the
declared mapping's changes are listed first, and nothing changes until the user accepts (POST)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import ngettext
from werkzeug.wrappers import Response as BaseResponse

from assessment.migration import ASK_AGAIN, Migration, VersionMapping, migrate
from assessment.web.assessments import store
from assessment.web.assessments.access import by_edit_token
from assessment.web.assessments.blueprint import bp
from assessment.web.assessments.forms import ConfirmForm
from assessment.web.assessments.models import Assessment
from assessment.web.library import get_catalogue, mapping_to_current


def _migration(row: Assessment) -> tuple[Migration, VersionMapping]:
    """What migrating this row would do (nothing saved), and the declared mapping."""
    mapping = mapping_to_current(row.catalogue_version)
    if mapping is None:
        abort(404)
    old, new = store.catalogue_of(row), get_catalogue()
    done = migrate(old, new, mapping, row.activity_model(), row.answer_models())
    return done, mapping


@bp.route("/a/<token>/migrate", methods=["GET", "POST"])
def migrate_offer(token: str) -> str | BaseResponse:
    row = by_edit_token(token)
    form = ConfirmForm()
    migration, mapping = _migration(row)
    if form.validate_on_submit():
        store.migrate(row, migration, None)
        flash(
            ngettext(
                "Moved to catalogue %(version)s. %(num)s question must be answered again.",
                "Moved to catalogue %(version)s. %(num)s questions must be answered again.",
                len(migration.to_ask),
                version=migration.to_version,
            ),
            "success",
        )
        return redirect(url_for(".review", token=token))
    return render_template(
        "assessments/migrate.html",
        row=row,
        form=form,
        migration=migration,
        mapping=mapping,
        ask_again=ASK_AGAIN,
        new=get_catalogue(),
        old=store.catalogue_of(row),
    )
