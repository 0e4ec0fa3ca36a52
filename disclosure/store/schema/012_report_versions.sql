-- Every document stored for an agency and year is kept as a version: its document (by hash),
-- its parse (the cells, sections and label deviations under the version's own report_id),
-- when and by whom it came, and how complete it is. `reports` stays the table of the current
-- version of each agency and year (a copy of that version's row): every query, rule and
-- index reads it as before, and the versions that are not current are nowhere but here.
-- A report nothing names (待确认, `pending`) is a version with no agency (and perhaps no
-- year) until a person assigns them.
--
--   status       current / candidate (less complete than the current one: kept, not used) /
--                superseded (was current) / pending (agency or year unknown)
--   identity_by  document (the parse named the agency and year) / person (assigned or corrected)
--   tables       which of the three statistical tables it has; statutory: how many of the
--                six statutory parts (and the preamble) its text has: what "as complete" compares

CREATE TABLE report_versions (
    report_id      INTEGER PRIMARY KEY,
    agency_id      INTEGER,
    year           INTEGER,
    status         VARCHAR NOT NULL CHECK (status IN ('current', 'candidate', 'superseded', 'pending')),
    identity_by    VARCHAR NOT NULL DEFAULT 'document',
    template       VARCHAR NOT NULL,
    published      VARCHAR,
    printed_agency VARCHAR,
    source_path    VARCHAR NOT NULL,
    source_name    VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    format         VARCHAR NOT NULL,
    extractor      VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    ingested_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    ingested_by    VARCHAR,
    batch          VARCHAR,              -- the ingest (upload) it came with
    notes          VARCHAR[] NOT NULL DEFAULT [],
    review         VARCHAR[] NOT NULL DEFAULT [],
    identity       VARCHAR,              -- Report.identity as JSON: where the agency and year were read
    cells_total    INTEGER NOT NULL DEFAULT 0,
    cells_filled   INTEGER NOT NULL DEFAULT 0,
    tables         VARCHAR[] NOT NULL DEFAULT [],
    statutory      INTEGER NOT NULL DEFAULT 0,
    reason         VARCHAR,              -- why it is not current (candidate), what is unknown (pending)
    status_at      TIMESTAMP,            -- when it took its status (a choice, an assignment)
    status_by      VARCHAR,
    source_url     VARCHAR               -- where it was downloaded (migration 020 adds it to reports)
);

INSERT INTO report_versions (report_id, agency_id, year, status, template, published, printed_agency, source_path,
                             source_name, sha256, format, extractor, parser_version, ingested_at, notes, review,
                             cells_total, cells_filled, tables, statutory)
SELECT r.report_id, r.agency_id, r.year, 'current', r.template, r.published, r.printed_agency, r.source_path,
       r.source_name, r.sha256, r.format, r.extractor, r.parser_version, r.ingested_at, r.notes,
       coalesce(r.review, []), coalesce(r.cells_total, 0), coalesce(r.cells_filled, 0),
       coalesce(t.tables, []), coalesce(s.statutory, 0)
FROM reports r
LEFT JOIN (SELECT report_id, list(DISTINCT table_key ORDER BY table_key) AS tables FROM cells GROUP BY report_id) t
    USING (report_id)
LEFT JOIN (SELECT report_id, count(DISTINCT section_key) AS statutory FROM sections
           WHERE section_key IS NOT NULL GROUP BY report_id) s USING (report_id);

-- every stored document is looked up by its hash (a file ingested again is the version it was)
CREATE INDEX report_versions_sha ON report_versions (sha256);
