-- Collection runs, latest first (采集 page).
SELECT run_id, started_at, finished_at, user_name, folder, sources, found, new, failed
FROM collect_runs
ORDER BY run_id DESC
LIMIT 50
