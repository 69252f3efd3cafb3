package app

// KM Award certificates: a PDF per winner (and per participant when the
// edition says so), each with a verification code that anyone can check on
// the public verification page. Certificates are issued once the results
// are visible to everyone (published and announced), so neither a
// certificate nor its verification page can leak a result early.

import (
	"context"
	"crypto/rand"
	"slices"
	"strings"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// AwardEditions lists the editions the actor may know of, newest first:
// those whose call is published, and the drafts the actor is secretariat
// of. An edition's schedule is public; nothing here carries a score.
func (a *App) AwardEditions(ctx context.Context, actor Actor) ([]award.Edition, error) {
	eds, err := a.Store.Editions(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(eds, func(ed award.Edition) bool { return !actor.mayKnow(&ed) }), nil
}

// AwardSettings returns an edition's description, certificate setting and
// certificate design; they are public once the call is.
func (a *App) AwardSettings(ctx context.Context, actor Actor, code string) (store.EditionSettings, error) {
	ed, err := a.editionFor(ctx, actor, code)
	if err != nil {
		return store.EditionSettings{}, err
	}
	return a.Store.EditionSettings(ctx, ed.ID)
}

// SetAwardSettings changes an edition's description, whether every
// participant gets a certificate, and the place and signatory printed on
// the certificates (secretariat). The logo is SetCertificateLogo's.
func (a *App) SetAwardSettings(ctx context.Context, actor Actor, code string, es store.EditionSettings) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := secretariatEdition(tx, actor, code)
		if err != nil {
			return err
		}
		if err := cleanEditionSettings(&es); err != nil {
			return err
		}
		if err := tx.SetEditionSettings(ed.ID, es); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.edition.settings", "award_edition", ed.ID, ed.OrganiserID, map[string]any{"edition": code,
			"participant_certificates": es.ParticipantCertificates, "place": es.Place, "signatory_name": es.SignatoryName,
			"signatory_title": es.SignatoryTitle, "signatory_nip": es.SignatoryNIP}))
	})
}

// IssueCertificates issues the certificates an edition's results call for
// and that do not exist yet (secretariat): one per winner, and one per
// other participant when the edition is configured so. It returns the new
// ones. It is also done when the results are made final.
func (a *App) IssueCertificates(ctx context.Context, actor Actor, code string) ([]store.Certificate, error) {
	var out []store.Certificate
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := tx.AwardData(code)
		if err != nil {
			return err
		}
		if err := actor.secretariatOnly(&d.Edition); err != nil {
			return err
		}
		now := awardNow(ctx)
		if err := allow(&d.Edition, award.ActCertificates, now); err != nil {
			return err
		}
		if !d.Edition.ResultsVisible(now) {
			return ErrResultsNotVisible
		}
		out, err = issueCertificates(tx, actor, d, now)
		return err
	})
	return out, err
}

// issueCertificates does the work of IssueCertificates inside a write.
func issueCertificates(tx *store.Tx, actor Actor, d *award.Data, now time.Time) ([]store.Certificate, error) {
	settings, err := tx.EditionSettings(d.Edition.ID)
	if err != nil {
		return nil, err
	}
	existing, err := tx.Certificates(d.Edition.ID)
	if err != nil {
		return nil, err
	}
	have := map[[2]any]bool{}
	for _, c := range existing {
		have[[2]any{c.EntryID, c.Kind}] = true
	}
	res, err := computeResults(d, "", "")
	if err != nil {
		return nil, err
	}
	// A winner's rank is its place among the winners of its category (the
	// whole edition without categories): "Juara 1".
	winners := map[string]int{}
	for _, codes := range res.Winners {
		for i, c := range codes {
			winners[c] = i + 1
		}
	}
	var out []store.Certificate
	for _, l := range res.Entries {
		e, ok := findEntry(d, l.Entry)
		if !ok {
			continue
		}
		c := store.Certificate{EntryID: e.ID, IssuedAt: now}
		if rank, ok := winners[l.Entry]; ok {
			c.Kind, c.Rank = store.CertificateWinner, rank
		} else if settings.ParticipantCertificates {
			c.Kind = store.CertificateParticipant
		} else {
			continue
		}
		if have[[2]any{c.EntryID, c.Kind}] {
			continue
		}
		if c.Code, err = newCertificateCode(); err != nil {
			return nil, err
		}
		if err := tx.CreateCertificate(&c); err != nil {
			return nil, err
		}
		if err := tx.Audit(actor.event("award.certificate.issue", "award_entry", e.ID, e.OrgID, map[string]any{"edition": d.Edition.Code,
			"entry": e.Code, "kind": c.Kind, "rank": c.Rank, "certificate": c.Code})); err != nil {
			return nil, err
		}
		c.EntryCode, c.EntryTitle, c.OrgCode, c.EditionCode = e.Code, e.Title, e.OrgCode, d.Edition.Code
		out = append(out, c)
	}
	return out, nil
}

// certAlphabet has no 0/O, 1/I/L: codes are read aloud and typed from paper.
const certAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newCertificateCode returns a random code like "KMA-7XQ4M-PD2RT".
func newCertificateCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	var s strings.Builder
	s.WriteString("KMA-")
	for i, x := range b {
		if i == 5 {
			s.WriteByte('-')
		}
		s.WriteByte(certAlphabet[int(x)%len(certAlphabet)])
	}
	return s.String(), nil
}

// NormalizeCertificateCode reads a code as typed: case and surrounding
// blanks do not matter.
func NormalizeCertificateCode(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// VerifyCertificate looks a certificate up by its code for anyone, signed in
// or not. A code that does not exist, or whose edition's results are not
// visible yet, is km.ErrNotFound.
func (a *App) VerifyCertificate(ctx context.Context, code string) (store.Certificate, error) {
	code = NormalizeCertificateCode(code)
	if code == "" || len(code) > 40 {
		return store.Certificate{}, km.ErrNotFound
	}
	c, err := a.Store.CertificateByCode(ctx, code)
	if err != nil {
		return store.Certificate{}, err
	}
	ed, err := a.Store.EditionByCode(ctx, c.EditionCode)
	if err != nil {
		return store.Certificate{}, err
	}
	if !ed.ResultsVisible(awardNow(ctx)) {
		return store.Certificate{}, km.ErrNotFound
	}
	return c, nil
}

// AwardCertificates lists the certificates of an edition the actor may
// download: all of them for the secretariat, those of the actor's own
// entries for an entrant, none for anyone else.
func (a *App) AwardCertificates(ctx context.Context, actor Actor, code string) ([]store.Certificate, error) {
	ed, err := a.editionFor(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	all, err := a.Store.Certificates(ctx, ed.ID)
	if err != nil {
		return nil, err
	}
	if actor.IsSecretariat(&ed) {
		return all, nil
	}
	if !ed.ResultsVisible(awardNow(ctx)) {
		return nil, nil
	}
	var out []store.Certificate
	for _, c := range all {
		if actor.isEntrant(&award.Entry{OrgPath: c.OrgPath}) {
			out = append(out, c)
		}
	}
	return out, nil
}

// secretariatEdition loads an edition's schedule inside a write for its
// secretariat; anyone else gets km.ErrNotFound or km.ErrForbidden (see
// secretariatOnly).
func secretariatEdition(tx *store.Tx, actor Actor, code string) (award.Edition, error) {
	ed, err := tx.EditionByCode(code)
	if err != nil {
		return ed, err
	}
	return ed, actor.secretariatOnly(&ed)
}
