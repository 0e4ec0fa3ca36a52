-- What a database remembers about how it was built, as key/value text: `registry_path`,
-- the agency registry it was last synced with, so that a later ingest without --registry
-- (an upload in the dashboard, say) resolves names against the same registry instead of
-- data/agencies.csv.

CREATE TABLE IF NOT EXISTS settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
