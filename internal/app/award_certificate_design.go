package app

// What an agency frames: the certificate's design (the organiser's logo,
// the place, the signatory) and who may download it. A winner's
// certificate is public once the results are final, so that anyone handed
// a copy can fetch the original; a participation certificate stays with
// its agency and the secretariat.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig of uploaded logos
	_ "image/png"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"github.com/gabriel-vasile/mimetype"
	"github.com/skip2/go-qrcode"

	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// MaxLogoBytes bounds an edition's certificate logo: a logo is printed
// about 25 mm high, so a larger file buys nothing.
const MaxLogoBytes = 1 << 20

// maxLogoSide bounds a logo's width and height in pixels, so that a small
// file cannot decompress into a huge image when the PDF is drawn.
const maxLogoSide = 4000

// logoTypes are the logo formats a certificate can embed, with fpdf's name
// for each.
var logoTypes = map[string]string{"image/png": "PNG", "image/jpeg": "JPG"}

// cleanEditionSettings trims the settings a person types and checks them:
// lengths, and the NIP (18 digits; spaces as printed are dropped).
func cleanEditionSettings(es *store.EditionSettings) error {
	fields := map[string]string{}
	for _, f := range []struct {
		name string
		s    *string
		max  int
	}{
		{"description", &es.Description, 5000},
		{"place", &es.Place, 100},
		{"signatory_name", &es.SignatoryName, 200},
		{"signatory_title", &es.SignatoryTitle, 200},
	} {
		*f.s = strings.TrimSpace(*f.s)
		if utf8.RuneCountInString(*f.s) > f.max {
			fields[f.name] = "too_long"
		}
	}
	es.SignatoryNIP = strings.Join(strings.Fields(es.SignatoryNIP), "")
	if es.SignatoryNIP != "" && !isNIP(es.SignatoryNIP) {
		fields["signatory_nip"] = "award.err.nip"
	}
	if len(fields) > 0 {
		return &km.ValidationError{Fields: fields}
	}
	return nil
}

// isNIP reports whether s is a civil servant's number: 18 digits.
func isNIP(s string) bool {
	if len(s) != 18 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// FormatNIP writes an 18-digit NIP the way it is printed: birth date,
// appointment month, sex, serial ("19700101 199503 2 001").
func FormatNIP(nip string) string {
	if !isNIP(nip) {
		return nip
	}
	return nip[:8] + " " + nip[8:14] + " " + nip[14:15] + " " + nip[15:]
}

// SetCertificateLogo stores the organiser's logo for an edition's
// certificates (secretariat): a PNG or JPEG of at most MaxLogoBytes, its
// type sniffed from the bytes. Anything else is a validation error on the
// field "logo", and nothing is stored.
func (a *App) SetCertificateLogo(ctx context.Context, actor Actor, code string, r io.Reader) error {
	// Check before receiving the bytes, and again when writing.
	if err := a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode(code)
		if err != nil {
			return err
		}
		return actor.secretariatOnly(&ed)
	}); err != nil {
		return err
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxLogoBytes+1))
	if err != nil && !errors.Is(err, km.ErrTooLarge) {
		return err
	}
	if len(b) > MaxLogoBytes || err != nil {
		return &km.ValidationError{Fields: map[string]string{"logo": "award.err.logo_too_large"}}
	}
	typ := mimetype.Detect(b).String()
	if _, ok := logoTypes[typ]; !ok || len(b) == 0 {
		return &km.ValidationError{Fields: map[string]string{"logo": "award.err.logo_type"}}
	}
	if err := checkLogo(b, typ); err != nil {
		return &km.ValidationError{Fields: map[string]string{"logo": "award.err.logo_unreadable"}}
	}
	st, err := a.Files.Put(bytes.NewReader(b), MaxLogoBytes)
	if err != nil {
		return err
	}
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := secretariatEdition(tx, actor, code)
		if err != nil {
			return err
		}
		if err := tx.SetEditionLogo(ed.ID, st.SHA256, typ); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.edition.logo", "award_edition", ed.ID, ed.OrganiserID, map[string]any{"edition": code,
			"sha256": st.SHA256, "mime": typ, "size": st.Size}))
	})
}

// checkLogo makes sure a logo decodes whole, is not huge, and that the
// PDF library can embed it (it refuses interlaced PNGs, for one, and
// panics on some broken files, hence the recover).
func checkLogo(b []byte, typ string) (err error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return err
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxLogoSide || cfg.Height > maxLogoSide {
		return fmt.Errorf("logo of %dx%d pixels", cfg.Width, cfg.Height)
	}
	if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
		return err
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("logo: %v", v)
		}
	}()
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: logoTypes[typ]}, bytes.NewReader(b))
	return pdf.Error()
}

// RemoveCertificateLogo takes the logo off an edition's certificates
// (secretariat). The file stays in the store, which never deletes.
func (a *App) RemoveCertificateLogo(ctx context.Context, actor Actor, code string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := secretariatEdition(tx, actor, code)
		if err != nil {
			return err
		}
		if err := tx.SetEditionLogo(ed.ID, "", ""); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.edition.logo", "award_edition", ed.ID, ed.OrganiserID, map[string]any{"edition": code,
			"removed": true}))
	})
}

// CertificateLogo returns an edition's logo and its type to whoever may
// know the edition; an edition without a logo is km.ErrNotFound.
func (a *App) CertificateLogo(ctx context.Context, actor Actor, code string) ([]byte, string, error) {
	ed, err := a.editionFor(ctx, actor, code)
	if err != nil {
		return nil, "", err
	}
	es, err := a.Store.EditionSettings(ctx, ed.ID)
	if err != nil {
		return nil, "", err
	}
	b, err := a.logo(es)
	if err == nil && b == nil {
		err = km.ErrNotFound
	}
	return b, es.LogoMIME, err
}

// logo reads the logo the settings name; nil without one.
func (a *App) logo(es store.EditionSettings) ([]byte, error) {
	if es.LogoSHA256 == "" {
		return nil, nil
	}
	f, err := a.Files.Open(es.LogoSHA256)
	if err != nil {
		return nil, fmt.Errorf("logo %s: %w", es.LogoSHA256, err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxLogoBytes+1))
}

// CertificateVerifyURL is the address of a certificate's public
// verification page, printed and encoded as a QR code on it. It starts
// with the configured BaseURL, never with an address a request named.
func (a *App) CertificateVerifyURL(code string) string {
	return a.BaseURL + "/award/verify/" + url.PathEscape(NormalizeCertificateCode(code))
}

// mayDownloadCertificate says whether actor may download c of ed: the
// secretariat always; once the results are visible, the entrant agency's
// members; once they are final, anyone for a winner's certificate. It
// answers ErrCertificateNotFinal for a winner's certificate asked for
// before that, km.ErrUnauthorized to an anonymous visitor asking for a
// participation certificate, km.ErrNotFound otherwise.
func (a Actor) mayDownloadCertificate(ed *award.Edition, c *store.Certificate, now time.Time) error {
	switch {
	case a.IsSecretariat(ed):
		return nil
	case !ed.ResultsVisible(now):
		return km.ErrNotFound
	case a.isEntrant(&award.Entry{OrgPath: c.OrgPath}):
		return nil
	case c.Kind != store.CertificateWinner && a.User == nil:
		return km.ErrUnauthorized
	case c.Kind != store.CertificateWinner:
		return km.ErrNotFound
	case ed.FinalisedAt.IsZero():
		return ErrCertificateNotFinal
	}
	return nil
}

// PublicCertificates lists an edition's winners' certificates once its
// results are final, to anyone who may know the edition: what the public
// edition page offers for download. Before that the list is empty.
func (a *App) PublicCertificates(ctx context.Context, actor Actor, code string) ([]store.Certificate, error) {
	ed, err := a.editionFor(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if !ed.ResultsVisible(awardNow(ctx)) || ed.FinalisedAt.IsZero() {
		return nil, nil
	}
	all, err := a.Store.Certificates(ctx, ed.ID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(c store.Certificate) bool { return c.Kind != store.CertificateWinner }), nil
}

// CertificatePDF renders a certificate for whoever may download it (see
// mayDownloadCertificate), with the edition's design and the verification
// address built from BaseURL.
func (a *App) CertificatePDF(ctx context.Context, actor Actor, code string) ([]byte, store.Certificate, error) {
	c, err := a.Store.CertificateByCode(ctx, NormalizeCertificateCode(code))
	if err != nil {
		return nil, c, err
	}
	ed, err := a.Store.EditionByCode(ctx, c.EditionCode)
	if err != nil {
		return nil, c, err
	}
	if err := actor.mayDownloadCertificate(&ed, &c, awardNow(ctx)); err != nil {
		return nil, c, err
	}
	es, err := a.Store.EditionSettings(ctx, ed.ID)
	if err != nil {
		return nil, c, err
	}
	logo, err := a.logo(es)
	if err != nil {
		// A logo that went missing from the file store must not keep an
		// agency from its certificate.
		if !errors.Is(err, km.ErrNotFound) {
			return nil, c, err
		}
		a.Log.Warn("certificate logo missing", "edition", ed.Code, "sha256", es.LogoSHA256)
		logo = nil
	}
	var buf bytes.Buffer
	if err := certificatePDF(&buf, c, certificateDesign{Settings: es, Logo: logo, VerifyURL: a.CertificateVerifyURL(c.Code)}); err != nil {
		return nil, c, fmt.Errorf("certificate %s: %w", c.Code, err)
	}
	return buf.Bytes(), c, nil
}

// certificateDesign is what a certificate carries besides its result.
type certificateDesign struct {
	Settings  store.EditionSettings
	Logo      []byte // nil for none; of type Settings.LogoMIME
	VerifyURL string
}

var idMonths = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// IndonesianDate writes a date the way a letter is dated: "15 Desember 2025".
func IndonesianDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), idMonths[t.Month()-1], t.Year())
}

// CertificateAward names what a certificate is given for: "Juara 1" (of a
// category when there are categories) or "Peserta".
func CertificateAward(c store.Certificate) string {
	if c.Kind != store.CertificateWinner {
		return "Peserta"
	}
	s := fmt.Sprintf("Juara %d", c.Rank)
	if c.Category != "" {
		s += " Kategori " + c.Category
	}
	return s
}

// certificatePDF draws a landscape A4 certificate in Bahasa Indonesia with
// the core fonts (the cp1252 translator covers Indonesian): the logo on
// top, the result in the middle, and at the bottom the QR code of the
// verification address on the left and the signature block on the right.
func certificatePDF(w io.Writer, c store.Certificate, d certificateDesign) error {
	const pageW = 297.0
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
	text := func(x, y, width float64, align, style string, size float64, r, g, b int, s string) {
		pdf.SetXY(x, y)
		pdf.SetFont("Helvetica", style, size)
		pdf.SetTextColor(r, g, b)
		pdf.MultiCell(width, size*0.45, tr(s), "", align, false)
	}
	line := func(y float64, style string, size float64, r, g, b int, s string) {
		text(25, y, 247, "C", style, size, r, g, b, s)
	}

	// The organiser's logo, centred, at most 22 mm high and 60 mm wide.
	top := 26.0
	if len(d.Logo) > 0 {
		info := pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: logoTypes[d.Settings.LogoMIME]}, bytes.NewReader(d.Logo))
		if pdf.Error() != nil {
			return pdf.Error()
		}
		h := 22.0
		wd := h * info.Width() / info.Height()
		if wd > 60 {
			wd, h = 60, 60*info.Height()/info.Width()
		}
		pdf.ImageOptions("logo", (pageW-wd)/2, 19, wd, h, false, fpdf.ImageOptions{}, 0, "")
		top = 19 + h + 3
	}

	title := "SERTIFIKAT PENGHARGAAN"
	if c.Kind != store.CertificateWinner {
		title = "SERTIFIKAT KEIKUTSERTAAN"
	}
	// The middle block flows, so that a name or title on two lines pushes
	// what follows down instead of overlapping it.
	y := top
	put := func(gap float64, style string, size float64, r, g, b int, s string) {
		line(y, style, size, r, g, b, s)
		y = pdf.GetY() + gap
	}
	put(3, "B", 26, 31, 81, 48, title)
	put(5, "", 13, 60, 60, 60, fmt.Sprintf("%s %d", c.EditionName, c.EditionYear))
	put(1.5, "I", 12, 60, 60, 60, "diberikan kepada")
	put(4, "B", 22, 20, 20, 20, c.OrgName)
	put(1.5, "I", 12, 60, 60, 60, "atas entri")
	put(6, "B", 15, 20, 20, 20, "\u201c"+c.EntryTitle+"\u201d")
	put(0, "B", 17, 150, 100, 10, "sebagai "+CertificateAward(c))

	// The QR code of the verification address, with the code under it.
	qr, err := qrcode.Encode(d.VerifyURL, qrcode.Medium, 512)
	if err != nil {
		return fmt.Errorf("QR code: %w", err)
	}
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	pdf.ImageOptions("qr", 25, 143, 34, 34, false, fpdf.ImageOptions{}, 0, d.VerifyURL)
	text(62, 152, 90, "L", "", 9, 60, 60, 60, "Kode verifikasi")
	text(62, 157, 90, "L", "B", 12, 20, 20, 20, c.Code)
	text(62, 164, 100, "L", "", 8, 60, 60, 60, "Pindai kode QR atau buka alamat di bawah untuk memeriksa keaslian sertifikat ini.")

	// The signature block: place and date, title, room to sign, name, NIP.
	es := d.Settings
	dated := IndonesianDate(c.IssuedAt.In(wib))
	if es.Place != "" {
		dated = es.Place + ", " + dated
	}
	const sx, sw = 172.0, 100.0
	text(sx, 141, sw, "C", "", 11, 40, 40, 40, dated)
	if es.SignatoryTitle != "" {
		text(sx, 147, sw, "C", "", 11, 40, 40, 40, es.SignatoryTitle)
	}
	if es.SignatoryName != "" {
		text(sx, 172, sw, "C", "BU", 11, 20, 20, 20, es.SignatoryName)
	}
	if es.SignatoryNIP != "" {
		text(sx, 177.5, sw, "C", "", 10, 40, 40, 40, "NIP "+FormatNIP(es.SignatoryNIP))
	}

	line(183.5, "", 9, 60, 60, 60, "Periksa keaslian sertifikat ini di "+d.VerifyURL)
	if c.OrgDemo {
		line(188.5, "B", 9, 150, 60, 0, "Data demonstrasi, bukan sertifikat sebenarnya.")
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
