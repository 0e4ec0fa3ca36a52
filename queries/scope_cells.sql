-- The statistical cells of some reports (those in the dashboard's scope, from
-- scope_reports.sql) in long form, addressed as disclosure.metrics.address() writes them
-- ('requests.granted.total'); only the addresses asked for (what the metrics read).
SELECT c.report_id, c.table_key || '.' || c.row_key || '.' || c.column_key AS address, c.value
FROM cells c
WHERE c.report_id IN (SELECT unnest($report_ids))
  AND c.table_key || '.' || c.row_key || '.' || c.column_key IN (SELECT unnest($addresses))
