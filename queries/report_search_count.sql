-- How many reports report_search.sql would list without its limit, and their agencies and years.
SELECT count(*) AS reports, count(DISTINCT r.agency_id) AS agencies, min(r.year) AS first_year, max(r.year) AS last_year
FROM reports r
JOIN agencies a USING (agency_id)
WHERE chosen($years, r.year)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
  AND ($text = '' OR contains(a.name, $text) OR contains(r.printed_agency, $text))
