-- Every stored version of the report of one agency and year (the agency and year of
-- version $report_id), newest first: its document, when and by whom it came, how complete
-- it is, and whether it is the current one, a candidate (and why) or superseded.
SELECT
    v.report_id,
    v.status,
    v.source_name,
    v.sha256,
    v.format,
    v.parser_version,
    v.ingested_at,
    v.ingested_by,
    v.cells_filled,
    v.cells_total,
    v.tables,
    v.statutory,
    v.identity_by,
    v.reason,
    v.status_at,
    v.status_by
FROM report_versions v
JOIN report_versions me ON me.agency_id = v.agency_id AND me.year = v.year
WHERE me.report_id = $report_id AND v.status <> 'pending'
ORDER BY v.ingested_at DESC, v.report_id DESC
