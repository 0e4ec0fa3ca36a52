-- Every agency in the registry (registered: expected to publish one report a year) for
-- every year in scope, and whether its report is stored. Filters as in scope_reports.sql.
WITH years AS (
    SELECT DISTINCT year FROM reports
    WHERE len($years) = 0 OR list_contains($years, year)
)
SELECT
    y.year,
    a.name AS agency,
    a.province,
    a.city,
    a.county,
    a.level,
    a.kind,
    r.report_id IS NOT NULL AS received
FROM agencies a
CROSS JOIN years y
LEFT JOIN reports r ON r.agency_id = a.agency_id AND r.year = y.year
WHERE coalesce(a.registered, false)
  AND (len($regions) = 0 OR list_contains($regions, a.province)
       OR list_contains($regions, a.province || coalesce(a.city, '')))
  AND (len($levels) = 0 OR list_contains($levels, a.level))
  AND (len($kinds) = 0 OR list_contains($kinds, a.kind))
ORDER BY y.year DESC, a.province, a.city, a.name
