-- Who is scored (disclosure/score/): every agency-year in scope that the registry expects a
-- report of, or that has one; with the report (if any), the tables it prints and the tables
-- in which it leaves a cell blank (what a rule needs to assess it). Filters as in
-- scope_reports.sql; empty lists mean all.
WITH years AS (
    SELECT DISTINCT year FROM reports WHERE chosen($years, year)
),
expected AS (
    SELECT a.agency_id, y.year
    FROM agencies a CROSS JOIN years y
    WHERE coalesce(a.registered, false) AND expected_in(a.years, y.year)
),
subjects AS (
    SELECT agency_id, year FROM expected
    UNION
    SELECT agency_id, year FROM reports WHERE chosen($years, year)
),
printed AS (
    SELECT c.report_id,
           list(DISTINCT c.table_key ORDER BY c.table_key) AS tables,
           list(DISTINCT c.table_key ORDER BY c.table_key) FILTER (WHERE c.value IS NULL) AS blank_tables
    FROM cells c JOIN reports r USING (report_id)
    WHERE chosen($years, r.year)
    GROUP BY c.report_id
)
SELECT
    s.agency_id,
    a.name AS agency,
    s.year,
    r.report_id,
    r.published,
    r.template,
    r.source_name,
    a.province,
    a.city,
    a.level,
    a.kind,
    e.agency_id IS NOT NULL AS expected,
    coalesce(p.tables, []) AS tables,
    coalesce(p.blank_tables, []) AS blank_tables
FROM subjects s
JOIN agencies a USING (agency_id)
LEFT JOIN reports r ON r.agency_id = s.agency_id AND r.year = s.year
LEFT JOIN expected e ON e.agency_id = s.agency_id AND e.year = s.year
LEFT JOIN printed p ON p.report_id = r.report_id
WHERE in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
ORDER BY s.year, a.name
