-- Every agency in the registry for every year in scope in which the registry expects its
-- report (agencies.years, 应报年度: NULL every year, an empty list never, else spans of
-- years, `last` NULL when open-ended), and whether that report is stored. This is the one
-- definition of "expected": the overview's coverage and the rule MISSING.REPORT (through
-- disclosure/checks/corpus.py) both read it. Filters as in scope_reports.sql.
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
  AND (a.years IS NULL
       OR len(list_filter(a.years, lambda s: y.year BETWEEN s.first AND coalesce(s.last, y.year))) > 0)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
ORDER BY y.year DESC, a.province, a.city, a.name
