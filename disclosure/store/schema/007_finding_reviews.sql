-- A finding as the supervisor sees it: with its rule's title and family, its review
-- ('open' when nobody has reviewed it) and a rank for "worst first". The finding lists
-- of queries/ (findings, scope_findings, report_findings) read it instead of each joining
-- the three tables again.

CREATE VIEW finding_reviews AS
SELECT
    f.*,
    ru.title                   AS rule_title,
    ru.family,
    coalesce(v.state, 'open')  AS review_state,
    v.note                     AS review_note,
    v.reviewed_at,
    CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END AS severity_rank
FROM findings f
LEFT JOIN rules ru   ON ru.code = f.rule
LEFT JOIN reviews v  ON v.fingerprint = f.fingerprint;
