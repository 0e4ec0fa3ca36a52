-- The store: one row per agency, one report per agency and year, its cells in long form,
-- its narrative sections, the labels it prints differently from the template, the source
-- document itself, and a log of files that could not be ingested.

CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE agency_ids START 1;
CREATE TABLE agencies (
    agency_id INTEGER PRIMARY KEY DEFAULT nextval('agency_ids'),
    name      VARCHAR NOT NULL UNIQUE  -- canonical name
);

CREATE SEQUENCE report_ids START 1;
CREATE TABLE reports (
    report_id      INTEGER PRIMARY KEY DEFAULT nextval('report_ids'),
    agency_id      INTEGER NOT NULL,
    year           INTEGER NOT NULL,           -- the year the report covers
    template       VARCHAR NOT NULL,           -- '2021' / '2019' / 'legacy'
    published      VARCHAR,                    -- as printed: 'YYYY-MM-DD' or 'YYYY-MM'
    printed_agency VARCHAR NOT NULL,           -- the agency's name as the title prints it
    source_path    VARCHAR NOT NULL,
    source_name    VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    format         VARCHAR NOT NULL,           -- txt / pdf / html / docx / doc / scan
    extractor      VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    ingested_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    notes          VARCHAR[] NOT NULL DEFAULT [],  -- parser remarks for a reviewer
    UNIQUE (agency_id, year)
);

CREATE TABLE cells (
    report_id  INTEGER NOT NULL,
    table_key  VARCHAR NOT NULL,  -- active / requests / review_litigation
    row_key    VARCHAR NOT NULL,
    column_key VARCHAR NOT NULL,
    value      DOUBLE,            -- NULL: the document left the cell blank
    raw        VARCHAR,           -- the cell as printed
    page       INTEGER,
    ref        VARCHAR,           -- where in the document (page, table, row, column)
    confidence DOUBLE NOT NULL DEFAULT 1.0,
    PRIMARY KEY (report_id, table_key, row_key, column_key)
);

CREATE TABLE sections (
    report_id   INTEGER NOT NULL,
    ordinal     INTEGER NOT NULL,
    heading     VARCHAR,          -- as printed; NULL for the text before the first heading
    section_key VARCHAR,          -- the statutory section it matches, if any
    text        VARCHAR NOT NULL,
    PRIMARY KEY (report_id, ordinal)
);

CREATE TABLE label_deviations (
    report_id INTEGER NOT NULL,
    table_key VARCHAR NOT NULL,
    row_key   VARCHAR,            -- NULL for a group label
    kind      VARCHAR NOT NULL,   -- row / group / column
    printed   VARCHAR NOT NULL,
    expected  VARCHAR NOT NULL
);

CREATE TABLE documents (
    sha256 VARCHAR PRIMARY KEY,
    name   VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    bytes  BLOB NOT NULL
);

CREATE SEQUENCE ingest_error_ids START 1;
CREATE TABLE ingest_errors (
    error_id INTEGER PRIMARY KEY DEFAULT nextval('ingest_error_ids'),
    path     VARCHAR NOT NULL,
    sha256   VARCHAR,
    reason   VARCHAR NOT NULL,
    occurred_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
