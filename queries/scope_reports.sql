-- The reports in the dashboard's scope (the sidebar filters), with where each agency sits.
-- Each filter is a list; an empty list means no restriction (macros chosen / in_scope,
-- disclosure/store/schema/008_scope.sql).
--   $years    report years
--   $regions  province names, or province + city names ('江苏省淮安市')
--   $levels   agency levels (province / city / county / township)
--   $kinds    agency kinds (government, education, …)
SELECT
    r.report_id,
    r.agency_id,
    a.name         AS agency,
    r.year,
    r.template,
    r.published,
    r.format,
    a.province,
    a.city,
    a.county,
    a.level,
    a.kind,
    a.parent,
    coalesce(a.registered, false) AS registered
FROM reports r
JOIN agencies a USING (agency_id)
WHERE chosen($years, r.year)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
ORDER BY r.year, a.name
