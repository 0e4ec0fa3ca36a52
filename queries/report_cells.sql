-- Every cell of one report (any version), with where it came from, and the correction by a
-- person in force on it, if any: what the parse gave, who set the value shown, when and why.
SELECT
    c.table_key,
    c.row_key,
    c.column_key,
    c.value,
    c.raw,
    c.page,
    c.ref,
    c.confidence,
    k.correction_id IS NOT NULL AS corrected,
    k.parsed                    AS parsed,
    k.note                      AS correction_note,
    k.user_name                 AS corrected_by,
    k.corrected_at
FROM cells c
LEFT JOIN corrections k
    ON k.report_id = c.report_id AND k.field = 'cell' AND k.state = 'active'
   AND k.address = c.table_key || '.' || c.row_key || '.' || c.column_key
WHERE c.report_id = $report_id
