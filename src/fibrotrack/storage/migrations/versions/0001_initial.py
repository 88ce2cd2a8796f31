"""The first schema: person, observation, treatment, assessment, triage_event, experiment.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from fibrotrack.storage.types import JSONType, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _person_fk() -> sa.Column:
    return sa.Column(
        "person_id", sa.Integer, sa.ForeignKey("person.id", name=None, ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("birth_year", sa.Integer),
        sa.Column("sex", sa.String(20)),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("name", name="uq_person_name"),
    )
    op.create_table(
        "observation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE",
                                                         name="fk_observation_person_id_person"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("trackable", sa.String(80), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("body_site", sa.String(40)),
        sa.Column("detail", JSONType, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("source_id", sa.String(120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime()),
        sa.UniqueConstraint("person_id", "source", "source_id", name="uq_observation_person_source_source_id"),
    )
    op.create_index("ix_observation_person_date", "observation", ["person_id", "local_date"])
    op.create_table(
        "treatment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE",
                                                         name="fk_treatment_person_id_person"), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("dose", sa.String(120)),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("stopped_on", sa.Date),
        sa.Column("reason", sa.Text),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime()),
    )
    op.create_index("ix_treatment_person_id", "treatment", ["person_id"])
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE",
                                                         name="fk_assessment_person_id_person"), nullable=False),
        sa.Column("instrument", sa.String(40), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.Column("answers", JSONType, nullable=False),
        sa.Column("result", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_assessment_person_id", "assessment", ["person_id"])
    op.create_table(
        "triage_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE",
                                                         name="fk_triage_event_person_id_person"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("input_summary", JSONType, nullable=False),
        sa.Column("urgency", sa.String(20), nullable=False),
        sa.Column("rules", JSONType, nullable=False),
        sa.Column("acknowledged_at", UTCDateTime()),
    )
    op.create_index("ix_triage_event_person_id", "triage_event", ["person_id"])
    op.create_table(
        "experiment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE",
                                                         name="fk_experiment_person_id_person"), nullable=False),
        sa.Column("question", JSONType, nullable=False),
        sa.Column("design", JSONType, nullable=False),
        sa.Column("schedule", JSONType, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_experiment_person_id", "experiment", ["person_id"])


def downgrade() -> None:
    for table in ("experiment", "triage_event", "assessment", "treatment", "observation", "person"):
        op.drop_table(table)
