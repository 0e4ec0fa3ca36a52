-- Where a report's document was downloaded from (disclosure collect): the file's URL after
-- redirects; NULL for a document given as a file. When the document prints no date, its
-- page's date is the report's `published` and identity says so (docs/report-schema.md).
ALTER TABLE reports ADD COLUMN IF NOT EXISTS source_url VARCHAR;
ALTER TABLE report_versions ADD COLUMN IF NOT EXISTS source_url VARCHAR;  -- made by 012 from then on
