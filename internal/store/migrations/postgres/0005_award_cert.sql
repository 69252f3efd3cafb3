-- KM Award: what the public edition page and the certificates need. An
-- edition's description is shown on its public page; with
-- participant_certificates every entry that took part gets a certificate of
-- participation, not only the winners.
ALTER TABLE award_editions ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE award_editions ADD COLUMN participant_certificates BOOLEAN NOT NULL DEFAULT FALSE;
