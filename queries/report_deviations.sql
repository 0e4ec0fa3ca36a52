-- Labels one report prints differently from the template.
SELECT table_key, row_key, kind, printed, expected
FROM label_deviations
WHERE report_id = $report_id
