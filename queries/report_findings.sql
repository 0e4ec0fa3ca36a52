-- The findings of one report, with their review state, worst first.
SELECT
    f.fingerprint,
    f.rule,
    ru.title                         AS rule_title,
    f.severity,
    f.message,
    f.cells,
    f.expected,
    f.actual,
    f.evidence,
    coalesce(v.state, 'open')        AS review_state,
    v.note                           AS review_note
FROM findings f
LEFT JOIN rules ru  ON ru.code = f.rule
LEFT JOIN reviews v USING (fingerprint)
WHERE f.report_id = $report_id
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule, f.fingerprint
