package api

import (
	"net/http"
	"strings"

	"lumbung/internal/store"
)

// awardSnapshotRoutes: an entry's frozen snapshot, the public list of
// snapshot hashes once the results are announced, the check of a copy, and
// the edition's settings (description, certificates for participants).
func (h *API) awardSnapshotRoutes() []route {
	const ed = "/api/v1/award/editions/{code}"
	return []route{
		{"GET " + ed + "/entries/{entry}/snapshot", h.awardSnapshot, "Download an entry's frozen snapshot, the exact bytes of its SHA-256 (entrant, secretariat, the entry's jurors; 409 before the freeze)"},
		{"GET " + ed + "/snapshots", h.awardSnapshotHashes, "Every frozen entry's snapshot SHA-256 (secretariat; everyone once the results are announced)"},
		{"GET " + ed + "/settings", h.awardSettings, "An edition's description and whether every participant gets a certificate (public once the call is)"},
		{"PUT " + ed + "/settings", h.awardSetSettings, "Change the description and participant_certificates: a certificate for every participant, not only the winners (secretariat)"},
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

// editionSettingsJSON is an edition's description and certificate setting.
type editionSettingsJSON struct {
	Description             string `json:"description"`
	ParticipantCertificates bool   `json:"participant_certificates"`
}

func (h *API) awardSettings(w http.ResponseWriter, r *http.Request) {
	es, err := h.app.AwardSettings(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, editionSettingsJSON{es.Description, es.ParticipantCertificates})
}

func (h *API) awardSetSettings(w http.ResponseWriter, r *http.Request) {
	var in editionSettingsJSON
	if !h.decode(w, r, &in) {
		return
	}
	h.done(w, r, h.app.SetAwardSettings(r.Context(), actor(r), r.PathValue("code"),
		store.EditionSettings{Description: in.Description, ParticipantCertificates: in.ParticipantCertificates}))
}
