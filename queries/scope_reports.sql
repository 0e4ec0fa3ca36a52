-- The reports in the dashboard's scope (the sidebar filters), with where each agency sits.
-- Each filter is a list; an empty list means no restriction.
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
WHERE (len($years) = 0 OR list_contains($years, r.year))
  AND (len($regions) = 0 OR list_contains($regions, a.province)
       OR list_contains($regions, a.province || coalesce(a.city, '')))
  AND (len($levels) = 0 OR list_contains($levels, a.level))
  AND (len($kinds) = 0 OR list_contains($kinds, a.kind))
ORDER BY r.year, a.name
