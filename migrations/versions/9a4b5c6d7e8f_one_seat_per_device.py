"""one seat per device: the session's rule and each seat's keyed device hash

Revision ID: 9a4b5c6d7e8f
Revises: 7e2f9a1b3c4d
Create Date: 2026-11-30 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a4b5c6d7e8f'
down_revision = '7e2f9a1b3c4d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('one_per_device', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('training_participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_training_participant_device_hash'), ['device_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('training_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_participant_device_hash'))
        batch_op.drop_column('device_hash')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_column('one_per_device')
