-- KM Award: the bytes of an entry's frozen snapshot, exactly as hashed into
-- snapshot_hash, with the linked practices' content as it was at the
-- freeze. Jurors read that content from here (not from the practices,
-- which may change or be closed to them), and anyone holding a copy can
-- check it against the hash. Entries frozen before this migration keep ''
-- and their snapshot is re-encoded from the entry, which the older
-- encoding allows.
ALTER TABLE award_entries ADD COLUMN snapshot TEXT NOT NULL DEFAULT '';
