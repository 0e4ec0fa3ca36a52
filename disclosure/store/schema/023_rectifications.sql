-- Rectification (整改): a confirmed finding sent to its agency with a deadline. It is settled
-- (已整改) when the agency's corrected report is ingested and the finding no longer appears,
-- with the date and the document that fixed it (disclosure/rectify.py `settle`); past its
-- deadline and still pending it reads 逾期未整改 (worked out when read, never stored stale).

CREATE TABLE rectifications (
    fingerprint     VARCHAR PRIMARY KEY,   -- the finding's (checks/catalog.py fingerprint)
    agency_id       INTEGER NOT NULL,
    agency          VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    rule            VARCHAR NOT NULL,
    cells           VARCHAR[] NOT NULL,
    message         VARCHAR NOT NULL,      -- the finding as it was sent
    report_id       INTEGER,               -- the report it was found in (NULL: a missing report)
    sent_sha256     VARCHAR,               -- that report's document when it was sent
    deadline        DATE NOT NULL,
    note            VARCHAR,
    sent_at         TIMESTAMP NOT NULL DEFAULT current_timestamp,
    sent_by         VARCHAR,
    state           VARCHAR NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'fixed')),
    fixed_at        TIMESTAMP,
    fixed_report_id INTEGER,
    fixed_document  VARCHAR,               -- the corrected document's name
    fixed_sha256    VARCHAR
);

INSERT INTO data_versions (domain) VALUES ('rectification');
