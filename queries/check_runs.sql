-- The rule catalog's runs over this database: how many, and the last one.
SELECT count(*) AS runs, max(checked_at) AS last_checked, arg_max(findings, checked_at) AS findings
FROM check_runs
