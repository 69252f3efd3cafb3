package web

// Entry snapshots: the entrant, the secretariat and the entry's jurors
// download an entry's frozen snapshot (the bytes its SHA-256 was taken
// of); once the results are announced anyone sees every entry's hash and
// may upload a copy to check it.

import (
	"errors"
	"net/http"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/award"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/upload"
)

func (w *Web) awardSnapshotRoutes() []route {
	return []route{
		{"GET /award/{code}/entries/{entry}/snapshot", w.awardSnapshotDownload},
		{"POST /award/{code}/snapshots", w.awardSnapshotCheck},
		// GET /award/{code}/snapshots goes through awardSubpage.
	}
}

// awardSnapshotDownload serves an entry's snapshot as a JSON download,
// named after the entry so a copy says what it is.
func (w *Web) awardSnapshotDownload(rw http.ResponseWriter, r *http.Request) {
	b, e, err := w.App.EntrySnapshot(r.Context(), auth.Actor(r), r.PathValue("code"), r.PathValue("entry"))
	if err != nil {
		if errors.Is(err, km.ErrNotFound) && auth.Actor(r).User == nil {
			needLogin(rw, r)
			return
		}
		w.awardFail(rw, r, err)
		return
	}
	downloadHeaders(rw.Header(), "cuplikan-"+strings.ToLower(e.Code)+".json", "application/json", "private, no-store")
	rw.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	rw.Write(b)
}

type snapshotsData struct {
	D     *award.Data
	Lines []app.SnapshotLine
	Orgs  map[string]string
	// The outcome of a check, when a copy was uploaded.
	Checked bool
	Check   app.SnapshotCheck
	Error   string
}

// awardSnapshots lists the frozen entries' hashes with the form to check a
// copy; before the announcement it is the secretariat's alone.
func (w *Web) awardSnapshots(rw http.ResponseWriter, r *http.Request, status int, edit func(*snapshotsData)) {
	actor := auth.Actor(r)
	code := r.PathValue("code")
	d, err := w.App.Edition(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lines, err := w.App.SnapshotHashes(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	orgs, err := w.orgLabels(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v := &snapshotsData{D: d, Lines: lines, Orgs: orgs}
	if edit != nil {
		edit(v)
	}
	w.render(rw, r, status, "award_snapshots", w.newView(r, "award", v))
}

// awardSnapshotCheck hashes an uploaded copy of a snapshot and says which
// entry, if any, it is.
func (w *Web) awardSnapshotCheck(rw http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	part, err := upload.File(rw, r, w.App.MaxUpload)
	if errors.Is(err, upload.ErrNoFile) || errors.Is(err, upload.ErrMalformed) {
		w.awardSnapshots(rw, r, http.StatusUnprocessableEntity, func(v *snapshotsData) { v.Error = i18n.T(lang, "err.missing_file") })
		return
	}
	var c app.SnapshotCheck
	if err == nil {
		c, err = w.App.VerifySnapshot(r.Context(), auth.Actor(r), r.PathValue("code"), part)
		part.Close()
	}
	if err != nil {
		p := httperr.From(err, lang, w.Log)
		if p.Status != http.StatusRequestEntityTooLarge {
			w.fail(rw, r, err)
			return
		}
		rw.Header().Set("Connection", "close") // the rest of the body will not be read
		w.awardSnapshots(rw, r, p.Status, func(v *snapshotsData) { v.Error = p.Message })
		return
	}
	w.awardSnapshots(rw, r, http.StatusOK, func(v *snapshotsData) { v.Checked, v.Check = true, c })
}
