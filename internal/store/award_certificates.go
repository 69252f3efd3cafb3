package store

import (
	"context"
	"fmt"
	"time"
)

// EditionSettings are an edition's settings beyond its schedule: the
// description on its public page, whether every participant gets a
// certificate, and what the certificates carry besides the result.
type EditionSettings struct {
	Description             string
	ParticipantCertificates bool
	// Place is where the certificates are signed ("Jakarta").
	Place string
	// The signatory: name, title (jabatan) and NIP (18 digits, or "").
	SignatoryName, SignatoryTitle, SignatoryNIP string
	// LogoSHA256 names the organiser's logo in the file store ("" for
	// none) and LogoMIME is its sniffed type (image/png or image/jpeg).
	// SetEditionSettings leaves them alone: SetEditionLogo changes them.
	LogoSHA256, LogoMIME string
}

// EditionSettings reads an edition's settings.
func (s *Store) EditionSettings(ctx context.Context, editionID int64) (EditionSettings, error) {
	return editionSettings(ctx, s.rdb, editionID)
}

// EditionSettings reads an edition's settings inside the transaction.
func (t *Tx) EditionSettings(editionID int64) (EditionSettings, error) {
	return editionSettings(t.ctx, t.tx, editionID)
}

func editionSettings(ctx context.Context, q querier, editionID int64) (EditionSettings, error) {
	var es EditionSettings
	err := q.QueryRowContext(ctx, `SELECT description, participant_certificates, cert_place, cert_signatory_name, cert_signatory_title,
		cert_signatory_nip, cert_logo_sha256, cert_logo_mime FROM award_editions WHERE id = $1`, editionID).
		Scan(&es.Description, &es.ParticipantCertificates, &es.Place, &es.SignatoryName, &es.SignatoryTitle, &es.SignatoryNIP,
			&es.LogoSHA256, &es.LogoMIME)
	return es, translate(err)
}

// SetEditionSettings changes an edition's settings, all but the logo.
func (t *Tx) SetEditionSettings(editionID int64, es EditionSettings) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_editions SET description = $1, participant_certificates = $2, cert_place = $3,
		cert_signatory_name = $4, cert_signatory_title = $5, cert_signatory_nip = $6 WHERE id = $7`,
		es.Description, es.ParticipantCertificates, es.Place, es.SignatoryName, es.SignatoryTitle, es.SignatoryNIP, editionID)
	if err != nil {
		return fmt.Errorf("store: edition settings: %w", err)
	}
	return mustAffect(res)
}

// SetEditionLogo sets the logo printed on an edition's certificates: a
// file in the file store by its SHA-256 and type; "" and "" for none.
func (t *Tx) SetEditionLogo(editionID int64, sha256, mime string) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_editions SET cert_logo_sha256 = $1, cert_logo_mime = $2 WHERE id = $3`,
		sha256, mime, editionID)
	if err != nil {
		return fmt.Errorf("store: edition logo: %w", err)
	}
	return mustAffect(res)
}

// SetEditionOrganiser hands an edition to another organisation's
// secretariat.
func (t *Tx) SetEditionOrganiser(editionID, orgID int64) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_editions SET organiser_id = $1 WHERE id = $2`, orgID, editionID)
	if err != nil {
		return fmt.Errorf("store: edition organiser: %w", err)
	}
	return mustAffect(res)
}

// Certificate kinds.
const (
	CertificateWinner      = "winner"
	CertificateParticipant = "participant"
)

// Certificate is an issued award certificate with what it certifies, as the
// verification page shows it.
type Certificate struct {
	Code     string // the verification code
	EntryID  int64
	Kind     string // CertificateWinner or CertificateParticipant
	Rank     int    // the final rank, winners only
	IssuedAt time.Time
	// Joined for display.
	EntryCode, EntryTitle string
	OrgID                 int64
	OrgCode, OrgName      string
	OrgPath               string
	OrgDemo               bool   // a demonstration organisation: the PDF says so
	Category              string // the category's name, "" without
	EditionID             int64
	EditionCode           string
	EditionName           string
	EditionYear           int
}

// CreateCertificate records an issued certificate; a second certificate of
// the same kind for an entry is a km.ErrConflict.
func (t *Tx) CreateCertificate(c *Certificate) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO award_certificates (code, entry_id, kind, rank, issued_at) VALUES ($1, $2, $3, $4, $5)`,
		c.Code, c.EntryID, c.Kind, c.Rank, c.IssuedAt.UTC().Truncate(time.Microsecond))
	return translate(err)
}

const certSelect = `SELECT c.code, c.entry_id, c.kind, c.rank, c.issued_at, e.code, e.title, o.id, o.code, o.name, o.path, o.demo,
	COALESCE(k.name, ''), ed.id, ed.code, ed.name, ed.year
	FROM award_certificates c
	JOIN award_entries e ON e.id = c.entry_id
	JOIN organisations o ON o.id = e.org_id
	LEFT JOIN award_categories k ON k.id = e.category_id
	JOIN award_editions ed ON ed.id = e.edition_id`

func scanCertificate(sc interface{ Scan(...any) error }) (Certificate, error) {
	var c Certificate
	err := sc.Scan(&c.Code, &c.EntryID, &c.Kind, &c.Rank, &c.IssuedAt, &c.EntryCode, &c.EntryTitle, &c.OrgID, &c.OrgCode, &c.OrgName,
		&c.OrgPath, &c.OrgDemo, &c.Category, &c.EditionID, &c.EditionCode, &c.EditionName, &c.EditionYear)
	c.IssuedAt = c.IssuedAt.UTC()
	return c, err
}

// CertificateByCode finds a certificate by its verification code.
func (s *Store) CertificateByCode(ctx context.Context, code string) (Certificate, error) {
	c, err := scanCertificate(s.rdb.QueryRowContext(ctx, certSelect+` WHERE c.code = $1`, code))
	return c, translate(err)
}

// Certificates lists an edition's certificates, winners by rank first.
func (s *Store) Certificates(ctx context.Context, editionID int64) ([]Certificate, error) {
	return certificates(ctx, s.rdb, editionID)
}

// Certificates lists an edition's certificates inside the transaction.
func (t *Tx) Certificates(editionID int64) ([]Certificate, error) {
	return certificates(t.ctx, t.tx, editionID)
}

func certificates(ctx context.Context, q querier, editionID int64) ([]Certificate, error) {
	rows, err := q.QueryContext(ctx, certSelect+` WHERE ed.id = $1 ORDER BY c.kind DESC, c.rank, e.code`, editionID)
	if err != nil {
		return nil, fmt.Errorf("store: certificates: %w", err)
	}
	defer rows.Close()
	var out []Certificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, fmt.Errorf("store: certificates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
