"""catalogue fingerprints: the content hash first served under each catalogue version, and the
hash each assessment was answered on

Revision ID: 7e2f9a1b3c4d
Revises: 3c1d2e4f5a6b
Create Date: 2026-11-30 00:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e2f9a1b3c4d'
down_revision = '3c1d2e4f5a6b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('catalogue_fingerprint',
    sa.Column('catalogue_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('catalogue_id', 'version')
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catalogue_hash', sa.String(length=64), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('catalogue_hash')
    op.drop_table('catalogue_fingerprint')
