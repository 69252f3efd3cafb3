-- Search analytics per agency: the organisation path of the person who
-- searched, as it was when they searched (people move between agencies).
-- An OPD's coordinator reads the queries of their own agency's people;
-- rows from before this migration, and anonymous searches, keep '' and are
-- seen only by those whose scope is the whole government.
ALTER TABLE search_queries ADD COLUMN org_path TEXT NOT NULL DEFAULT '';
