-- The findings of one report, with their review state, worst first.
SELECT
    fingerprint,
    rule,
    rule_title,
    severity,
    message,
    cells,
    expected,
    actual,
    evidence,
    review_state,
    review_note
FROM finding_reviews
WHERE report_id = $report_id
ORDER BY severity_rank, rule, fingerprint
