-- Whether the open database has a table (schemas added by later migrations).
SELECT table_name
FROM information_schema.tables
WHERE table_name = $table AND table_catalog = current_database()
