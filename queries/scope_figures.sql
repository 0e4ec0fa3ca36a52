-- The reports in the dashboard's scope (as scope_reports.sql) with every metric of
-- disclosure/metrics.py (report_metrics: computed when the report was stored; a rate's
-- numerator and denominator beside it as `key:num`, `key:den`). $agency_id: one agency's
-- reports only (its history), NULL for all.
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
    coalesce(a.registered, false) AS registered,
    m.* EXCLUDE (report_id)
FROM reports r
JOIN agencies a USING (agency_id)
LEFT JOIN report_metrics m USING (report_id)
WHERE chosen($years, r.year)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
  AND ($agency_id IS NULL OR r.agency_id = $agency_id)
ORDER BY r.year, a.name
