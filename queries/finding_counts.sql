-- Findings per rule and severity, and how many of them are still to be reviewed.
SELECT
    ru.code                                                    AS rule,
    ru.title                                                   AS rule_title,
    ru.severity                                                AS severity,
    count(f.fingerprint)                                       AS findings,
    count(f.fingerprint) FILTER (WHERE v.state IS NULL)        AS open,
    count(f.fingerprint) FILTER (WHERE v.state = 'confirmed')  AS confirmed,
    count(f.fingerprint) FILTER (WHERE v.state = 'dismissed')  AS dismissed,
    count(DISTINCT f.report_id)                                AS reports
FROM rules ru
LEFT JOIN findings f ON f.rule = ru.code
LEFT JOIN reviews v ON v.fingerprint = f.fingerprint
GROUP BY ru.code, ru.title, ru.severity
ORDER BY CASE ru.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, ru.code
