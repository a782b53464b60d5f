"""training presenter view: a read-only presenter token and the reveal state of reference answers

Existing sessions get a fresh presenter token each, so the column can be unique and not null.

Revision ID: 3c1e5a7b9d20
Revises: 8053eaa0be31
Create Date: 2026-11-30 00:30:00.000000

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c1e5a7b9d20"
down_revision = "8053eaa0be31"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("presenter_token", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("reveal_all", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("revealed", sa.JSON(), nullable=False, server_default="[]")
        )
    sessions = sa.table("training_session", sa.column("id", sa.Integer), sa.column("presenter_token", sa.String))
    connection = op.get_bind()
    for (session_id,) in connection.execute(sa.select(sessions.c.id)).all():
        connection.execute(
            sessions.update()
            .where(sessions.c.id == session_id)
            .values(presenter_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.alter_column("presenter_token", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("reveal_all", server_default=None)
        batch_op.alter_column("revealed", server_default=None)
        batch_op.create_index(
            batch_op.f("ix_training_session_presenter_token"), ["presenter_token"], unique=True
        )


def downgrade():
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_session_presenter_token"))
        batch_op.drop_column("revealed")
        batch_op.drop_column("reveal_all")
        batch_op.drop_column("presenter_token")
