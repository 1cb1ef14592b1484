"""All tables in one MetaData; each change to it comes with a migration in migrations/versions."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def team_fk() -> Column:
    """Every team-owned row dies with its team, which is how the demo workspace resets cleanly."""
    return Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True)


def user_fk(name: str = "user_id", nullable: bool = False) -> Column:
    return Column(
        name,
        ForeignKey("users.id", ondelete="SET NULL" if nullable else "CASCADE"),
        nullable=nullable,
        index=True,
    )


teams = Table(
    "teams",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("is_demo", Boolean, nullable=False, default=False),
    Column("min_group_size", Integer, nullable=False, default=5),
    Column("created_at", DateTime, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("language", String(5), nullable=False, default="de"),
    Column("address", String(5), nullable=False, default="sie"),
    Column("created_at", DateTime, nullable=False),
)

auth_tokens = Table(
    "auth_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    user_fk(),
    Column("kind", String(20), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    user_fk(),
    Column("kind", String(40), nullable=False),
    Column("draft_key", String(100), nullable=False),
    Column("payload", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("user_id", "kind", "draft_key", name="uq_drafts_owner_kind_key"),
)

data_versions = Table(
    "data_versions",
    metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("version", BigInteger, nullable=False, default=0),
)

# --- The team's sales data, shared by the features (leads, follow-up, reviews, radar, charts) ---

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("name", String(300), nullable=False),
    Column("name_key", String(300), nullable=False),  # lower-case, spaces folded: matches imports
    Column("number", String(100)),  # the customer number in the accounting tool, if any
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("team_id", "name_key", name="uq_customers_team_name"),
)

leads = Table(
    "leads",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    user_fk("owner_id", nullable=True),
    Column("customer_id", ForeignKey("customers.id", ondelete="SET NULL"), index=True),
    Column("company", String(300), nullable=False),
    Column("contact_name", String(200)),
    Column("contact_email", String(320)),
    Column("topic", String(500)),
    Column("value_eur", Numeric(14, 2)),
    Column("stage", String(30), nullable=False),  # coaching.leads.STAGES
    Column("status", String(20), nullable=False),  # open · won · lost · ghosted · parked
    Column("commitment", String(20), nullable=False),  # interest_only · firm_order
    Column("offer_date", Date),
    Column("next_step", Text),
    Column("next_step_date", Date),
    Column("last_customer_reply", Date),
    Column("notes", Text),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
)

lead_events = Table(
    "lead_events",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("lead_id", ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True),
    user_fk("author_id", nullable=True),
    Column("at", DateTime, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("channel", String(30)),
    Column("note", Text),
    Column("payload", Text),  # JSON with the event's details
)

deals = Table(
    "deals",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column(
        "source", String(30), nullable=False
    ),  # hubspot · pipedrive · salesforce · odoo · generic
    Column("record_id", String(200), nullable=False),
    Column("name", String(500)),
    Column("organisation", String(300)),
    Column("owner_name", String(200)),
    Column("status", String(10), nullable=False),  # won · lost · open
    Column("amount", Numeric(16, 2)),
    Column("created_date", Date),
    Column("close_date", Date),
    Column("stage", String(200)),
    Column("lost_reason", String(500)),  # the CRM's own words
    Column("imported_at", DateTime, nullable=False),
    Column("row_hash", String(64), nullable=False),  # tells "unchanged" from "updated" on re-import
    UniqueConstraint("team_id", "source", "record_id", name="uq_deals_source_record"),
)

invoices = Table(
    "invoices",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column(
        "customer_id", ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("source", String(30), nullable=False),
    Column("invoice_number", String(100), nullable=False),
    Column("invoice_date", Date, nullable=False),
    Column("due_date", Date),
    Column("paid_date", Date),
    Column("amount", Numeric(16, 2), nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("row_hash", String(64), nullable=False),
    UniqueConstraint("team_id", "source", "invoice_number", name="uq_invoices_source_number"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    # private reviews die with their author; a shared lesson survives anonymously (author NULL)
    user_fk("author_id", nullable=True),
    Column("lead_id", ForeignKey("leads.id", ondelete="SET NULL"), index=True),
    Column("deal_id", ForeignKey("deals.id", ondelete="SET NULL"), index=True),
    Column("deal_label", String(500), nullable=False),
    Column("deal_value", Numeric(14, 2)),
    Column("root_category", String(30), nullable=False),  # reasons.yaml root_categories
    Column("main_reason", String(40), nullable=False),  # reasons.yaml reasons
    Column("reasons", Text, nullable=False),  # JSON list of reason keys, main included
    Column("missed_signals", Text, nullable=False),  # JSON list of signal keys
    Column("stage_at_silence", String(30)),  # coaching.pipeline.STAGES
    Column("hours_invested", Numeric(8, 2)),
    Column("lesson", Text),
    Column("answers", Text, nullable=False),  # JSON: every other answer of the guided review
    Column("feeling", Integer),  # private check-in, never aggregated or shown to anyone else
    Column("share_mode", String(10), nullable=False),  # private · anonymous · named
    Column("shared_at", DateTime),
    Column("lost_on", Date),
    Column("created_at", DateTime, nullable=False),
)

conversations = Table(
    "conversations",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    user_fk("author_id", nullable=True),
    Column("lead_id", ForeignKey("leads.id", ondelete="SET NULL"), index=True),
    Column("customer_id", ForeignKey("customers.id", ondelete="SET NULL"), index=True),
    Column("script", String(40), nullable=False),  # key of a script content file
    Column("outcome", String(20), nullable=False),  # kept · paused · reduced · cancelled
    Column("notes", Text, nullable=False),  # JSON: step key -> note
    Column("held_on", Date, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

workshop_plans = Table(
    "workshop_plans",
    metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("plan", Text, nullable=False),  # JSON: sections in order with minutes and skipped flag
    Column("current", Integer, nullable=False, default=0),  # index of the section on screen
    Column("section_started_at", DateTime),
    Column("updated_at", DateTime, nullable=False),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("text", Text, nullable=False),
    Column("owner", String(200), nullable=False),  # a person or "das ganze Team"
    Column("review_on", Date, nullable=False),
    Column("status", String(10), nullable=False),  # open · kept · dropped
    Column("review_note", Text),
    Column("created_at", DateTime, nullable=False),
    Column("reviewed_at", DateTime),
)

# --- Lead-Check: each change of a checklist answer is a new row (history shows what was known) ---

lead_answers = Table(
    "lead_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("lead_id", ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True),
    user_fk("author_id", nullable=True),
    Column("checklist", String(40), nullable=False),  # file name in data/content/*/checklists
    Column("item", String(60), nullable=False),  # item key in that checklist
    Column("answer", String(10), nullable=False),  # yes · partly · no · unknown
    Column("note", Text),
    Column("at", DateTime, nullable=False),
)

# --- Workshop role-play (issue 4): only what a team chose to keep; no player names ---

roleplay_debriefs = Table(
    "roleplay_debriefs",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    user_fk("saved_by", nullable=True),
    Column("seed", Integer, nullable=False),  # redraws the same cards
    Column("persona", String(40), nullable=False),  # roleplay.yaml keys
    Column("crisis", String(40), nullable=False),
    Column("objections", Text, nullable=False),  # JSON list of objection keys
    Column("checked", Text, nullable=False),  # JSON list of checklist keys that happened
    Column("answers", Text, nullable=False),  # JSON: debrief question key -> text
    Column("held_on", Date, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# --- Data import: the column mapping a team chose by hand, remembered per kind and source ---

import_mappings = Table(
    "import_mappings",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("kind", String(20), nullable=False),  # deals · invoices
    Column("source", String(30), nullable=False),
    Column("mapping", Text, nullable=False),  # JSON: field -> column header ("" = not imported)
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("team_id", "kind", "source", name="uq_import_mappings_team_kind_source"),
)

# --- Gründe & Trends: a CRM's own lost-reason words mapped to the reason taxonomy, per team ---

reason_mappings = Table(
    "reason_mappings",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("raw_label", String(500), nullable=False),  # normalised: lower case, spaces folded
    Column("reason_key", String(40), nullable=False),  # reasons.yaml reasons
    user_fk("confirmed_by", nullable=True),
    Column("confirmed_at", DateTime, nullable=False),
    UniqueConstraint("team_id", "raw_label", name="uq_reason_mappings_team_label"),
)
# --- Kundenradar: the team's own log per customer (contacts, complaints, order flags, traces) ---

customer_logs = Table(
    "customer_logs",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column(
        "customer_id", ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    user_fk("author_id", nullable=True),
    Column("kind", String(30), nullable=False),  # coaching.radar.LOG_KINDS
    Column("on_date", Date, nullable=False),
    Column("note", Text),
    Column("created_at", DateTime, nullable=False),
)

# --- Team-Stimmung (weekly pulse): raw answers are personal and expire; aggregates stay ---

teams.append_column(Column("retention_months", Integer, nullable=False, default=12))
# never below 3 people: on PostgreSQL a check constraint, on SQLite a trigger (see migration 0090)
teams.append_constraint(CheckConstraint("min_group_size >= 3", name="ck_teams_min_group_size"))

pulse_answers = Table(
    "pulse_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    user_fk(),
    Column("week", Date, nullable=False),  # the Monday of the week answered for
    Column("question", String(40), nullable=False),  # key in pulse.yaml
    Column("value", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("user_id", "week", "question", name="uq_pulse_answers_person_week"),
    CheckConstraint("value BETWEEN 1 AND 5", name="ck_pulse_answers_value"),
)

pulse_notes = Table(
    "pulse_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    user_fk(),
    Column("week", Date, nullable=False),
    Column("note", Text, nullable=False),  # seen by its author only, never aggregated
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("user_id", "week", name="uq_pulse_notes_person_week"),
)

pulse_aggregates = Table(
    "pulse_aggregates",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("granularity", String(10), nullable=False),  # week · month
    Column("period", Date, nullable=False),  # first Monday of the week or month
    Column("question", String(40), nullable=False),
    Column("respondents", Integer, nullable=False),
    Column("mean", Float),  # NULL: the period stays hidden for good (coaching.morale)
    Column("frozen_at", DateTime, nullable=False),
    UniqueConstraint(
        "team_id", "granularity", "period", "question", name="uq_pulse_aggregates_period"
    ),
)

# --- Erinnerungen: the personal calendar feed and the e-mail digest ---

reminder_settings = Table(
    "reminder_settings",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("feed_token_hash", String(64), unique=True),  # sha256 of the secret URL's token
    Column("feed_created_at", DateTime),
    Column("digest", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime, nullable=False),
)

digest_log = Table(
    "digest_log",
    metadata,
    Column("id", Integer, primary_key=True),
    user_fk(),
    Column("day", Date, nullable=False),
    Column("status", String(10), nullable=False),  # sending · sent · failed
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("unsubscribe_hash", String(64), unique=True),  # sha256 of this mail's opt-out token
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("user_id", "day", name="uq_digest_log_person_day"),
)

# --- Templates that read as written: how the contact is greeted, when the order was agreed ---

leads.append_column(Column("salutation", String(200)))  # formal greeting, e.g. "Frau Dr. Olbrich"
leads.append_column(Column("order_date", Date))  # the day a firm order was agreed
# --- Team administration (issue 18): status, last sign-in, invitations, audit, company sign-in ---

users.append_column(Column("active", Boolean, nullable=False, default=True))
users.append_column(Column("last_sign_in_at", DateTime))
# bumped by every admin action: a second manager acting on a stale view is refused, not applied
users.append_column(Column("row_version", Integer, nullable=False, default=1))
teams.append_column(Column("sign_in_mode", String(20), nullable=False, default="password_and_sso"))
teams.append_column(Column("sso_domains", Text, nullable=False, default=""))  # "firma.de, b.de"

invitations = Table(
    "invitations",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    Column("email", String(320), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256; the link is never kept
    user_fk("invited_by", nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("accepted_at", DateTime),
    Column("revoked_at", DateTime),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    team_fk(),
    user_fk("actor_id", nullable=True),
    Column("actor", String(320), nullable=False),  # e-mail at the time, or "cli"
    Column("action", String(40), nullable=False),  # coaching.team_admin.ACTIONS
    Column("target", String(320), nullable=False),  # the e-mail acted on
    Column("detail", String(200), nullable=False, default=""),
    Column("at", DateTime, nullable=False, index=True),
)

# --- Sign-in throttle: one row per counter (account, client address, the pair) ---

sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("email", String(320), primary_key=True),  # "": the client's count over all accounts
    Column("client", String(64), primary_key=True),  # "": the account's count over all clients
    Column("failures", Integer, nullable=False),
    Column("blocked_until", DateTime, nullable=False),  # a check in flight holds it, too
    Column("last_failure_at", DateTime),
)
