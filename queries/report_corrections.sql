-- Corrections by a person of one version's cells, agency and year (the log: who, when, the
-- value before, the new value, why), newest first, with those offered from the version it
-- replaced (state 'offered') still to be decided.
SELECT
    c.correction_id,
    c.field,
    c.address,
    c.old_value,
    c.new_value,
    c.parsed,
    c.note,
    c.user_name,
    c.corrected_at,
    c.state,
    c.source_id
FROM corrections c
WHERE c.report_id = $report_id
ORDER BY c.corrected_at DESC, c.correction_id DESC
