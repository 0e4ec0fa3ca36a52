-- One report's identity, source and parser remarks.
SELECT r.*, a.name AS agency
FROM reports r
JOIN agencies a USING (agency_id)
WHERE r.report_id = $report_id
