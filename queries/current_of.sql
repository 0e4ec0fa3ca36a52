-- The current report of the agency and year of version $report_id (a link to a version
-- that is no longer current opens its agency's report for that year).
SELECT r.report_id
FROM report_versions v
JOIN reports r ON r.agency_id = v.agency_id AND r.year = v.year
WHERE v.report_id = $report_id
