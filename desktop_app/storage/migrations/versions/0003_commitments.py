"""Commitment signings, their scanned copies, employees and their counts, and office settings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 03:22:18.789249
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_setting'))
    )
    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('document_number', sa.String(length=50), nullable=False),
    sa.Column('representative_name', sa.String(length=100), nullable=False),
    sa.Column('representative_position', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('invalidated_on', sa.Date(), nullable=True),
    sa.Column('invalidated_reason', sa.Text(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], name=op.f('fk_commitment_business_id_business')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment'))
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index('ix_commitment_business_from', ['business_id', 'valid_from'], unique=False)

    op.create_table('employee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('id_number', sa.String(length=12), nullable=False),
    sa.Column('position', sa.String(length=100), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], name=op.f('fk_employee_business_id_business')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employee'))
    )
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employee_business_id'), ['business_id'], unique=False)

    op.create_table('employee_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('employees', sa.Integer(), nullable=False),
    sa.Column('signed', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], name=op.f('fk_employee_count_business_id_business')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employee_count'))
    )
    with op.batch_alter_table('employee_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employee_count_business_id'), ['business_id'], unique=False)

    op.create_table('commitment_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_commitment_attachment_commitment_id_commitment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_attachment'))
    )
    with op.batch_alter_table('commitment_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_attachment_commitment_id'), ['commitment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('commitment_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_attachment_commitment_id'))

    op.drop_table('commitment_attachment')
    with op.batch_alter_table('employee_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employee_count_business_id'))

    op.drop_table('employee_count')
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employee_business_id'))

    op.drop_table('employee')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index('ix_commitment_business_from')

    op.drop_table('commitment')
    op.drop_table('app_setting')
