-- Alert state and silences, as the SQLite store keeps them: one JSON body per row, so the record can grow
-- without a migration; the columns beside it are the ones queries select on.
CREATE TABLE alert_state (
    id   TEXT PRIMARY KEY,
    rule TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE alert_silence (
    id   TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
