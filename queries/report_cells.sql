-- Every cell of one report, with where it came from.
SELECT table_key, row_key, column_key, value, raw, page, ref, confidence
FROM cells
WHERE report_id = $report_id
