-- The years the registry expects each agency's report (data/agencies.csv `years`, 应报年度;
-- disclosure/registry_years.py): spans of years, `last` NULL when open-ended (2021-).
-- NULL = every year (as before the column); an empty list = never (an agency listed only
-- to place others). queries/expected_reports.sql is the one place that reads it.

ALTER TABLE agencies ADD COLUMN years STRUCT(first INTEGER, last INTEGER)[];
