"""rate-limit counters shared by every worker (fixed windows, keyed by a salted client hash)

Revision ID: 3c1d2e4f5a6b
Revises: 3c1e5a7b9d20
Create Date: 2026-11-30 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1d2e4f5a6b'
down_revision = '3c1e5a7b9d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_limit_counter',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counter_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counter_expires_at'))
    op.drop_table('rate_limit_counter')
