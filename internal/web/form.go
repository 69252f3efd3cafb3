package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

// practiceForm is the create/edit form as typed, so that a form with
// errors comes back exactly as the person left it.
type practiceForm struct {
	ID      int64
	Version int
	Status  km.Status // of the stored practice, when editing

	Title, Summary, Problem, Actions, Results, Lessons, Replication, Body string
	Kind, Access, Affair, Org, Year, Tags, Authors, ReviewBy              string

	Metrics []metricRow
}

type metricRow struct {
	Indicator, Unit, Baseline, BaselineDate, Value, ValueDate, Scope, Source string
	Verified                                                                 bool
}

func (m metricRow) blank() bool {
	return m.Indicator == "" && m.Unit == "" && m.Baseline == "" && m.BaselineDate == "" && m.Value == "" &&
		m.ValueDate == "" && m.Scope == "" && m.Source == ""
}

// emptyMetricRows is how many blank metric rows the form offers.
const emptyMetricRows = 3

// maxFormBytes bounds a practice form: the body may hold 200 kB of text,
// the other fields a little more.
const maxFormBytes = 2 << 20

func formFromPractice(lang string, p km.Practice) practiceForm {
	f := practiceForm{
		ID: p.ID, Version: p.Version, Status: p.Status,
		Title: p.Title, Summary: p.Summary, Problem: p.Problem, Actions: p.Actions, Results: p.Results,
		Lessons: p.Lessons, Replication: p.Replication, Body: p.Body,
		Kind: string(p.Kind), Access: string(p.Access), Affair: p.Affair,
		Tags: strings.Join(p.Tags, ", "), Authors: strings.Join(p.Authors, "\n"), ReviewBy: p.ReviewBy,
	}
	if p.OrgID != 0 {
		f.Org = strconv.FormatInt(p.OrgID, 10)
	}
	if p.Year != 0 {
		f.Year = strconv.Itoa(p.Year)
	}
	for _, m := range p.Metrics {
		f.Metrics = append(f.Metrics, metricRow{
			Indicator: m.Indicator, Unit: m.Unit, Baseline: plainNumber(lang, m.Baseline), BaselineDate: m.BaselineDate,
			Value: plainNumber(lang, m.Value), ValueDate: m.ValueDate, Scope: m.Scope, Source: m.Source, Verified: m.Verified,
		})
	}
	return f
}

// parsePracticeForm reads the posted form. Problems the domain cannot see
// (a number that is not a number) come back as field errors keyed like the
// domain's own ("metrics.0.value").
func parsePracticeForm(lang string, r *http.Request) (practiceForm, app.PracticeInput, map[string]string) {
	pf := r.PostForm
	get := func(k string) string { return pf.Get(k) }
	f := practiceForm{
		Title: get("title"), Summary: get("summary"), Problem: get("problem"), Actions: get("actions"),
		Results: get("results"), Lessons: get("lessons"), Replication: get("replication"), Body: get("body"),
		Kind: get("kind"), Access: get("access"), Affair: get("affair"), Org: get("org"),
		Year: strings.TrimSpace(get("year")), Tags: get("tags"), Authors: get("authors"), ReviewBy: strings.TrimSpace(get("review_by")),
	}
	f.Version, _ = strconv.Atoi(get("version"))
	errs := map[string]string{}
	var in app.PracticeInput
	p := &in.Practice
	p.Title, p.Summary, p.Problem, p.Actions, p.Results = f.Title, f.Summary, f.Problem, f.Actions, f.Results
	p.Lessons, p.Replication, p.Body = f.Lessons, f.Replication, f.Body
	p.Kind, p.Access, p.Affair, p.ReviewBy = km.Kind(f.Kind), km.Access(f.Access), f.Affair, f.ReviewBy
	p.Version = f.Version
	if f.Org != "" {
		id, err := strconv.ParseInt(f.Org, 10, 64)
		if err != nil || id <= 0 {
			errs["org"] = "unknown_org"
		}
		in.OrgID = id
		p.OrgID = id
	}
	if f.Year != "" {
		y, err := strconv.Atoi(f.Year)
		if err != nil {
			errs["year"] = "invalid_year"
		}
		p.Year = y
	}
	p.Tags = strings.FieldsFunc(f.Tags, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
	p.Authors = strings.Split(f.Authors, "\n")

	f.Metrics, p.Metrics = parseMetricRows(lang, pf, errs)
	return f, in, errs
}

// parseMetricRows reads the repeated metric inputs (metric_indicator[] …)
// of a practice's or an adoption's form, skipping blank rows. Numbers that
// are not numbers come back in errs keyed like the domain's own
// ("metrics.0.value").
func parseMetricRows(lang string, pf url.Values, errs map[string]string) (rows []metricRow, ms []km.Metric) {
	col := func(name string) []string { return pf[name+"[]"] }
	ind, unit, base, baseDate := col("metric_indicator"), col("metric_unit"), col("metric_baseline"), col("metric_baseline_date")
	val, valDate, scope, source := col("metric_value"), col("metric_value_date"), col("metric_scope"), col("metric_source")
	verified := map[string]bool{}
	for _, v := range col("metric_verified") {
		verified[v] = true
	}
	n := max(len(ind), len(unit), len(base), len(baseDate), len(val), len(valDate), len(scope), len(source))
	n = min(n, 50)
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	for i := 0; i < n; i++ {
		row := metricRow{
			Indicator: at(ind, i), Unit: at(unit, i), Baseline: at(base, i), BaselineDate: at(baseDate, i),
			Value: at(val, i), ValueDate: at(valDate, i), Scope: at(scope, i), Source: at(source, i),
			Verified: verified[strconv.Itoa(i)],
		}
		if row.blank() {
			continue
		}
		j := len(rows)
		key := func(s string) string { return "metrics." + strconv.Itoa(j) + "." + s }
		m := km.Metric{Indicator: row.Indicator, Unit: row.Unit, BaselineDate: row.BaselineDate, ValueDate: row.ValueDate,
			Scope: row.Scope, Source: row.Source, Verified: row.Verified}
		var ok bool
		if row.Baseline == "" {
			errs[key("baseline")] = "required"
		} else if m.Baseline, ok = parseNumber(lang, row.Baseline); !ok {
			errs[key("baseline")] = "invalid_number"
		}
		if row.Value == "" {
			errs[key("value")] = "required"
		} else if m.Value, ok = parseNumber(lang, row.Value); !ok {
			errs[key("value")] = "invalid_number"
		}
		rows = append(rows, row)
		ms = append(ms, m)
	}
	return rows, ms
}

// formData feeds the create/edit form.
type formData struct {
	F          practiceForm
	Edit       bool
	StoredOrg  int64 // the organisation the practice belongs to now
	Action     string
	Orgs       []km.Org
	Affairs    []km.Affair
	Kinds      []km.Kind
	Accesses   []km.Access
	Rows       []metricRow // filled rows plus blank ones
	CanDue     bool        // may set the review-by date
	Message    string
	Errors     map[string]string
	ErrorOrder []string
	Conflict   bool
	CurrentURL string
	TextFields []textField
	MetricCols []metricCol
}

// textField is one of the long text areas of the form.
type textField struct {
	Name, Value string
	Rows        int
}

// metricCol is one input of the repeated metric rows, with each row's value.
type metricCol struct {
	Name               string
	Wide, Date, Number bool
	Values             []string
}

func metricCols(rows []metricRow) []metricCol {
	cols := []metricCol{
		{Name: "indicator", Wide: true}, {Name: "unit", Wide: true},
		{Name: "baseline", Number: true}, {Name: "baseline_date", Date: true},
		{Name: "value", Number: true}, {Name: "value_date", Date: true},
		{Name: "scope", Wide: true}, {Name: "source", Wide: true},
	}
	for i := range cols {
		for _, r := range rows {
			var v string
			switch cols[i].Name {
			case "indicator":
				v = r.Indicator
			case "unit":
				v = r.Unit
			case "baseline":
				v = r.Baseline
			case "baseline_date":
				v = r.BaselineDate
			case "value":
				v = r.Value
			case "value_date":
				v = r.ValueDate
			case "scope":
				v = r.Scope
			case "source":
				v = r.Source
			}
			cols[i].Values = append(cols[i].Values, v)
		}
	}
	return cols
}

// fieldOrder is the order of the form's fields, for the error summary.
var fieldOrder = []string{"title", "kind", "org", "affair", "year", "access", "tags", "authors", "summary",
	"problem", "actions", "results", "lessons", "replication", "body", "review_by", "status", "metrics"}

func orderErrors(errs map[string]string) []string {
	rank := map[string]int{}
	for i, f := range fieldOrder {
		rank[f] = i
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, iok := rank[keys[i]]
		rj, jok := rank[keys[j]]
		if !iok {
			ri = len(fieldOrder)
		}
		if !jok {
			rj = len(fieldOrder)
		}
		if ri != rj {
			return ri < rj
		}
		return metricKeyLess(keys[i], keys[j])
	})
	return keys
}

// metricKeyLess orders "metrics.2.value" before "metrics.10.indicator".
func metricKeyLess(a, b string) bool {
	na, _ := strconv.Atoi(strings.Split(a+"..", ".")[1])
	nb, _ := strconv.Atoi(strings.Split(b+"..", ".")[1])
	if na != nb {
		return na < nb
	}
	return a < b
}

// writableOrgs are the organisations u may file a practice under, plus the
// one the practice already belongs to.
func (w *Web) writableOrgs(r *http.Request, u *km.User, current int64) ([]km.Org, error) {
	orgs, err := w.App.Store.Orgs(r.Context())
	if err != nil {
		return nil, err
	}
	var out []km.Org
	for _, o := range orgs {
		if o.ID == current || km.CanCreateIn(u, o.Path) {
			out = append(out, o)
		}
	}
	return out, nil
}

func (w *Web) renderForm(rw http.ResponseWriter, r *http.Request, status int, d formData) {
	actor := auth.Actor(r)
	lang := i18n.FromRequest(r)
	orgs, err := w.writableOrgs(r, actor.User, d.StoredOrg)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Orgs, d.Affairs, d.Kinds, d.Accesses = orgs, km.Affairs, km.Kinds, km.Accesses
	d.Rows = append(append([]metricRow{}, d.F.Metrics...), make([]metricRow, emptyMetricRows)...)
	d.MetricCols = metricCols(d.Rows)
	f := d.F
	d.TextFields = []textField{
		{"summary", f.Summary, 3}, {"problem", f.Problem, 6}, {"actions", f.Actions, 6}, {"results", f.Results, 6},
		{"lessons", f.Lessons, 4}, {"replication", f.Replication, 4}, {"body", f.Body, 12},
	}
	if len(d.Errors) > 0 {
		d.ErrorOrder = orderErrors(d.Errors)
		if d.Message == "" {
			d.Message = i18n.T(lang, "err.validation")
		}
	}
	nav := "write"
	if d.Edit {
		nav = "practices"
	}
	w.render(rw, r, status, "form", w.newView(r, nav, d))
}

func (w *Web) newPracticeForm(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	f := practiceForm{Kind: string(km.KindGood), Access: string(km.AccessPublic)}
	if km.CanCreateIn(actor.User, actor.User.OrgPath) {
		f.Org = strconv.FormatInt(actor.User.OrgID, 10)
	}
	w.renderForm(rw, r, http.StatusOK, formData{F: f, Action: "/practices"})
}

func (w *Web) createPractice(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok || !w.parsedForm(rw, r, maxFormBytes) {
		return
	}
	lang := i18n.FromRequest(r)
	f, in, errs := parsePracticeForm(lang, r)
	in.Status = km.StatusDraft
	if r.PostForm.Get("submit") == "review" {
		in.Status = km.StatusInReview
	}
	in.ReviewBy = ""
	d := formData{F: f, Action: "/practices"}
	if len(errs) > 0 {
		w.formInvalid(rw, r, d, in, errs)
		return
	}
	p, err := w.App.CreatePractice(r.Context(), actor, in)
	if err != nil {
		w.formFailed(rw, r, d, err)
		return
	}
	w.flash(r, "web.flash.created")
	redirect(rw, r, "/practices/"+strconv.FormatInt(p.ID, 10))
}

func (w *Web) editPracticeForm(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.practiceRequest(rw, r)
	if !ok {
		return
	}
	p, err := w.App.Practice(r.Context(), actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !km.CanEdit(actor.User, &p) {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	lang := i18n.FromRequest(r)
	d := formData{F: formFromPractice(lang, p), Edit: true, StoredOrg: p.OrgID, Action: editURL(id), CanDue: km.CanPublishDirectly(actor.User, p.OrgPath)}
	w.renderForm(rw, r, http.StatusOK, d)
}

func editURL(id int64) string { return "/practices/" + strconv.FormatInt(id, 10) + "/edit" }

// practiceRequest starts a handler of one practice's forms: the signed-in
// user and the practice's id from the path. It answers the request itself
// (sign in first, 404) and reports false when the handler may not go on.
func (w *Web) practiceRequest(rw http.ResponseWriter, r *http.Request) (app.Actor, int64, bool) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return actor, 0, false
	}
	id, err := practiceID(r)
	if err != nil {
		w.fail(rw, r, err)
		return actor, 0, false
	}
	return actor, id, true
}

// parsedForm reads a posted form of at most limit bytes (0: net/http's
// own bound), answering 413 to a larger one and 400 to one it cannot
// read; it reports whether the handler may go on.
func (w *Web) parsedForm(rw http.ResponseWriter, r *http.Request, limit int64) bool {
	if limit > 0 {
		r.Body = http.MaxBytesReader(rw, r.Body, limit)
	}
	err := r.ParseForm()
	if err == nil {
		return true
	}
	lang := i18n.FromRequest(r)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		rw.Header().Set("Connection", "close") // the rest of the body will not be read
		w.errorPage(rw, r, http.StatusRequestEntityTooLarge, httperr.From(km.ErrTooLarge, lang, nil).Message)
		return false
	}
	w.errorPage(rw, r, http.StatusBadRequest, i18n.T(lang, "err.bad_request"))
	return false
}

func (w *Web) updatePractice(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.practiceRequest(rw, r)
	if !ok || !w.parsedForm(rw, r, maxFormBytes) {
		return
	}
	lang := i18n.FromRequest(r)
	f, in, errs := parsePracticeForm(lang, r)
	f.ID, in.ID = id, id
	// Check the practice exists and may be edited before showing a form
	// for it again, so a refused edit is a refusal, not a form.
	cur, err := w.App.Practice(r.Context(), actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !km.CanEdit(actor.User, &cur) {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	f.Status = cur.Status
	d := formData{F: f, Edit: true, StoredOrg: cur.OrgID, Action: editURL(id), CanDue: km.CanPublishDirectly(actor.User, cur.OrgPath)}
	if len(errs) > 0 {
		w.formInvalid(rw, r, d, in, errs)
		return
	}
	p, err := w.App.UpdatePractice(r.Context(), actor, in)
	if err != nil {
		w.formFailed(rw, r, d, err)
		return
	}
	w.flash(r, "web.flash.saved")
	redirect(rw, r, "/practices/"+strconv.FormatInt(p.ID, 10))
}

// formInvalid shows the form again with the form's own errors and those
// the domain would report for the rest, so that one round trip shows all.
func (w *Web) formInvalid(rw http.ResponseWriter, r *http.Request, d formData, in app.PracticeInput, errs map[string]string) {
	p := in.Practice
	p.Normalize()
	var ve *km.ValidationError
	if errors.As(p.Validate(), &ve) {
		for k, v := range ve.Fields {
			if _, dup := errs[k]; !dup {
				errs[k] = v
			}
		}
	}
	w.formFailed(rw, r, d, &km.ValidationError{Fields: errs})
}

// formFailed shows the form again after a use case refused it: with field
// messages for bad input, with a warning and a link for a stale edit, and
// as an error page for anything else.
func (w *Web) formFailed(rw http.ResponseWriter, r *http.Request, d formData, err error) {
	lang := i18n.FromRequest(r)
	var ve *km.ValidationError
	var ce *km.ConflictError
	switch {
	case errors.As(err, &ve):
		p := httperr.From(err, lang, w.Log)
		d.Errors, d.Message = p.Fields, p.Message
		w.renderForm(rw, r, p.Status, d)
	case errors.As(err, &ce):
		p := httperr.From(err, lang, w.Log)
		d.Conflict, d.Message = true, p.Message
		d.CurrentURL = "/practices/" + strconv.FormatInt(d.F.ID, 10)
		w.renderForm(rw, r, p.Status, d)
	default:
		w.fail(rw, r, err)
	}
}
