-- Findings of the rule catalog (disclosure/checks/), and the supervisors' reviews of them.
--
-- A check run replaces every finding. A review is never touched by a run: it is keyed by
-- what the finding is about (agency name, year, rule, cells), so it finds its finding
-- again after the report is re-ingested and re-checked. `fingerprint` is a hash of that
-- key (disclosure.checks.catalog.fingerprint) and is how findings and reviews join.

CREATE TABLE rules (
    code     VARCHAR PRIMARY KEY,   -- stable: T3.BALANCE, VAL.BLANK, …
    severity VARCHAR NOT NULL,      -- error / warning / info
    family   VARCHAR NOT NULL,
    title    VARCHAR NOT NULL,      -- Chinese
    message  VARCHAR NOT NULL,      -- Chinese message template
    doc      VARCHAR NOT NULL
);

CREATE TABLE findings (
    fingerprint VARCHAR PRIMARY KEY,
    rule        VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,
    report_id   INTEGER,            -- NULL when the report itself is missing (MISSING.REPORT)
    agency_id   INTEGER NOT NULL,
    agency      VARCHAR NOT NULL,   -- canonical name when checked
    year        INTEGER NOT NULL,
    cells       VARCHAR[] NOT NULL, -- 'table.row.column' of this report; row keys may hold a dot
    message     VARCHAR NOT NULL,   -- Chinese, one line
    expected    JSON,
    actual      JSON,
    evidence    JSON,               -- peer median, percentile, history, quotes, …
    checked_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE reviews (
    fingerprint VARCHAR PRIMARY KEY,
    agency      VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    rule        VARCHAR NOT NULL,
    cells       VARCHAR[] NOT NULL,
    state       VARCHAR NOT NULL CHECK (state IN ('confirmed', 'dismissed')),
    note        VARCHAR,
    reviewed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE check_run_ids START 1;
CREATE TABLE check_runs (
    run_id     INTEGER PRIMARY KEY DEFAULT nextval('check_run_ids'),
    checked_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    seconds    DOUBLE NOT NULL,
    reports    INTEGER NOT NULL,
    findings   INTEGER NOT NULL
);
