package web

// The entrant's forms: registering an entry while the edition is open,
// changing it and uploading evidence until the deadline, and downloading
// evidence (entrant, secretariat, the entry's jurors).

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/award"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/upload"
)

// entryInput reads the registration and change forms; practices come as
// repeated "practices" values (checkboxes).
func entryInput(f url.Values) (app.EntryInput, error) {
	in := app.EntryInput{Org: f.Get("org"), Category: f.Get("category"), Title: f.Get("title"), Summary: f.Get("summary")}
	var v km.ValidationError
	for _, s := range f["practices"] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			v.Add("practices", "award.entry.practice_invalid")
			continue
		}
		in.Practices = append(in.Practices, id)
	}
	if s := f.Get("version"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add("version", "invalid_number")
		}
		in.Version = n
	}
	return in, v.Err()
}

// entrantBack is the entrant page, at an entry or at the registration form.
func entrantBack(code, entry string) string {
	if entry == "" {
		return "/award/" + url.PathEscape(code) + "/entries#register"
	}
	return "/award/" + url.PathEscape(code) + "/entries#entry-" + url.PathEscape(entry)
}

// entrantRefused shows the entrant page again with a refused form.
func (w *Web) entrantRefused(rw http.ResponseWriter, r *http.Request, form string, err error) {
	lang := i18n.FromRequest(r)
	status, msg, errs, ok := setupProblem(lang, err)
	if !ok {
		p := httperr.From(err, lang, w.Log)
		switch p.Status {
		case http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusBadRequest:
			if p.Status == http.StatusRequestEntityTooLarge {
				rw.Header().Set("Connection", "close") // the rest of the body will not be read
			}
			status, msg = p.Status, p.Message
		default:
			w.fail(rw, r, err)
			return
		}
	}
	w.awardEntrant(rw, r, status, func(d *entrantData) {
		d.Form.Failed, d.Form.Error, d.Form.Errors, d.Form.Input = form, msg, errs, r.PostForm
	})
}

func (w *Web) awardRegister(rw http.ResponseWriter, r *http.Request) {
	if !w.parsedForm(rw, r, 0) {
		return
	}
	code := r.PathValue("code")
	in, err := entryInput(r.PostForm)
	if err == nil {
		var e award.Entry
		if e, err = w.App.RegisterEntry(r.Context(), auth.Actor(r), code, in); err == nil {
			w.flash(r, "award.flash.registered")
			redirect(rw, r, entrantBack(code, e.Code))
			return
		}
	}
	if errors.Is(err, km.ErrForbidden) && auth.Actor(r).User == nil {
		needLogin(rw, r)
		return
	}
	w.entrantRefused(rw, r, "register", err)
}

func (w *Web) awardUpdateEntry(rw http.ResponseWriter, r *http.Request) {
	if !w.parsedForm(rw, r, 0) {
		return
	}
	code, entry := r.PathValue("code"), r.PathValue("entry")
	in, err := entryInput(r.PostForm)
	if err == nil {
		if _, err = w.App.UpdateEntry(r.Context(), auth.Actor(r), code, entry, in); err == nil {
			w.flash(r, "award.flash.entry_saved")
			redirect(rw, r, entrantBack(code, entry))
			return
		}
	}
	w.entrantRefused(rw, r, "entry:"+entry, err)
}

// awardUploadEvidence streams the multipart field "file" into the file
// store, which enforces the size limit and sniffs the type.
func (w *Web) awardUploadEvidence(rw http.ResponseWriter, r *http.Request) {
	if needLogin(rw, r) {
		return
	}
	code, entry := r.PathValue("code"), r.PathValue("entry")
	part, err := upload.File(rw, r, w.App.MaxUpload)
	if errors.Is(err, upload.ErrNoFile) || errors.Is(err, upload.ErrMalformed) {
		err = &km.ValidationError{Fields: map[string]string{"file": "err.missing_file"}}
	}
	if err == nil {
		_, err = w.App.AddEvidence(r.Context(), auth.Actor(r), code, entry, part.Name, part)
		part.Close()
	}
	if err != nil {
		w.entrantRefused(rw, r, "evidence:"+entry, err)
		return
	}
	w.flash(r, "award.flash.evidence")
	redirect(rw, r, entrantBack(code, entry))
}

func (w *Web) awardRemoveEvidence(rw http.ResponseWriter, r *http.Request) {
	code, entry := r.PathValue("code"), r.PathValue("entry")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		w.fail(rw, r, km.ErrNotFound)
		return
	}
	if err := w.App.RemoveEvidence(r.Context(), auth.Actor(r), code, entry, id); err != nil {
		w.entrantRefused(rw, r, "evidence:"+entry, err)
		return
	}
	w.flash(r, "award.flash.evidence_removed")
	redirect(rw, r, entrantBack(code, entry))
}

// awardEvidence serves an evidence file as a download, never inline.
func (w *Web) awardEvidence(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		w.fail(rw, r, km.ErrNotFound)
		return
	}
	ev, f, err := w.App.EvidenceFile(r.Context(), auth.Actor(r), r.PathValue("code"), r.PathValue("entry"), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	defer f.Close()
	serveFile(rw, r, ev.Name, ev.MIME, "private, no-store", ev.UploadedAt, f)
}

// entryFormView is the registration form or an entry's change form.
type entryFormView struct {
	D                        *entrantData
	Form, ID                 string
	Category, Title, Summary string
	Practices                []practiceChoice
	Hidden                   []int64 // linked practices the form does not list
}

type practiceChoice struct {
	P      km.Practice
	Linked bool
}

// EntryForm is the form for an entry (an entrantEntryView), or for a new
// one (nil) listing every practice the reader may link.
func (d *entrantData) EntryForm(form string, entry any) entryFormView {
	v := entryFormView{D: d, Form: form, ID: "reg"}
	e, ok := entry.(entrantEntryView)
	if !ok {
		for _, c := range d.Choices {
			for _, p := range c.Practices {
				v.Practices = append(v.Practices, practiceChoice{P: p})
			}
		}
		return v
	}
	v.ID, v.Category, v.Title, v.Summary = "ent-"+e.Entry.Code, e.Entry.CategoryCode, e.Entry.Title, e.Entry.Form["summary"]
	if e.Choice == nil {
		v.Hidden = e.Entry.Practices
		return v
	}
	for _, p := range e.Choice.Practices {
		v.Practices = append(v.Practices, practiceChoice{P: p, Linked: e.Linked(p.ID)})
	}
	return v
}
