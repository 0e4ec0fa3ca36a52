-- Why a person must check a report's values before trusting them (OCR confidence, rows a
-- scan did not show); empty for reports read from a text layer.
ALTER TABLE reports ADD COLUMN review VARCHAR[] DEFAULT [];
