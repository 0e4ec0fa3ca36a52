-- Corrections by a person: a cell's value, or a report's agency or year, set by a reviewer
-- with a reason. The table is the log (who, when, the value before, the new value, why) and
-- the source of truth: a cell correction overrides the parse in `cells` and is applied again
-- whenever its version's rows are re-stored (a re-parse of the same document); the version's
-- identity carries an agency or year correction. A new document version does not take them
-- over silently: each correction of the version it replaces is offered on it ('offered')
-- until a person applies ('active') or declines it.
--
--   field     cell / agency / year
--   address   table.row.column of a cell (row keys may hold a dot)
--   old_value the value before this correction, new_value the value set (JSON: a number,
--             null for a blank cell, a name, a year); parsed: what the document's parse
--             gives at the address (JSON; SQL NULL when the parse has no such cell)
--   state     active / offered / declined / replaced (by a later correction of the same
--             cell) / withdrawn

CREATE SEQUENCE correction_ids START 1;
CREATE TABLE corrections (
    correction_id INTEGER PRIMARY KEY DEFAULT nextval('correction_ids'),
    report_id     INTEGER NOT NULL,
    sha256        VARCHAR NOT NULL,
    field         VARCHAR NOT NULL CHECK (field IN ('cell', 'agency', 'year')),
    address       VARCHAR,
    old_value     VARCHAR,
    new_value     VARCHAR,
    parsed        VARCHAR,
    note          VARCHAR NOT NULL,
    user_name     VARCHAR NOT NULL,
    corrected_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    state         VARCHAR NOT NULL CHECK (state IN ('active', 'offered', 'declined', 'replaced', 'withdrawn')),
    source_id     INTEGER,              -- an offer: the correction of the earlier version it repeats
    agency        VARCHAR,              -- the report's agency and year when corrected (for the log)
    year          INTEGER
);
