"""alerts: one published successor per message; who wrote and who asked for approval

Revision ID: c4e1a7d93b20
Revises: 155d542e67ba
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1a7d93b20'
down_revision = '155d542e67ba'
branch_labels = None
depends_on = None


def _chain_duplicate_successors():
    """Before the unique index: where a race left several published successors of one message,
    chain them in the order they were sent (A ← U1 ← U2), so the last one sent stays the live
    one and every message is kept."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, references_id FROM alerts WHERE sent IS NOT NULL AND references_id IS NOT NULL "
        "ORDER BY references_id, sent, id")).all()
    previous = {}
    for alert_id, references_id in rows:
        if references_id in previous:
            bind.execute(sa.text("UPDATE alerts SET references_id = :prev WHERE id = :id"),
                         {"prev": previous[references_id], "id": alert_id})
        previous[references_id] = alert_id


def upgrade():
    _chain_duplicate_successors()
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('submitted_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_alerts_updated_by_id_users'), 'users',
                                    ['updated_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_alerts_submitted_by_id_users'), 'users',
                                    ['submitted_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('uq_alerts_one_published_successor', ['references_id'], unique=True,
                              sqlite_where=sa.text('sent IS NOT NULL'),
                              postgresql_where=sa.text('sent IS NOT NULL'))


def downgrade():
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('uq_alerts_one_published_successor',
                            sqlite_where=sa.text('sent IS NOT NULL'),
                            postgresql_where=sa.text('sent IS NOT NULL'))
        batch_op.drop_constraint(batch_op.f('fk_alerts_submitted_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_alerts_updated_by_id_users'), type_='foreignkey')
        batch_op.drop_column('submitted_by_id')
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('updated_by_id')
