-- Every agency in the registry for every year in scope in which the registry expects its
-- report (macro expected_in, the one definition of "expected", which the rules read too
-- through agency_expected_years.sql), and whether that report is stored. Filters as in
-- scope_reports.sql.
WITH years AS (
    SELECT DISTINCT year FROM reports
    WHERE chosen($years, year)
)
SELECT
    y.year,
    a.agency_id,
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
  AND expected_in(a.years, y.year)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
ORDER BY y.year DESC, a.province, a.city, a.name
