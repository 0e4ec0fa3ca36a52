-- Every finding of the last check run, with its rule's title and its review, worst first.
SELECT
    f.fingerprint,
    f.rule,
    f.rule_title,
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
    f.review_state,
    f.review_note,
    f.reviewed_at
FROM finding_reviews f
LEFT JOIN reports r USING (report_id)
ORDER BY f.severity_rank, f.agency, f.year, f.rule, f.fingerprint
