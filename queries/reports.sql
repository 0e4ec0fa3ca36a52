-- Stored reports: one row per agency and year, with how many cells each carries.
SELECT
    r.report_id,
    a.name            AS agency,
    r.printed_agency,
    r.year,
    r.template,
    r.published,
    r.format,
    r.source_name,
    r.source_path,
    r.extractor,
    r.parser_version,
    r.ingested_at,
    r.cells_total     AS cells,
    r.cells_filled,
    len(r.notes)      AS notes,
    len(r.review)     AS review_items
FROM reports r
JOIN agencies a USING (agency_id)
ORDER BY r.year DESC, a.name
