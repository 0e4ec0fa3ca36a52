-- The stored years in which the registry expects each registered agency's report (macro
-- expected_in, disclosure/store/schema/009_write_path.sql), for the rules
-- (disclosure/checks/corpus.py). $ids: agency ids, NULL for all; $years: years, NULL for
-- every year that has a stored report.
WITH years AS (
    SELECT DISTINCT year FROM reports
    WHERE $years IS NULL OR list_contains($years, year)
)
SELECT a.agency_id, y.year
FROM agencies a
CROSS JOIN years y
WHERE coalesce(a.registered, false)
  AND expected_in(a.years, y.year)
  AND ($ids IS NULL OR list_contains($ids, a.agency_id))
