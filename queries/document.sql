-- The source document of one report, to download: where it lies in the documents folder
-- (disclosure/store/files.py) and its name.
SELECT d.sha256, d.name, d.format, d.size, d.ending
FROM reports r
JOIN documents d USING (sha256)
WHERE r.report_id = $report_id
