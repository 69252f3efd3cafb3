package api

import (
	"errors"
	"net/http"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/upload"
)

// awardSnapshotRoutes: an entry's frozen snapshot, the public list of
// snapshot hashes once the results are announced, the check of a copy, and
// the edition's settings (description, certificates for participants).
func (h *API) awardSnapshotRoutes() []route {
	const ed = "/api/v1/award/editions/{code}"
	return []route{
		{"GET " + ed + "/entries/{entry}/snapshot", h.awardSnapshot, "Download an entry's frozen snapshot, the exact bytes of its SHA-256 (entrant, secretariat, the entry's jurors; 409 before the freeze)"},
		{"GET " + ed + "/snapshots", h.awardSnapshotHashes, "Every frozen entry's snapshot SHA-256 (secretariat; everyone once the results are announced)"},
		{"GET " + ed + "/settings", h.awardSettings, "An edition's description, whether every participant gets a certificate, and the certificates' design (public once the call is)"},
		{"PUT " + ed + "/settings", h.awardSetSettings, "Change the description and participant_certificates: a certificate for every participant, not only the winners; and the certificates' place, signatory_name, signatory_title and signatory_nip (18 digits), each left as it is when absent (secretariat)"},
		{"GET " + ed + "/logo", h.awardLogo, "The organiser's logo printed on the edition's certificates (404 without one)"},
		{"PUT " + ed + "/logo", h.awardSetLogo, "Upload the certificates' logo (multipart field \"file\"): PNG or JPEG, at most 1 MiB (secretariat)"},
		{"DELETE " + ed + "/logo", h.awardRemoveLogo, "Take the logo off the certificates (secretariat)"},
		{"POST " + ed + "/snapshots/verify", h.awardVerifySnapshot, "Check a copy of a snapshot (the request body) against the frozen hashes: {sha256, entry (\"\" for no match), claimed}"},
	}
}

func (h *API) awardSnapshot(w http.ResponseWriter, r *http.Request) {
	b, e, err := h.app.EntrySnapshot(r.Context(), actor(r), r.PathValue("code"), r.PathValue("entry"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="cuplikan-`+strings.ToLower(e.Code)+`.json"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}

func (h *API) awardSnapshotHashes(w http.ResponseWriter, r *http.Request) {
	lines, err := h.app.SnapshotHashes(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"entries": lines})
}

func (h *API) awardVerifySnapshot(w http.ResponseWriter, r *http.Request) {
	c, err := h.app.VerifySnapshot(r.Context(), actor(r), r.PathValue("code"), r.Body)
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, c)
}

// editionSettingsJSON is an edition's description, certificate setting
// and certificate design. The design fields are pointers in a PUT: absent
// leaves them as they are, so a client that knows only the first two
// fields changes only those.
type editionSettingsJSON struct {
	Description             string  `json:"description"`
	ParticipantCertificates bool    `json:"participant_certificates"`
	Place                   *string `json:"place"`
	SignatoryName           *string `json:"signatory_name"`
	SignatoryTitle          *string `json:"signatory_title"`
	SignatoryNIP            *string `json:"signatory_nip"`
	// Logo is read only: set with PUT …/logo.
	Logo *logoJSON `json:"logo,omitempty"`
}

// logoJSON describes the certificates' logo.
type logoJSON struct {
	SHA256 string `json:"sha256"`
	MIME   string `json:"mime"`
}

func (h *API) awardSettings(w http.ResponseWriter, r *http.Request) {
	es, err := h.app.AwardSettings(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	out := editionSettingsJSON{Description: es.Description, ParticipantCertificates: es.ParticipantCertificates, Place: &es.Place,
		SignatoryName: &es.SignatoryName, SignatoryTitle: &es.SignatoryTitle, SignatoryNIP: &es.SignatoryNIP}
	if es.LogoSHA256 != "" {
		out.Logo = &logoJSON{es.LogoSHA256, es.LogoMIME}
	}
	h.writeJSON(w, http.StatusOK, out)
}

func (h *API) awardSetSettings(w http.ResponseWriter, r *http.Request) {
	var in editionSettingsJSON
	if !h.decode(w, r, &in) {
		return
	}
	code := r.PathValue("code")
	es, err := h.app.AwardSettings(r.Context(), actor(r), code)
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	es.Description, es.ParticipantCertificates = in.Description, in.ParticipantCertificates
	for _, f := range []struct {
		in  *string
		dst *string
	}{{in.Place, &es.Place}, {in.SignatoryName, &es.SignatoryName}, {in.SignatoryTitle, &es.SignatoryTitle}, {in.SignatoryNIP, &es.SignatoryNIP}} {
		if f.in != nil {
			*f.dst = *f.in
		}
	}
	h.done(w, r, h.app.SetAwardSettings(r.Context(), actor(r), code, es))
}

func (h *API) awardLogo(w http.ResponseWriter, r *http.Request) {
	b, typ, err := h.app.CertificateLogo(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write(b)
}

// awardSetLogo reads the multipart field "file" up to the logo's own
// limit; a larger one is a validation error on "logo", like a wrong type.
func (h *API) awardSetLogo(w http.ResponseWriter, r *http.Request) {
	if h.needUser(w, r) {
		return
	}
	part, err := upload.File(w, r, app.MaxLogoBytes)
	lang := i18n.FromRequest(r)
	switch {
	case errors.Is(err, upload.ErrNoFile):
		h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.missing_file"))
		return
	case errors.Is(err, upload.ErrMalformed):
		h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.bad_request"))
		return
	case errors.Is(err, km.ErrTooLarge):
		err = &km.ValidationError{Fields: map[string]string{"logo": "award.err.logo_too_large"}}
	case err == nil:
		err = h.app.SetCertificateLogo(r.Context(), actor(r), r.PathValue("code"), part)
		part.Close()
	}
	h.done(w, r, err)
}

func (h *API) awardRemoveLogo(w http.ResponseWriter, r *http.Request) {
	if h.needUser(w, r) {
		return
	}
	h.done(w, r, h.app.RemoveCertificateLogo(r.Context(), actor(r), r.PathValue("code")))
}
