-- Agencies in the registry with no stored report for a year in scope (filters as in
-- scope_reports.sql): what the supervisor has to chase.
WITH scoped AS (
    SELECT a.*
    FROM agencies a
    WHERE coalesce(a.registered, false)
      AND (len($regions) = 0 OR list_contains($regions, a.province)
           OR list_contains($regions, a.province || coalesce(a.city, '')))
      AND (len($levels) = 0 OR list_contains($levels, a.level))
      AND (len($kinds) = 0 OR list_contains($kinds, a.kind))
),
years AS (
    SELECT DISTINCT year FROM reports
    WHERE len($years) = 0 OR list_contains($years, year)
)
SELECT y.year, s.name AS agency, s.province, s.city, s.county, s.level, s.kind
FROM scoped s
CROSS JOIN years y
WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = s.agency_id AND r.year = y.year)
ORDER BY y.year DESC, s.province, s.city, s.name
