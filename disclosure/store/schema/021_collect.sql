-- Collection from agencies' sites (disclosure collect, the dashboard's 采集 page): the sources a
-- supervisor keeps, each run with what each source gave (found, new, failed with reasons), and
-- the state of every URL fetched, so that the next run asks only for what changed (ETag,
-- Last-Modified, content hash) and remembers what each page linked to.

CREATE TABLE collect_sources (
    url      VARCHAR PRIMARY KEY,
    agency   VARCHAR,                 -- as the source list names it (optional)
    added_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE collect_run_ids START 1;
CREATE TABLE collect_runs (
    run_id      INTEGER PRIMARY KEY DEFAULT nextval('collect_run_ids'),
    started_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    finished_at TIMESTAMP,            -- NULL: still running, or stopped before its end
    user_name   VARCHAR,
    folder      VARCHAR NOT NULL,     -- where its documents were saved
    sources     INTEGER NOT NULL,
    found       INTEGER,
    new         INTEGER,
    failed      INTEGER
);

CREATE TABLE collect_source_runs (
    run_id      INTEGER NOT NULL,
    source      VARCHAR NOT NULL,     -- the source's URL
    agency      VARCHAR,
    found       INTEGER NOT NULL,     -- report documents found
    new         INTEGER NOT NULL,     -- of them, stored or replaced in the database by this run
    unchanged   INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    failures    JSON NOT NULL,        -- [{"url": …, "reason": …}]
    finished_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (run_id, source)
);

CREATE TABLE collect_urls (
    url           VARCHAR PRIMARY KEY,
    source        VARCHAR NOT NULL,   -- the source it was reached from
    kind          VARCHAR NOT NULL,   -- list / report / document / failed
    etag          VARCHAR,
    last_modified VARCHAR,
    sha256        VARCHAR,            -- of the body last fetched
    path          VARCHAR,            -- where the document was saved (documents, report pages read as reports)
    published     VARCHAR,            -- the page's date (ISO)
    title         VARCHAR,
    page          JSON,               -- what a web page held (entries, next pages, attachments)
    status        VARCHAR NOT NULL,   -- new / changed / unchanged / failed
    reason        VARCHAR,            -- why it failed
    fetched_at    TIMESTAMP NOT NULL
);

INSERT INTO data_versions (domain) VALUES ('collect');
