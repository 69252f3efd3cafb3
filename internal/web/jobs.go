package web

import (
	"net/http"
	"slices"

	"lumbung/internal/i18n"
	"lumbung/internal/jobs"
)

// jobsPageSize is how many of the latest jobs the admins' list shows.
const jobsPageSize = 100

type jobsData struct {
	Limit  int
	State  string   // the filter, "" for every state
	States []string // jobs.States
	Jobs   []jobRow
}

type jobRow struct {
	jobs.Job
	KindLabel string
}

// jobsPage lists the latest jobs of the durable queue, with a state
// filter, for admins over the whole tree (app.Jobs): what ran, what waits
// for another attempt and why the last one failed.
func (w *Web) jobsPage(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	state := r.URL.Query().Get("state")
	if !slices.Contains(jobs.States, state) {
		state = ""
	}
	js, err := w.App.Jobs(r.Context(), actor, state, jobsPageSize)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	d := jobsData{Limit: jobsPageSize, State: state, States: jobs.States}
	for _, j := range js {
		label := j.Kind
		if k := "jobs.kind." + j.Kind; i18n.Has(k) {
			label = i18n.T(lang, k)
		}
		d.Jobs = append(d.Jobs, jobRow{Job: j, KindLabel: label})
	}
	w.render(rw, r, http.StatusOK, "jobs", w.newView(r, "jobs", d))
}
