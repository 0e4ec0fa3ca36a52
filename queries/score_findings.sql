-- The findings a rule pack counts (disclosure/score/), with their rule's family and their
-- review (open / confirmed / dismissed), for the agency-years in scope. Filters as in
-- scope_reports.sql.
SELECT
    f.fingerprint,
    f.rule,
    f.rule_title,
    f.family,
    f.severity,
    f.agency_id,
    f.year,
    f.report_id,
    f.cells,
    f.message,
    f.actual,
    f.evidence,
    f.review_state
FROM finding_reviews f
JOIN agencies a USING (agency_id)
WHERE chosen($years, f.year)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
ORDER BY f.agency_id, f.year, f.rule, f.fingerprint
