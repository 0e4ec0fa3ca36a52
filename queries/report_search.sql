-- Reports in the dashboard's scope whose agency name (canonical or as printed) contains
-- $text ('' for any), newest first, at most $limit of them: the report list and the
-- report picker never hold the whole store. Filters as in scope_reports.sql.
SELECT
    r.report_id,
    a.name            AS agency,
    r.year,
    r.template,
    r.format,
    r.published,
    r.cells_filled,
    r.cells_total     AS cells,
    len(r.review)     AS review_items,
    r.source_name
FROM reports r
JOIN agencies a USING (agency_id)
WHERE chosen($years, r.year)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
  AND ($text = '' OR contains(a.name, $text) OR contains(r.printed_agency, $text))
ORDER BY r.year DESC, a.name
LIMIT $limit
