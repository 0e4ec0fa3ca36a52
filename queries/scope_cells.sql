-- The statistical cells of the reports in scope (same filters as scope_reports.sql),
-- in long form, for disclosure/metrics.py to turn into figures and rates.
SELECT c.report_id, c.table_key, c.row_key, c.column_key, c.value
FROM cells c
JOIN reports r USING (report_id)
JOIN agencies a USING (agency_id)
WHERE (len($years) = 0 OR list_contains($years, r.year))
  AND (len($regions) = 0 OR list_contains($regions, a.province)
       OR list_contains($regions, a.province || coalesce(a.city, '')))
  AND (len($levels) = 0 OR list_contains($levels, a.level))
  AND (len($kinds) = 0 OR list_contains($kinds, a.kind))
