-- Findings of the reports and agencies in the dashboard's scope (filters as in
-- scope_reports.sql; a finding's year is its report's year), with rule titles, where the
-- agency sits, and the supervisors' reviews. 'open' when nobody has reviewed it.
SELECT
    f.fingerprint,
    f.rule,
    f.rule_title,
    f.family,
    f.severity,
    f.agency_id,
    f.agency,
    f.year,
    f.report_id,
    f.message,
    f.cells,
    f.expected,
    f.actual,
    f.evidence,
    a.province,
    a.city,
    a.level,
    a.kind,
    f.review_state,
    f.review_note,
    f.reviewed_at
FROM finding_reviews f
JOIN agencies a USING (agency_id)
WHERE chosen($years, f.year)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
ORDER BY f.severity_rank, f.agency, f.year, f.rule, f.fingerprint
