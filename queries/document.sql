-- The source document of one report, to download.
SELECT d.name, d.format, d.bytes
FROM reports r
JOIN documents d USING (sha256)
WHERE r.report_id = $report_id
