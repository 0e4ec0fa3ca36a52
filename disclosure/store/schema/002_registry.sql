-- What the registry (data/agencies.csv, or inference from the name) says of each agency:
-- where it sits, at which level, what kind of agency it is, and whom it reports to.
-- Peer rules group by kind + level + year; hierarchy rules follow `parent`.

ALTER TABLE agencies ADD COLUMN aliases VARCHAR[] DEFAULT [];
ALTER TABLE agencies ADD COLUMN province VARCHAR;
ALTER TABLE agencies ADD COLUMN province_code VARCHAR;
ALTER TABLE agencies ADD COLUMN city VARCHAR;
ALTER TABLE agencies ADD COLUMN city_code VARCHAR;
ALTER TABLE agencies ADD COLUMN county VARCHAR;
ALTER TABLE agencies ADD COLUMN county_code VARCHAR;
ALTER TABLE agencies ADD COLUMN level VARCHAR;      -- province / city / county / township
ALTER TABLE agencies ADD COLUMN kind VARCHAR;       -- stable key of the kind of agency (government, education, …)
ALTER TABLE agencies ADD COLUMN parent VARCHAR;     -- canonical name of the agency above
ALTER TABLE agencies ADD COLUMN inferred BOOLEAN DEFAULT true;  -- placed from its name, not the registry
ALTER TABLE agencies ADD COLUMN registered BOOLEAN DEFAULT false; -- listed in the registry (expected to report)
