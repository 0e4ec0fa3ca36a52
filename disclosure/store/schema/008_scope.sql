-- The dashboard's scope as one predicate (sidebar filters: regions, levels, kinds; an empty
-- list means all), used by every scope_* query and expected_reports.sql. A region is a
-- province (江苏省) or a province and city (江苏省淮安市), as dashboard/labels.region writes it.

CREATE MACRO chosen(options, value) AS len(options) = 0 OR list_contains(options, value);

CREATE MACRO in_scope(province, city, level, kind, regions, levels, kinds) AS
    (len(regions) = 0 OR list_contains(regions, province)
     OR list_contains(regions, province || coalesce(city, '')))
    AND chosen(levels, level)
    AND chosen(kinds, kind);
