"""pairings: an assessment held against another reading of the same activity

The other reading is a stored assessment (reached by its share link) or an imported document.

Revision ID: c0a7e1d2b913
Revises: 9a4b5c6d7e8f
Create Date: 2026-11-30 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0a7e1d2b913'
down_revision = "9a4b5c6d7e8f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pairing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=True),
    sa.Column('other_document', sa.JSON(), nullable=True),
    sa.Column('other_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_id'], ['assessment.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assessment_id', 'other_id', name='uq_pairing_other')
    )
    with op.batch_alter_table('pairing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairing_other_id'), ['other_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pairing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairing_other_id'))
        batch_op.drop_index(batch_op.f('ix_pairing_assessment_id'))
    op.drop_table('pairing')
