"""Forms of the consultation pages; each carries its CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class LinkForm(FlaskForm):
    link = StringField(
        _l("The other reading’s share link"),
        validators=[
            DataRequired(_l("paste the other reading’s share link")),
            Length(max=500, message=_l("Up to %(max)d characters.")),
        ],
    )


class UploadForm(FlaskForm):
    file = FileField(
        _l("Or its exchange file (JSON) or Due Regard PDF report"),
        validators=[FileRequired(_l("choose a file"))],
    )


class UnpairForm(FlaskForm):
    pass
