-- What the sidebar filters offer: every year, region, level and kind with a stored report.
SELECT DISTINCT
    r.year,
    a.province,
    a.city,
    a.level,
    a.kind
FROM reports r
JOIN agencies a USING (agency_id)
