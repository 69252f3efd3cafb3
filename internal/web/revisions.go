package web

import (
	"net/http"
	"strconv"

	"lumbung/internal/auth"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

type revisionsData struct {
	P    km.Practice
	Revs []km.Revision
	From int // the default pair for the compare form
	To   int
}

func (w *Web) revisions(rw http.ResponseWriter, r *http.Request) {
	id, err := practiceID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, revs, err := w.App.Revisions(r.Context(), auth.Actor(r), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := revisionsData{P: p, Revs: revs}
	if len(revs) > 0 {
		d.To = revs[0].Version
		d.From = d.To
		if len(revs) > 1 {
			d.From = revs[1].Version
		}
	}
	w.render(rw, r, http.StatusOK, "revisions", w.newView(r, "practices", d))
}

// diffField is one changed field. Coded fields (kind, status…) show their
// labels before and after; text fields show the runs of the diff.
type diffField struct {
	Field    string
	Ops      []km.DiffOp
	Coded    bool
	Old, New string
}

type diffData struct {
	P      km.Practice
	A, B   km.Revision
	Fields []diffField
	Revs   []km.Revision
}

func (w *Web) diff(rw http.ResponseWriter, r *http.Request) {
	id, err := practiceID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	from, errA := strconv.Atoi(r.URL.Query().Get("from"))
	to, errB := strconv.Atoi(r.URL.Query().Get("to"))
	if errA != nil || errB != nil || from < 1 || to < 1 {
		w.errorPage(rw, r, http.StatusBadRequest, i18n.T(lang, "err.invalid_parameter", "from/to"))
		return
	}
	actor := auth.Actor(r)
	p, revs, err := w.App.Revisions(r.Context(), actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	a, b, diffs, err := w.App.Diff(r.Context(), actor, id, from, to)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	orgNames := map[string]string{}
	if orgs, err := w.App.Store.Orgs(r.Context()); err == nil {
		for _, o := range orgs {
			orgNames[strconv.FormatInt(o.ID, 10)] = o.Name
		}
	}
	d := diffData{P: p, A: a, B: b, Revs: revs}
	for _, fd := range diffs {
		f := diffField{Field: fd.Field, Ops: fd.Ops}
		label := func(c km.Content) (string, bool) {
			switch fd.Field {
			case "kind":
				return i18n.T(lang, "kind."+string(c.Kind)), true
			case "status":
				return i18n.T(lang, "status."+string(c.Status)), true
			case "access":
				return i18n.T(lang, "access."+string(c.Access)), true
			case "affair":
				return affairLabel(lang, c.Affair), true
			case "org":
				id := strconv.FormatInt(c.OrgID, 10)
				if n, ok := orgNames[id]; ok {
					return n, true
				}
				return id, true
			}
			return "", false
		}
		f.Old, f.Coded = label(a.Content)
		f.New, _ = label(b.Content)
		d.Fields = append(d.Fields, f)
	}
	w.render(rw, r, http.StatusOK, "diff", w.newView(r, "practices", d))
}
