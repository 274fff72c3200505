"""alerts: the source bulletin a warning relays (issuing agency, time it was issued)

Revision ID: 4c1e7a2b9d30
Revises: c4e1a7d93b20
Create Date: 2026-11-30 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4c1e7a2b9d30'
down_revision = 'c4e1a7d93b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_agency', sa.String(length=160), server_default='', nullable=False))
        batch_op.add_column(sa.Column('source_issued_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_column('source_issued_at')
        batch_op.drop_column('source_agency')
