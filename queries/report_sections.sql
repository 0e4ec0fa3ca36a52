-- The narrative sections of one report, in printed order.
SELECT ordinal, heading, section_key, text
FROM sections
WHERE report_id = $report_id
ORDER BY ordinal
