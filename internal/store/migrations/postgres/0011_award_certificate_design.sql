-- KM Award: what an agency frames. The certificate carries the organiser's
-- logo (a file in the content-addressed file store, by its SHA-256, '' for
-- none, with its sniffed type), the place it is signed at and the
-- signatory's name, title (jabatan) and NIP.
ALTER TABLE award_editions ADD COLUMN cert_logo_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE award_editions ADD COLUMN cert_logo_mime TEXT NOT NULL DEFAULT '';
ALTER TABLE award_editions ADD COLUMN cert_place TEXT NOT NULL DEFAULT '';
ALTER TABLE award_editions ADD COLUMN cert_signatory_name TEXT NOT NULL DEFAULT '';
ALTER TABLE award_editions ADD COLUMN cert_signatory_title TEXT NOT NULL DEFAULT '';
ALTER TABLE award_editions ADD COLUMN cert_signatory_nip TEXT NOT NULL DEFAULT '';
