-- Reports nothing names (待确认): stored with their cells, out of every analysis and rule
-- until a person assigns their agency and year. What the document did say (an agency
-- without a year, a year without an agency) is shown to help.
SELECT
    v.report_id,
    v.source_name,
    v.printed_agency,
    v.year,
    v.format,
    v.template,
    v.cells_filled,
    v.cells_total,
    v.reason,
    v.ingested_at,
    v.ingested_by,
    v.batch
FROM report_versions v
WHERE v.status = 'pending'
ORDER BY v.ingested_at DESC, v.report_id DESC
