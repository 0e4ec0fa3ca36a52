-- The other years stored for the agency of one report.
SELECT r2.report_id, r2.year
FROM reports r
JOIN reports r2 ON r2.agency_id = r.agency_id
WHERE r.report_id = $report_id
ORDER BY r2.year
