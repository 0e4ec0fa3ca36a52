-- Reports received against reports expected, per year. Every agency in the registry
-- (registered) is expected to publish one report a year; reports of agencies outside
-- the registry are counted apart. Filters as in scope_reports.sql.
WITH scoped AS (
    SELECT a.agency_id, coalesce(a.registered, false) AS registered
    FROM agencies a
    WHERE (len($regions) = 0 OR list_contains($regions, a.province)
           OR list_contains($regions, a.province || coalesce(a.city, '')))
      AND (len($levels) = 0 OR list_contains($levels, a.level))
      AND (len($kinds) = 0 OR list_contains($kinds, a.kind))
),
years AS (
    SELECT DISTINCT year FROM reports
    WHERE len($years) = 0 OR list_contains($years, year)
),
received AS (
    SELECT r.year, s.registered, count(*) AS n
    FROM reports r
    JOIN scoped s USING (agency_id)
    GROUP BY ALL
)
SELECT
    y.year,
    (SELECT count(*) FROM scoped WHERE registered)        AS expected,
    coalesce(sum(n) FILTER (WHERE registered), 0)         AS received_expected,
    coalesce(sum(n) FILTER (WHERE NOT registered), 0)     AS received_other
FROM years y
LEFT JOIN received USING (year)
GROUP BY y.year
ORDER BY y.year
