-- The collection's sources (采集 page), each with what its last run gave: found, new,
-- unchanged, failed (with the failures as JSON [{url, reason}]).
WITH last AS (
    SELECT source, max(run_id) AS run_id FROM collect_source_runs GROUP BY source
)
SELECT
    s.url,
    s.agency,
    r.run_id,
    r.found,
    r.new,
    r.unchanged,
    r.failed,
    r.failures,
    r.finished_at
FROM collect_sources s
LEFT JOIN last l ON l.source = s.url
LEFT JOIN collect_source_runs r ON r.run_id = l.run_id AND r.source = s.url
ORDER BY s.agency NULLS LAST, s.url
