-- The database's registry (机构名录): every registered agency with what the registry says of
-- it and how many reports it has, then the agencies outside the registry that have reports
-- (placed from their names: `registered` false), to add them.
WITH counted AS (
    SELECT agency_id, count(*) AS reports FROM reports GROUP BY agency_id
)
SELECT
    a.name, a.aliases, a.province, a.province_code, a.city, a.city_code, a.county, a.county_code,
    a.level, a.kind, a.parent, a.years,
    coalesce(a.registered, false) AS registered,
    coalesce(c.reports, 0)        AS reports
FROM agencies a
LEFT JOIN counted c USING (agency_id)
WHERE coalesce(a.registered, false) OR c.reports > 0
ORDER BY NOT coalesce(a.registered, false), a.province_code, a.city_code, a.county_code, a.name
