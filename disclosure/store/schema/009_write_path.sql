-- The one write path (disclosure/store/writes.py): each committed write bumps the version
-- of the data domains it changed, which the dashboard's caches key on, and is logged with
-- who made it. Findings carry the unit of the check that produced them (a report, an
-- agency's years, a peer group, a year's missing reports, a government's subordinates:
-- disclosure/checks/scopes.py), so that a check of a batch replaces just those units.

CREATE TABLE data_versions (
    domain  VARCHAR PRIMARY KEY,   -- reports / findings / reviews / registry / settings / errors
    version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO data_versions (domain) VALUES ('reports'), ('findings'), ('reviews'), ('registry'), ('settings'), ('errors');

CREATE SEQUENCE write_log_ids START 1;
CREATE TABLE write_log (
    write_id   BIGINT PRIMARY KEY DEFAULT nextval('write_log_ids'),
    written_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    user_name  VARCHAR NOT NULL,
    operation  VARCHAR NOT NULL,   -- the write operation's name (store_reports, review, check, …)
    detail     VARCHAR             -- its arguments, in short (JSON)
);

-- findings made before units existed cannot be replaced by unit: they go, and the next
-- write runs the whole catalog (settings.findings_stale); reviews are kept apart and stay
DELETE FROM findings;
ALTER TABLE findings ADD COLUMN unit VARCHAR;
CREATE INDEX findings_unit ON findings (unit);
INSERT OR REPLACE INTO settings (key, value) VALUES ('findings_stale', '数据库升级后尚未重新检查');

ALTER TABLE check_runs ADD COLUMN scope VARCHAR DEFAULT 'full';  -- full / changes

-- "is the agency's report expected in year y" (agencies.years, 应报年度: NULL every year,
-- an empty list never, else spans of years, `last` NULL when open-ended), for every query
-- that asks it
CREATE MACRO expected_in(spans, y) AS
    spans IS NULL OR len(list_filter(spans, lambda s: y BETWEEN s.first AND coalesce(s.last, y))) > 0;
