"""Forms of the consultation pages; each carries its CSRF token."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class LinkForm(FlaskForm):
    link = StringField(
        "The other reading's share link",
        validators=[DataRequired("paste the other reading's share link"), Length(max=500)],
    )


class UploadForm(FlaskForm):
    file = FileField(
        "Or its exchange file (JSON) or Due Regard PDF report",
        validators=[FileRequired("choose a file")],
    )


class UnpairForm(FlaskForm):
    pass
