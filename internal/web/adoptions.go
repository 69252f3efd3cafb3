package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

// adoptionRoutes lists the pages of adoption lineage (replikasi): the form
// on a practice's page records an adoption, an adoption's page changes it,
// and a practice's lineage shows who adopted it from whom.
func (w *Web) adoptionRoutes() []route {
	return []route{
		{"POST /practices/{id}/adoptions", w.createAdoption},
		{"GET /practices/{id}/lineage", w.lineagePage},
		{"GET /adoptions/{id}", w.adoptionPage},
		{"POST /adoptions/{id}", w.updateAdoption},
	}
}

// adoptionForm is an adoption form as typed, kept to show again.
type adoptionForm struct {
	Org, Status, Started, Adapted, Reason, Regulation, Derived string
	Metrics                                                    []metricRow
}

// emptyAdoptionMetricRows is how many blank metric rows an adoption form offers.
const emptyAdoptionMetricRows = 2

// Rows are the filled metric rows and blank ones to add more.
func (f adoptionForm) Rows() []metricRow {
	rows := append([]metricRow(nil), f.Metrics...)
	for range emptyAdoptionMetricRows {
		rows = append(rows, metricRow{})
	}
	return rows
}

// Cols are the metric inputs with each row's value.
func (f adoptionForm) Cols() []metricCol { return metricCols(f.Rows()) }

func adoptionFormOf(lang string, a km.Adoption) adoptionForm {
	f := adoptionForm{Org: a.OrgCode, Status: string(a.Status), Started: a.Started, Adapted: a.Adapted, Reason: a.Reason,
		Regulation: a.Regulation}
	if a.DerivedPracticeID != 0 {
		f.Derived = strconv.FormatInt(a.DerivedPracticeID, 10)
	}
	for _, m := range a.Metrics {
		f.Metrics = append(f.Metrics, metricRow{Indicator: m.Indicator, Unit: m.Unit, Baseline: plainNumber(lang, m.Baseline),
			BaselineDate: m.BaselineDate, Value: plainNumber(lang, m.Value), ValueDate: m.ValueDate, Scope: m.Scope,
			Source: m.Source, Verified: m.Verified})
	}
	return f
}

// parseAdoptionForm reads a posted adoption form; what the domain cannot
// see (a number that is not one) comes back in errs.
func parseAdoptionForm(lang string, pf url.Values) (adoptionForm, app.AdoptionInput, map[string]string) {
	f := adoptionForm{Org: pf.Get("org"), Status: pf.Get("status"), Started: strings.TrimSpace(pf.Get("started")),
		Adapted: pf.Get("adapted"), Reason: pf.Get("reason"), Regulation: pf.Get("regulation"),
		Derived: strings.TrimSpace(pf.Get("derived_practice"))}
	errs := map[string]string{}
	in := app.AdoptionInput{OrgCode: f.Org, Status: km.AdoptionStatus(f.Status), Started: f.Started, Adapted: f.Adapted,
		Reason: f.Reason, Regulation: f.Regulation}
	if f.Derived != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(f.Derived, "#"), 10, 64)
		if err != nil || id <= 0 {
			errs["derived_practice"] = "adoption.unknown_practice"
		}
		in.DerivedPracticeID = id
	}
	f.Metrics, in.Metrics = parseMetricRows(lang, pf, errs)
	if in.Metrics == nil {
		in.Metrics = []km.Metric{}
	}
	return f, in, errs
}

// maxAdoptionFormBytes bounds an adoption form: text and a few metrics.
const maxAdoptionFormBytes = 256 << 10

// adoptionFailure is a refused form, to show again with its messages.
type adoptionFailure struct {
	Form   adoptionForm
	Errors map[string]string
	Msg    string
}

// adoptionRefusal turns a use case's error into a failure to show on the form's
// page, or reports false when it is not the form's to show (403, 404…).
func adoptionRefusal(err error, f adoptionForm, log func(error) httperrProblem) (adoptionFailure, int, bool) {
	var ve *km.ValidationError
	p := log(err)
	switch {
	case errors.As(err, &ve):
		return adoptionFailure{Form: f, Errors: p.Fields, Msg: p.Message}, p.Status, true
	case errors.Is(err, app.ErrAdoptionExists):
		return adoptionFailure{Form: f, Errors: map[string]string{}, Msg: p.Message}, p.Status, true
	}
	return adoptionFailure{}, 0, false
}

type httperrProblem = httperr.Problem

func (w *Web) problem(r *http.Request) func(error) httperrProblem {
	return func(err error) httperrProblem { return httperr.From(err, i18n.FromRequest(r), w.Log) }
}

// extraErrors reports the form's own problems (numbers that are not
// numbers) as a validation error, so they show with the domain's.
func extraErrors(errs map[string]string) error {
	if len(errs) == 0 {
		return nil
	}
	return &km.ValidationError{Fields: errs}
}

func (w *Web) createAdoption(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.practiceRequest(rw, r)
	if !ok || !w.parsedForm(rw, r, maxAdoptionFormBytes) {
		return
	}
	lang := i18n.FromRequest(r)
	f, in, errs := parseAdoptionForm(lang, r.PostForm)
	var ad km.Adoption
	err := extraErrors(errs)
	if err == nil {
		ad, err = w.App.CreateAdoption(r.Context(), actor, id, in)
	} else if _, perr := w.App.Practice(r.Context(), actor, id); perr != nil {
		err = perr // not the form's business: the practice is not there
	}
	if err == nil {
		w.flash(r, "adoption.flash.created")
		redirect(rw, r, "/adoptions/"+strconv.FormatInt(ad.ID, 10))
		return
	}
	fail, status, ok := adoptionRefusal(err, f, w.problem(r))
	if !ok {
		w.fail(rw, r, err)
		return
	}
	w.showPractice(rw, r, status, func(d *practiceData) { d.AdoptFail = &fail })
}

// adoptionData feeds an adoption's page.
type adoptionData struct {
	A         km.Adoption
	CanManage bool
	Statuses  []km.AdoptionStatus // the current one and where it may go
	Form      adoptionForm
	Errors    map[string]string
	Msg       string
}

func adoptionID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, km.ErrNotFound
	}
	return id, nil
}

func (w *Web) adoptionPage(rw http.ResponseWriter, r *http.Request) {
	w.showAdoption(rw, r, http.StatusOK, nil)
}

func (w *Web) showAdoption(rw http.ResponseWriter, r *http.Request, status int, fail *adoptionFailure) {
	id, err := adoptionID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	actor := auth.Actor(r)
	a, err := w.App.Adoption(r.Context(), actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	d := adoptionData{A: a, CanManage: w.App.CanManageAdoption(actor, a), Form: adoptionFormOf(lang, a)}
	d.Statuses = append([]km.AdoptionStatus{a.Status}, km.AdoptionNext(a.Status)...)
	if fail != nil {
		d.Form, d.Errors, d.Msg = fail.Form, fail.Errors, fail.Msg
	}
	w.render(rw, r, status, "adoption", w.newView(r, "practices", d))
}

func (w *Web) updateAdoption(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	id, err := adoptionID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !w.parsedForm(rw, r, maxAdoptionFormBytes) {
		return
	}
	lang := i18n.FromRequest(r)
	f, in, errs := parseAdoptionForm(lang, r.PostForm)
	patch := app.AdoptionPatch{Status: &in.Status, Started: &in.Started, Adapted: &in.Adapted, Reason: &in.Reason,
		Regulation: &in.Regulation, DerivedPracticeID: &in.DerivedPracticeID, Metrics: &in.Metrics}
	if len(errs) > 0 {
		// Check who asks before showing the form's own problems.
		a, aerr := w.App.Adoption(r.Context(), actor, id)
		switch {
		case aerr != nil:
			err = aerr
		case !w.App.CanManageAdoption(actor, a):
			err = km.ErrForbidden
		default:
			err = extraErrors(errs)
		}
	} else {
		_, err = w.App.UpdateAdoption(r.Context(), actor, id, patch)
	}
	if err == nil {
		w.flash(r, "adoption.flash.updated")
		redirect(rw, r, "/adoptions/"+strconv.FormatInt(id, 10))
		return
	}
	fail, status, ok := adoptionRefusal(err, f, w.problem(r))
	if !ok {
		w.fail(rw, r, err)
		return
	}
	w.showAdoption(rw, r, status, &fail)
}

// lineageData feeds the lineage page: the tree as a drawing and as a table.
type lineageData struct {
	P      km.Practice
	Root   *km.LineageNode
	Rows   []lineageRow
	Width  int
	Height int
}

// lineageRow is one node with its place in the drawing.
type lineageRow struct {
	km.LineageRow
	X, Y         int    // the box's top left corner
	PX, PY       int    // where the connector from the parent starts
	Label, Sub   string // the box's two lines, shortened to fit
	Title        string // the practice's title, or why there is none
	Current      bool
	ParentLabel  string
	HasAdoption  bool
	AdoptionID   int64
	AdoptionStat km.AdoptionStatus
	Started      string
}

// The drawing's geometry, in SVG user units (the drawing scales to the
// screen, a 390 px phone included).
const (
	lineageIndent = 28
	lineageRowH   = 56
	lineageBoxW   = 300
	lineageBoxH   = 44
	lineagePad    = 8
)

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func lineageLayout(root *km.LineageNode, current int64, lang string) ([]lineageRow, int, int) {
	flat := root.Rows()
	rows := make([]lineageRow, len(flat))
	at := map[*km.LineageNode]int{}
	maxDepth := 0
	for i, fr := range flat {
		at[fr.Node] = i
		maxDepth = max(maxDepth, fr.Depth)
		n := fr.Node
		row := lineageRow{LineageRow: fr, X: lineagePad + fr.Depth*lineageIndent, Y: lineagePad + i*lineageRowH,
			Label: clip(n.OrgName, 36), Current: n.PracticeID != 0 && n.PracticeID == current}
		switch {
		case n.Hidden:
			row.Sub = i18n.T(lang, "adoption.lineage.hidden")
		case n.Title != "":
			row.Sub = n.Title
		default:
			row.Sub = i18n.T(lang, "adoption.lineage.no_version")
		}
		row.Title = row.Sub
		if n.Adoption != nil {
			row.HasAdoption, row.AdoptionID, row.AdoptionStat, row.Started = true, n.Adoption.ID, n.Adoption.Status, n.Adoption.Started
			row.Sub = i18n.T(lang, "adoption.status."+string(n.Adoption.Status)) + " · " + row.Sub
		}
		// The second line is in a smaller type: about 42 characters fit.
		row.Sub = clip(row.Sub, 42)
		if fr.Parent != nil {
			p := rows[at[fr.Parent]]
			row.PX, row.PY = p.X+12, p.Y+lineageBoxH
			row.ParentLabel = fr.Parent.OrgName
		}
		rows[i] = row
	}
	width := 2*lineagePad + maxDepth*lineageIndent + lineageBoxW
	height := 2*lineagePad + (len(rows)-1)*lineageRowH + lineageBoxH
	return rows, width, height
}

func (w *Web) lineagePage(rw http.ResponseWriter, r *http.Request) {
	id, err := practiceID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	actor := auth.Actor(r)
	p, err := w.App.Practice(r.Context(), actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	root, err := w.App.Lineage(r.Context(), actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := lineageData{P: p, Root: root}
	d.Rows, d.Width, d.Height = lineageLayout(root, p.ID, i18n.FromRequest(r))
	w.render(rw, r, http.StatusOK, "lineage", w.newView(r, "practices", d))
}

// adoptionFields is what the shared form fields of an adoption show.
type adoptionFields struct {
	Form     adoptionForm
	Errors   map[string]string
	Statuses []km.AdoptionStatus
	Prefix   string // keeps ids unique on a page
}

// AdoptFields are the fields of the practice page's adoption form.
func (d *practiceData) AdoptFields() adoptionFields {
	f := adoptionFields{Form: d.AdoptForm, Statuses: km.AdoptionStatuses, Prefix: "ad-"}
	if d.AdoptFail != nil {
		f.Errors = d.AdoptFail.Errors
	}
	return f
}

// Fields are the fields of the adoption page's form.
func (d adoptionData) Fields() adoptionFields {
	return adoptionFields{Form: d.Form, Errors: d.Errors, Statuses: d.Statuses, Prefix: "ad-"}
}

// adoptionTable is one of an agency page's adoption tables.
type adoptionTable struct {
	Caption string // message key
	Given   bool   // the agency's practices, adopted by others
	Items   []km.Adoption
}

// GivenTable lists the adoptions of the agency's practices by others.
func (d orgData) GivenTable() adoptionTable {
	return adoptionTable{Caption: "adoption.org.given", Given: true, Items: d.Given}
}

// ReceivedTable lists the agency's adoptions of others' practices.
func (d orgData) ReceivedTable() adoptionTable {
	return adoptionTable{Caption: "adoption.org.received", Items: d.Received}
}
