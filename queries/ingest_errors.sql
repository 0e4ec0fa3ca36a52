-- Files that could not be ingested, newest first.
SELECT path, reason, sha256, occurred_at
FROM ingest_errors
ORDER BY occurred_at DESC, error_id DESC
