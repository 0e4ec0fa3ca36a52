-- How many cells each report carries and how many of them are filled, kept on the report
-- when it is stored: lists of reports no longer count 25 million cell rows to show them.
ALTER TABLE reports ADD COLUMN cells_total INTEGER DEFAULT 0;
ALTER TABLE reports ADD COLUMN cells_filled INTEGER DEFAULT 0;
UPDATE reports SET cells_total = c.n, cells_filled = c.filled
FROM (SELECT report_id, count(*) AS n, count(value) AS filled FROM cells GROUP BY report_id) c
WHERE reports.report_id = c.report_id;
