-- The statistical cells of some reports (those in the dashboard's scope, from
-- scope_reports.sql) in long form, for disclosure/metrics.py to turn into figures.
SELECT c.report_id, c.table_key, c.row_key, c.column_key, c.value
FROM cells c
WHERE c.report_id IN (SELECT unnest($report_ids))
