-- The notification module's tables (Notify/Store): outbox and its attempt log, aggregation groups (escalation
-- progress lives in their state), maintenance windows, on-call overrides, audit. Instants are Unix milliseconds,
-- as in SQLite, so the stores' SQL is the same on both.
CREATE TABLE notify_outbox (
    id              BIGSERIAL PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    receiver        TEXT NOT NULL,
    recipient       TEXT,
    group_key       TEXT NOT NULL,
    status          TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT,
    finished_at     BIGINT,
    last_error      TEXT
);
-- The claim looks only at rows still to send; delivered rows are the bulk and never scanned.
CREATE INDEX notify_outbox_due ON notify_outbox (next_attempt_at) WHERE status IN ('pending', 'in_flight');
CREATE TABLE notify_outbox_alert (
    alert_id  TEXT NOT NULL,
    outbox_id BIGINT NOT NULL REFERENCES notify_outbox (id) ON DELETE CASCADE,
    PRIMARY KEY (alert_id, outbox_id)
);
CREATE TABLE notify_attempt (
    id          BIGSERIAL PRIMARY KEY,
    outbox_id   BIGINT NOT NULL REFERENCES notify_outbox (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    outcome     TEXT NOT NULL,
    status_code INTEGER,
    error       TEXT
);
CREATE INDEX notify_attempt_outbox ON notify_attempt (outbox_id);
CREATE TABLE notify_group (
    group_key TEXT PRIMARY KEY,
    state     TEXT NOT NULL
);
-- seq keeps the listing in insertion order, as SQLite's rowid does.
CREATE TABLE notify_maintenance (
    id   TEXT PRIMARY KEY,
    seq  BIGSERIAL NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE notify_oncall_override (
    id   TEXT PRIMARY KEY,
    seq  BIGSERIAL NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE notify_audit (
    id      BIGSERIAL PRIMARY KEY,
    at      BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT
);
