-- Every finding of the last check run, with its rule's title and its review, worst first.
SELECT
    f.fingerprint,
    f.rule,
    ru.title                         AS rule_title,
    f.severity,
    f.agency,
    f.year,
    f.report_id,
    r.source_name,
    f.message,
    f.cells,
    f.expected,
    f.actual,
    f.evidence,
    coalesce(v.state, 'open')        AS review_state,
    v.note                           AS review_note,
    v.reviewed_at
FROM findings f
LEFT JOIN rules ru   ON ru.code = f.rule
LEFT JOIN reviews v  USING (fingerprint)
LEFT JOIN reports r  USING (report_id)
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
         f.agency, f.year, f.rule, f.fingerprint
