package app

// KM Award certificates: a PDF per winner (and per participant when the
// edition says so), each with a verification code that anyone can check on
// the public verification page. Certificates are issued once the results
// are visible to everyone (published and announced), so neither a
// certificate nor its verification page can leak a result early.

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

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

// AwardSettings returns an edition's description and certificate setting;
// both are public once the call is.
func (a *App) AwardSettings(ctx context.Context, actor Actor, code string) (store.EditionSettings, error) {
	ed, err := a.editionFor(ctx, actor, code)
	if err != nil {
		return store.EditionSettings{}, err
	}
	return a.Store.EditionSettings(ctx, ed.ID)
}

// SetAwardSettings changes an edition's description and whether every
// participant gets a certificate (secretariat).
func (a *App) SetAwardSettings(ctx context.Context, actor Actor, code string, es store.EditionSettings) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode(code)
		if err != nil {
			return err
		}
		if err := actor.secretariatOnly(&ed); err != nil {
			return err
		}
		es.Description = strings.TrimSpace(es.Description)
		if len(es.Description) > 5000 {
			return &km.ValidationError{Fields: map[string]string{"description": "too_long"}}
		}
		if err := tx.SetEditionSettings(ed.ID, es); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.edition.settings", "award_edition", ed.ID, ed.OrganiserID, map[string]any{"edition": code,
			"participant_certificates": es.ParticipantCertificates}))
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

// CertificatePDF renders a certificate for its entrant or the secretariat;
// anyone else gets km.ErrNotFound. verifyURL is the address of the public
// verification page for this code, printed on the certificate.
func (a *App) CertificatePDF(ctx context.Context, actor Actor, code, verifyURL string) ([]byte, store.Certificate, error) {
	c, err := a.Store.CertificateByCode(ctx, NormalizeCertificateCode(code))
	if err != nil {
		return nil, c, err
	}
	ed, err := a.Store.EditionByCode(ctx, c.EditionCode)
	if err != nil {
		return nil, c, err
	}
	entrant := actor.isEntrant(&award.Entry{OrgPath: c.OrgPath}) && ed.ResultsVisible(awardNow(ctx))
	if !actor.IsSecretariat(&ed) && !entrant {
		return nil, c, km.ErrNotFound
	}
	var buf bytes.Buffer
	if err := certificatePDF(&buf, c, verifyURL); err != nil {
		return nil, c, fmt.Errorf("certificate %s: %w", c.Code, err)
	}
	return buf.Bytes(), c, nil
}

var idMonths = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// certificatePDF draws a landscape A4 certificate in Bahasa Indonesia with
// the core fonts (the cp1252 translator covers Indonesian).
func certificatePDF(w *bytes.Buffer, c store.Certificate, verifyURL string) error {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetTitle("Sertifikat "+c.EditionName+" "+c.Code, true)
	pdf.SetCreator("Lumbung", true)
	pdf.SetAutoPageBreak(false, 0)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AddPage()
	// Frame.
	pdf.SetDrawColor(31, 81, 48)
	pdf.SetLineWidth(2)
	pdf.Rect(10, 10, 277, 190, "D")
	pdf.SetDrawColor(197, 139, 27)
	pdf.SetLineWidth(0.6)
	pdf.Rect(15, 15, 267, 180, "D")
	line := func(y float64, style string, size float64, r, g, b int, s string) {
		pdf.SetXY(25, y)
		pdf.SetFont("Helvetica", style, size)
		pdf.SetTextColor(r, g, b)
		pdf.MultiCell(247, size*0.45, tr(s), "", "C", false)
	}
	title := "SERTIFIKAT PENGHARGAAN"
	what := "sebagai"
	if c.Kind == store.CertificateWinner {
		what += fmt.Sprintf(" Juara %d", c.Rank)
		if c.Category != "" {
			what += " Kategori " + c.Category
		}
	} else {
		title = "SERTIFIKAT KEIKUTSERTAAN"
		what += " Peserta"
	}
	line(28, "B", 28, 31, 81, 48, title)
	line(44, "", 13, 60, 60, 60, c.EditionName)
	line(62, "I", 12, 60, 60, 60, "diberikan kepada")
	line(72, "B", 22, 20, 20, 20, c.OrgName)
	line(90, "I", 12, 60, 60, 60, "atas entri")
	line(99, "B", 15, 20, 20, 20, "\u201c"+c.EntryTitle+"\u201d")
	line(122, "B", 17, 150, 100, 10, what)
	line(136, "", 12, 60, 60, 60, fmt.Sprintf("%s tahun %d", c.EditionName, c.EditionYear))
	d := c.IssuedAt.In(wib)
	line(160, "", 10, 60, 60, 60, fmt.Sprintf("Diterbitkan %d %s %d", d.Day(), idMonths[d.Month()-1], d.Year()))
	line(168, "B", 11, 20, 20, 20, "Kode verifikasi: "+c.Code)
	if verifyURL != "" {
		line(175, "", 9, 60, 60, 60, "Periksa keaslian sertifikat ini di "+verifyURL)
	}
	if c.OrgDemo {
		line(184, "B", 9, 150, 60, 0, "Data demonstrasi, bukan sertifikat sebenarnya.")
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
