-- Rectifications (整改) in the dashboard's scope, each with its status as of $today:
-- fixed (已整改), overdue (逾期未整改: pending past its deadline) or pending (待整改).
-- Filters as in scope_reports.sql; empty lists mean all.
SELECT
    x.fingerprint,
    x.agency_id,
    x.agency,
    x.year,
    x.rule,
    ru.title AS rule_title,
    x.cells,
    x.message,
    x.report_id,
    x.deadline,
    x.note,
    x.sent_at,
    x.sent_by,
    x.state,
    x.fixed_at,
    x.fixed_report_id,
    x.fixed_document,
    CASE WHEN x.state = 'fixed' THEN 'fixed' WHEN x.deadline < CAST($today AS DATE) THEN 'overdue' ELSE 'pending' END
        AS status
FROM rectifications x
LEFT JOIN agencies a USING (agency_id)
LEFT JOIN rules ru ON ru.code = x.rule
WHERE chosen($years, x.year)
  AND in_scope(a.province, a.city, a.level, a.kind, $regions, $levels, $kinds)
ORDER BY x.agency, x.year, x.deadline, x.rule, x.fingerprint
