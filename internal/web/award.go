package web

// KM Award pages: the list of editions, an edition's public page (with its
// results once announced), the secretariat's console, the juror's
// workspace and rubric, the entrant's view, certificates and their public
// verification.
//
// Secrecy is the app layer's: every page reads through app calls that
// redact for the actor (Edition, JurorWorkspace, EntrantView, AwardResults,
// AwardCertificates), so a page cannot show what its reader may not see.
// The edition page shows results only once they are visible to everyone,
// even to the secretariat, who sees them earlier in the console.

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/award"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
	"lumbung/internal/upload"
)

// awardRoutes lists the pages of this capability. Pages under an edition
// go through one pattern ("/award/{code}/{page}") so that the verification
// page "/award/verify/{code}" stays the more specific pattern.
func (w *Web) awardRoutes() []route {
	rs := []route{
		{"GET /award", w.awardList},
		{"GET /award/verify", w.awardVerify},
		{"GET /award/verify/{cert}", w.awardVerify},
		{"GET /award/certificates/{cert}", w.awardCertificate},
		{"GET /award/{code}", w.awardEdition},
		{"GET /award/{code}/{page}", w.awardSubpage},
		{"POST /award/{code}/console/logo", w.awardUploadLogo},
		{"GET /award/{code}/jury/{round}/{entry}", w.awardRubric},
		{"POST /award/{code}/jury/{round}/{entry}", w.awardSaveSheet},
		{"POST /award/{code}/jury/conflict", w.awardDeclareConflict},
		{"POST /award/{code}/entries/{entry}/objections", w.awardFileObjection},
		{"POST /award/{code}/console/{action}", w.awardConsoleAction},
		{"POST /award/{code}/console/objections/{id}", w.awardAnswerObjection},
	}
	rs = append(rs, w.awardSnapshotRoutes()...)
	rs = append(rs, w.consoleRoutes()...)
	return append(rs, w.awardSetupRoutes()...)
}

// ---------------------------------------------------------------- errors

// awardMessage is the sentence a page shows for a refused award action,
// with its status; ok is false for errors the generic page handles. The
// app names its refusals (app.AwardRefusal, app.ErrConflictOfInterest), so
// nothing here reads the English message.
func awardMessage(lang string, err error) (status int, msg string, ok bool) {
	var ref *app.AwardRefusal
	switch {
	case errors.Is(err, app.ErrConflictOfInterest):
		return http.StatusForbidden, i18n.T(lang, "award.err.conflict_of_interest"), true
	case errors.As(err, &ref):
		return http.StatusConflict, i18n.T(lang, ref.Key), true
	case errors.Is(err, km.ErrConflict):
		return http.StatusConflict, i18n.T(lang, "award.err.conflict"), true
	}
	return 0, "", false
}

// awardFail renders a refused award action as an error page in the
// reader's language.
func (w *Web) awardFail(rw http.ResponseWriter, r *http.Request, err error) {
	if status, msg, ok := awardMessage(i18n.FromRequest(r), err); ok {
		w.errorPage(rw, r, status, msg)
		return
	}
	w.fail(rw, r, err)
}

// ---------------------------------------------------------------- shared views

// awardPhase names where an edition stands, as the public may know it
// (a draft only its secretariat sees).
func awardPhase(ed *award.Edition, now time.Time) string {
	switch {
	case ed.CallPublishedAt.IsZero():
		return "draft"
	case !ed.FinalisedAt.IsZero() && ed.ResultsVisible(now):
		return "final"
	case ed.ResultsVisible(now):
		return "announced"
	case ed.SubmissionsClosed(now):
		return "judging"
	}
	return "open"
}

// awardRoles says what the reader is in an edition.
type awardRoles struct {
	Secretariat, Juror, Entrant bool
}

// criterionView is a rubric line with its anchors in level order.
type criterionView struct {
	award.CriterionDef
	Anchors []anchorView
	Share   float64 // the weight as a share of all weights, in percent
}

type anchorView struct {
	Level, Text string
}

func criterionViews(cs []award.CriterionDef) []criterionView {
	total := 0.0
	for _, c := range cs {
		total += c.Weight
	}
	out := make([]criterionView, len(cs))
	for i, c := range cs {
		v := criterionView{CriterionDef: c}
		if total > 0 {
			v.Share = 100 * c.Weight / total
		}
		for level, text := range c.Anchors {
			v.Anchors = append(v.Anchors, anchorView{level, text})
		}
		slices.SortFunc(v.Anchors, func(a, b anchorView) int {
			x, errA := strconv.ParseFloat(a.Level, 64)
			y, errB := strconv.ParseFloat(b.Level, 64)
			if errA == nil && errB == nil && x != y {
				if x < y {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Level, b.Level)
		})
		out[i] = v
	}
	return out
}

// resultsView is a ranking as the pages show it.
type resultsView struct {
	Round      string // "" for the final ranking
	Method     award.Method
	Methods    []award.Method
	Rounds     []award.RoundDef
	Lines      []resultLine
	Charts     []jurorChart
	Categories map[string]string // code -> name
	CatOrder   []string          // category codes in the edition's order
	Orgs       map[string]string // code -> short name
	Path       string            // the page the selector form submits to
	Anchor     string
	// Hashes maps entry codes to their frozen snapshot's SHA-256, shown
	// next to each entry with a link to the page that checks a copy.
	Hashes    map[string]string
	Snapshots string
}

type resultLine struct {
	app.ResultLine
	Shortlist bool
	RoundName string
}

// resultGroup is one table of a ranking: a category's entries in the
// final ranking of an edition with categories, else every line.
type resultGroup struct {
	Category, Name string
	Lines          []resultLine
	Winners        int
	ByCategory     bool // places are within the category
}

// Groups splits the final ranking by category, in the edition's order of
// categories, when it has any; rounds and editions without categories are
// one table.
func (rv *resultsView) Groups() []resultGroup {
	count := func(g *resultGroup) {
		for _, l := range g.Lines {
			if l.Winner {
				g.Winners++
			}
		}
	}
	if rv.Round != "" || len(rv.CatOrder) == 0 {
		g := resultGroup{Lines: rv.Lines}
		count(&g)
		return []resultGroup{g}
	}
	var out []resultGroup
	for _, c := range rv.CatOrder {
		g := resultGroup{Category: c, Name: rv.Categories[c], ByCategory: true}
		for _, l := range rv.Lines {
			if l.Category == c {
				g.Lines = append(g.Lines, l)
			}
		}
		if len(g.Lines) > 0 {
			count(&g)
			out = append(out, g)
		}
	}
	return out
}

// results computes the ranking a page asks for (?round=, ?method=) through
// the app, which refuses anyone who may not see it yet; public hides the
// jurors' identities in the charts.
func (w *Web) results(r *http.Request, actor app.Actor, d *award.Data, public bool) (*resultsView, error) {
	q := r.URL.Query()
	orgs, err := w.orgLabels(r)
	if err != nil {
		return nil, err
	}
	rv := &resultsView{Methods: award.Methods, Rounds: d.Rounds, Categories: map[string]string{}, Orgs: orgs, Path: r.URL.Path, Anchor: "results",
		Hashes: map[string]string{}, Snapshots: "/award/" + url.PathEscape(d.Edition.Code) + "/snapshots"}
	for _, c := range d.Categories {
		rv.Categories[c.Code] = c.Name
		rv.CatOrder = append(rv.CatOrder, c.Code)
	}
	for _, e := range d.Entries {
		if e.SnapshotHash != "" {
			rv.Hashes[e.Code] = e.SnapshotHash
		}
	}
	roundName := map[string]string{}
	for _, x := range d.Rounds {
		roundName[x.Code] = x.Name
		if x.Code == q.Get("round") {
			rv.Round = x.Code
		}
	}
	rv.Method = d.Edition.Method
	if m, err := award.ParseMethod(q.Get("method")); err == nil && q.Get("method") != "" {
		rv.Method = m
	}
	res, err := w.App.AwardResults(r.Context(), actor, d.Edition.Code, rv.Round, rv.Method)
	if err != nil {
		return nil, err
	}
	for _, l := range res.Entries {
		rv.Lines = append(rv.Lines, resultLine{ResultLine: l, RoundName: roundName[l.LastRound]})
	}
	lang := i18n.FromRequest(r)
	chartRounds := []award.RoundDef{}
	for _, x := range d.Rounds {
		if rv.Round == "" || x.Code == rv.Round {
			chartRounds = append(chartRounds, x)
		}
	}
	for _, x := range chartRounds {
		rr := res
		if rv.Round == "" {
			if rr, err = w.App.AwardResults(r.Context(), actor, d.Edition.Code, x.Code, rv.Method); err != nil {
				return nil, err
			}
		}
		if len(rr.Jurors) > 0 {
			rv.Charts = append(rv.Charts, newJurorChart(lang, x.Code, x.Name, rr.Jurors, d.Jurors, public))
		}
	}
	return rv, nil
}

// orgLabels maps organisation codes to their short names, for tables that
// would otherwise show codes.
func (w *Web) orgLabels(r *http.Request) (map[string]string, error) {
	orgs, err := w.App.Store.Orgs(r.Context())
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(orgs))
	for _, o := range orgs {
		out[o.Code] = o.Label()
	}
	return out, nil
}

// ---------------------------------------------------------------- list and edition page

type awardListData struct {
	Items     []awardListItem
	CanCreate bool // the reader is a secretariat somewhere
}

type awardListItem struct {
	E     award.Edition
	Phase string
}

func (w *Web) awardList(rw http.ResponseWriter, r *http.Request) {
	eds, err := w.App.AwardEditions(r.Context(), auth.Actor(r))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	now := time.Now()
	v := awardListData{Items: []awardListItem{}}
	for _, e := range eds {
		v.Items = append(v.Items, awardListItem{E: e, Phase: awardPhase(&e, now)})
	}
	if u := auth.Actor(r).User; u != nil {
		v.CanCreate = u.HasRole(km.RoleSecretariat)
	}
	w.render(rw, r, http.StatusOK, "award_list", w.newView(r, "award", v))
}

type awardEditionData struct {
	D           *award.Data
	Settings    store.EditionSettings
	Phase       string
	Roles       awardRoles
	Criteria    []criterionView
	Categories  map[string]string
	Results     *resultsView
	EntrantN    int
	Certificate []store.Certificate // winners' certificates, public once the results are final
	CanRegister bool                // registration is open to the reader
}

// roles finds out what the reader is in an edition from what the app lets
// them see.
func (w *Web) roles(r *http.Request, actor app.Actor, d *award.Data) (awardRoles, []app.EntrantEntry, error) {
	var ro awardRoles
	if actor.User == nil {
		return ro, nil, nil
	}
	ro.Secretariat = actor.IsSecretariat(&d.Edition)
	ro.Juror = slices.ContainsFunc(d.Jurors, func(j award.Juror) bool { return j.UserID == actor.User.ID })
	mine, err := w.App.EntrantView(r.Context(), actor, d.Edition.Code)
	if err != nil {
		return ro, nil, err
	}
	ro.Entrant = len(mine) > 0
	return ro, mine, nil
}

func (w *Web) awardEdition(rw http.ResponseWriter, r *http.Request) {
	actor := auth.Actor(r)
	code := r.PathValue("code")
	d, err := w.App.Edition(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	settings, err := w.App.AwardSettings(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ro, mine, err := w.roles(r, actor, d)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	now := time.Now()
	v := &awardEditionData{D: d, Settings: settings, Phase: awardPhase(&d.Edition, now), Roles: ro, Criteria: criterionViews(d.Criteria),
		Categories: map[string]string{}, EntrantN: len(mine), CanRegister: canRegister(actor.User, &d.Edition)}
	for _, c := range d.Categories {
		v.Categories[c.Code] = c.Name
	}
	if v.Certificate, err = w.App.PublicCertificates(r.Context(), actor, code); err != nil {
		w.fail(rw, r, err)
		return
	}
	if d.Edition.ResultsVisible(now) {
		if v.Results, err = w.results(r, actor, d, true); err != nil {
			if st, msg, ok := awardMessage(i18n.FromRequest(r), err); ok {
				w.errorPage(rw, r, st, msg)
				return
			}
			w.fail(rw, r, err)
			return
		}
	}
	w.render(rw, r, http.StatusOK, "award_edition", w.newView(r, "award", v))
}

// awardSubpage dispatches the pages under an edition.
func (w *Web) awardSubpage(rw http.ResponseWriter, r *http.Request) {
	switch r.PathValue("page") {
	case "console":
		w.awardConsole(rw, r, http.StatusOK, nil)
	case "jury":
		w.awardJury(rw, r)
	case "entries":
		w.awardEntrant(rw, r, http.StatusOK, nil)
	case "setup":
		w.awardSetup(rw, r, http.StatusOK, nil)
	case "snapshots":
		w.awardSnapshots(rw, r, http.StatusOK, nil)
	case "logo":
		w.awardLogo(rw, r)
	default:
		w.notFound(rw, r)
	}
}

// needLogin sends a visitor who is not signed in to the login page and
// reports whether it did.
func needLogin(rw http.ResponseWriter, r *http.Request) bool {
	if auth.Actor(r).User != nil {
		return false
	}
	http.Redirect(rw, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	return true
}

// ---------------------------------------------------------------- secretariat console

// awardConsoleAction runs one of the console's buttons and forms.
func (w *Web) awardConsoleAction(rw http.ResponseWriter, r *http.Request) {
	actor := auth.Actor(r)
	ctx := r.Context()
	code := r.PathValue("code")
	action := r.PathValue("action")
	if !w.parsedForm(rw, r, 0) {
		return
	}
	f := r.PostForm
	round := f.Get("round")
	section := consoleActionSection(action)
	if section == "confirm" {
		section = ""
	}
	back := "/award/" + url.PathEscape(code) + "/console"
	if section != "" {
		back += "/" + section
	}
	if round != "" {
		back += "?round=" + url.QueryEscape(round)
	}
	// A form may ask to come back to the page it was on (a filtered,
	// paged list), within the console.
	if b := f.Get("back"); strings.HasPrefix(b, back) && !strings.ContainsAny(b, "\\\r\n") {
		back = b
	}
	var err error
	flash := "award.flash." + action
	switch action {
	case "screen":
		err = w.App.Screen(ctx, actor, code, f.Get("entry"), f.Get("outcome"), f.Get("reason"))
	case "assign":
		juror, entry := f.Get("juror"), f.Get("entry")
		// The matrix's buttons name the cell: "juror entry".
		if j, e, ok := strings.Cut(f.Get("cell"), " "); ok {
			juror, entry = j, e
		}
		err = w.App.Assign(ctx, actor, code, round, juror, entry)
		back += "#matrix"
	case "auto-assign":
		n, perr := strconv.Atoi(strings.TrimSpace(f.Get("n")))
		if perr != nil {
			err = &km.ValidationError{Fields: map[string]string{"n": "invalid_number"}}
		} else {
			_, err = w.App.AutoAssign(ctx, actor, code, round, n)
		}
	case "reopen":
		err = w.App.ReopenSheet(ctx, actor, code, round, f.Get("juror"), f.Get("entry"))
	case "shortlist":
		_, err = w.App.ConfirmShortlist(ctx, actor, code, round)
		back += "#shortlist"
	case "freeze":
		_, err = w.App.FreezeEdition(ctx, actor, code)
	case "publish":
		err = w.App.PublishResultsConfirmed(ctx, actor, code, publishConfirm(f))
		if err != nil && w.publishRefused(rw, r, err) {
			return
		}
	case "finalise":
		err = w.App.FinaliseResults(ctx, actor, code)
	case "certificates":
		_, err = w.App.IssueCertificates(ctx, actor, code)
	case "settings":
		err = w.App.SetAwardSettings(ctx, actor, code, store.EditionSettings{Description: f.Get("description"),
			ParticipantCertificates: f.Get("participant_certificates") == "1", Place: f.Get("place"),
			SignatoryName: f.Get("signatory_name"), SignatoryTitle: f.Get("signatory_title"), SignatoryNIP: f.Get("signatory_nip")})
		back += "#certificate-design"
	case "logo-remove":
		err = w.App.RemoveCertificateLogo(ctx, actor, code)
		back += "#certificate-design"
	default:
		w.notFound(rw, r)
		return
	}
	if err != nil {
		w.consoleError(rw, r, action, err)
		return
	}
	w.flash(r, flash)
	redirect(rw, r, back)
}

// consoleError shows the console again with the failed form's message and
// the person's input kept; errors the console cannot show become pages.
func (w *Web) consoleError(rw http.ResponseWriter, r *http.Request, action string, err error) {
	lang := i18n.FromRequest(r)
	var ve *km.ValidationError
	status, msg, ok := awardMessage(lang, err)
	switch {
	case errors.As(err, &ve):
		status, msg = http.StatusUnprocessableEntity, i18n.T(lang, "err.validation")
	case errors.Is(err, km.ErrNotFound) && r.PathValue("action") != "":
		// An unknown entry, juror or round in a form: the edition exists.
		if _, e2 := w.App.Edition(r.Context(), auth.Actor(r), r.PathValue("code")); e2 != nil {
			w.fail(rw, r, err)
			return
		}
		status, msg = http.StatusUnprocessableEntity, i18n.T(lang, "err.not_found")
	case !ok:
		w.fail(rw, r, err)
		return
	}
	w.showConsole(rw, r, consoleActionSection(action), status, func(c *consolePage) {
		c.Failed, c.Error, c.Input = action, msg, r.PostForm
		if ve != nil {
			c.Errors = map[string]string{}
			for k, v := range ve.Fields {
				c.Errors[k] = i18n.T(lang, v)
			}
		}
	})
}

func (w *Web) awardAnswerObjection(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		w.fail(rw, r, km.ErrNotFound)
		return
	}
	answer := w.App.AnswerObjection
	if r.FormValue("reopen") == "1" {
		// Back to judging: the warning next to the choice says so.
		answer = w.App.AnswerObjectionReopen
	}
	if err := answer(r.Context(), auth.Actor(r), code, id, r.FormValue("answer")); err != nil {
		w.consoleError(rw, r, "answer-"+strconv.FormatInt(id, 10), err)
		return
	}
	w.flash(r, "award.flash.answer")
	redirect(rw, r, "/award/"+url.PathEscape(code)+"/console/objections#objection-"+strconv.FormatInt(id, 10))
}

// ---------------------------------------------------------------- juror workspace

type juryData struct {
	D     *award.Data
	Orgs  map[string]string // organisation code -> name
	Items []workItemView
	Phase string
	Error string
	// CanDeclare: the phase still allows declaring a conflict (it removes
	// an assignment, which would move published results).
	CanDeclare bool
}

type workItemView struct {
	app.WorkItem
	Status string // todo, draft, submitted
}

func (w *Web) awardJury(rw http.ResponseWriter, r *http.Request) {
	if needLogin(rw, r) {
		return
	}
	w.showJury(rw, r, http.StatusOK, "")
}

func (w *Web) showJury(rw http.ResponseWriter, r *http.Request, status int, msg string) {
	d, items, err := w.App.JurorWorkspace(r.Context(), auth.Actor(r), r.PathValue("code"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	orgs, err := w.orgLabels(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	jd := juryData{D: d, Orgs: orgs, Phase: awardPhase(&d.Edition, time.Now()), Error: msg,
		CanDeclare: award.Allowed(award.ActDeclare, d.Edition.Phase(time.Now()))}
	for _, it := range items {
		v := workItemView{WorkItem: it, Status: "todo"}
		if it.Sheet != nil {
			v.Status = it.Sheet.Status
		}
		jd.Items = append(jd.Items, v)
	}
	w.render(rw, r, status, "award_jury", w.newView(r, "award", jd))
}

type rubricData struct {
	D        *award.Data
	Round    award.RoundDef
	Entry    award.Entry
	OrgName  string // the entry's organisation
	Criteria []criterionView
	Values   map[string]string
	Comment  string
	Note     string
	Status   string // the stored sheet's status, "" before the first save
	ReadOnly bool
	Error    string
	Errors   map[string]string
	// What the entrant submitted besides the form, for an assigned juror:
	// the evidence files (downloads the app allows them) and the linked
	// practices.
	Evidence  []award.Evidence
	Practices []linkedPractice
	// Frozen holds the linked practices' content as frozen in the entry's
	// snapshot; when there is none (an entry frozen before content was
	// kept) the page lists Practices as they are now.
	Frozen []frozenPracticeView
}

// frozenPracticeView is a practice as the entry submitted it, its body
// rendered as the practice page renders it.
type frozenPracticeView struct {
	award.FrozenPractice
	BodyHTML template.HTML
}

// linkedPractice is a practice an entry links. One the reader may not
// read shows as its number only: its title is not theirs to see.
type linkedPractice struct {
	ID       int64
	Title    string
	Readable bool
}

// linkedPractices looks up the practices an entry links, as the reader
// may see them.
func (w *Web) linkedPractices(r *http.Request, ids []int64) ([]linkedPractice, error) {
	out := make([]linkedPractice, 0, len(ids))
	for _, id := range ids {
		p, err := w.App.Practice(r.Context(), auth.Actor(r), id)
		switch {
		case err == nil:
			out = append(out, linkedPractice{ID: id, Title: p.Title, Readable: true})
		case errors.Is(err, km.ErrNotFound):
			out = append(out, linkedPractice{ID: id})
		default:
			return nil, err
		}
	}
	return out, nil
}

// rubric loads the juror's own sheet for an entry in a round. An entry the
// juror is not assigned to is not found, unless assigned is false (a
// failed POST re-rendering for a conflicted juror).
func (w *Web) rubric(r *http.Request, mustBeAssigned bool) (*rubricData, error) {
	d, items, err := w.App.JurorWorkspace(r.Context(), auth.Actor(r), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	orgs, err := w.orgLabels(r)
	if err != nil {
		return nil, err
	}
	rd := &rubricData{D: d, Criteria: criterionViews(d.Criteria), Values: map[string]string{}}
	// Whichever way rd is found below, it names the entry's agency.
	defer func() { rd.OrgName = cmpOr(orgs[rd.Entry.OrgCode], rd.Entry.OrgCode) }()
	lang := i18n.FromRequest(r)
	for _, it := range items {
		if it.Round.Code == r.PathValue("round") && it.Entry.Code == r.PathValue("entry") {
			rd.Round, rd.Entry = it.Round, it.Entry
			if it.Sheet != nil {
				rd.Status, rd.Comment, rd.Note = it.Sheet.Status, it.Sheet.Comment, it.Sheet.PrivateNote
				for k, x := range it.Sheet.Values {
					rd.Values[k] = plainNumber(lang, x)
				}
			}
			rd.ReadOnly = rd.Status == award.SheetSubmitted || !award.Allowed(award.ActScore, d.Edition.Phase(time.Now()))
			rd.Evidence = it.Entry.Evidence
			frozen, ok, err := w.App.SubmittedPractices(r.Context(), auth.Actor(r), d.Edition.Code, it.Entry.Code)
			if err != nil {
				return nil, err
			}
			if ok {
				for _, p := range frozen {
					rd.Frozen = append(rd.Frozen, frozenPracticeView{FrozenPractice: p, BodyHTML: w.Markdown.Render(p.Body)})
				}
				return rd, nil
			}
			if rd.Practices, err = w.linkedPractices(r, it.Entry.Practices); err != nil {
				return nil, err
			}
			return rd, nil
		}
	}
	if mustBeAssigned {
		return nil, km.ErrNotFound
	}
	for _, x := range d.Rounds {
		if x.Code == r.PathValue("round") {
			rd.Round = x
		}
	}
	for _, e := range d.Entries {
		if e.Code == r.PathValue("entry") {
			rd.Entry = e
		}
	}
	if rd.Round.Code == "" || rd.Entry.Code == "" {
		return nil, km.ErrNotFound
	}
	return rd, nil
}

func (w *Web) awardRubric(rw http.ResponseWriter, r *http.Request) {
	if needLogin(rw, r) {
		return
	}
	rd, err := w.rubric(r, true)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "award_rubric", w.newView(r, "award", rd))
}

func (w *Web) awardSaveSheet(rw http.ResponseWriter, r *http.Request) {
	actor := auth.Actor(r)
	lang := i18n.FromRequest(r)
	code := r.PathValue("code")
	if !w.parsedForm(rw, r, 0) {
		return
	}
	d, err := w.App.Edition(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	in := app.SheetInput{Values: map[string]float64{}, Comment: r.PostForm.Get("comment"), PrivateNote: r.PostForm.Get("note"),
		Submit: r.PostForm.Get("action") == "submit"}
	typed := map[string]string{}
	fieldErrs := map[string]string{}
	for _, c := range d.Criteria {
		s := strings.TrimSpace(r.PostForm.Get("c." + c.Code))
		typed[c.Code] = s
		if s == "" {
			continue
		}
		x, ok := parseNumber(lang, s)
		switch {
		case !ok:
			fieldErrs[c.Code] = i18n.T(lang, "invalid_number")
		case x < c.Min || x > c.Max:
			// The app refuses it too; checked here so that every field's
			// problem shows at once.
			fieldErrs[c.Code] = i18n.T(lang, award.KeyScoreOutOfRange)
		default:
			in.Values[c.Code] = x
		}
	}
	if len(fieldErrs) == 0 {
		err = w.App.SaveSheet(r.Context(), actor, code, r.PathValue("round"), r.PathValue("entry"), in)
	} else {
		err = &km.ValidationError{}
	}
	if err == nil {
		if in.Submit {
			w.flash(r, "award.flash.submit")
		} else {
			w.flash(r, "award.flash.draft")
		}
		if in.Submit {
			redirect(rw, r, "/award/"+url.PathEscape(code)+"/jury")
		} else {
			redirect(rw, r, r.URL.Path)
		}
		return
	}
	// Show the form again with what was typed and why it was refused.
	status, msg, ok := awardMessage(lang, err)
	var ve *km.ValidationError
	switch {
	case errors.As(err, &ve):
		status, msg = http.StatusUnprocessableEntity, i18n.T(lang, "err.validation")
		for f, k := range ve.Fields {
			if c, ok := strings.CutPrefix(f, "values."); ok {
				fieldErrs[c] = i18n.T(lang, k)
			} else if msg == i18n.T(lang, "err.validation") {
				msg += " " + i18n.T(lang, k)
			}
		}
	case !ok:
		w.fail(rw, r, err)
		return
	}
	rd, rerr := w.rubric(r, false)
	if rerr != nil {
		w.errorPage(rw, r, status, msg)
		return
	}
	rd.Values, rd.Comment, rd.Note = typed, in.Comment, in.PrivateNote
	rd.Error, rd.Errors = msg, fieldErrs
	if errors.Is(err, app.ErrConflictOfInterest) {
		rd.ReadOnly = true // nothing was stored, and nothing may be
	}
	w.render(rw, r, status, "award_rubric", w.newView(r, "award", rd))
}

func (w *Web) awardDeclareConflict(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	err := w.App.DeclareConflict(r.Context(), auth.Actor(r), code, r.FormValue("entry"), r.FormValue("reason"))
	if err != nil {
		if errors.Is(err, km.ErrNotFound) {
			w.showJury(rw, r, http.StatusUnprocessableEntity, i18n.T(i18n.FromRequest(r), "award.jury.unknown_entry"))
			return
		}
		w.awardFail(rw, r, err)
		return
	}
	w.flash(r, "award.flash.conflict")
	redirect(rw, r, "/award/"+url.PathEscape(code)+"/jury")
}

// ---------------------------------------------------------------- entrant view

type entrantData struct {
	D           *award.Data
	Orgs        map[string]string
	Phase       string
	Entries     []entrantEntryView
	Criteria    []criterionView
	Categories  map[string]string
	Objections  bool // the window is open
	Visible     bool // results visible
	FailedEntry string
	Error       string
	Errors      map[string]string
	Body        string
	// Registration and changes before the deadline.
	Open    bool                // registration is open
	Choices []app.EntrantChoice // organisations the reader may enter for
	Form    formState           // the registration, change and evidence forms
}

type entrantEntryView struct {
	app.EntrantEntry
	Rounds   []entrantRound
	Certs    []store.Certificate
	Editable bool               // before the deadline: the form and evidence uploads
	Choice   *app.EntrantChoice // its organisation's practices to link
}

// Linked reports whether the entry links practice id.
func (v entrantEntryView) Linked(id int64) bool { return slices.Contains(v.Entry.Practices, id) }

type entrantRound struct {
	Name   string
	Sheets []entrantSheet
}

type entrantSheet struct {
	Juror   int // 1, 2, …: jurors stay anonymous
	Values  []string
	Comment string
}

func (w *Web) awardEntrant(rw http.ResponseWriter, r *http.Request, status int, edit func(*entrantData)) {
	if needLogin(rw, r) {
		return
	}
	actor := auth.Actor(r)
	code := r.PathValue("code")
	d, err := w.App.Edition(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	mine, err := w.App.EntrantView(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	certs, err := w.App.AwardCertificates(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	orgs, err := w.orgLabels(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	now := time.Now()
	choices, err := w.App.EntrantChoices(r.Context(), actor, code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ed := &entrantData{D: d, Orgs: orgs, Phase: awardPhase(&d.Edition, now), Criteria: criterionViews(d.Criteria), Categories: map[string]string{},
		Objections: d.Edition.ObjectionsOpen(now), Visible: d.Edition.ResultsVisible(now), Open: d.Edition.RegistrationOpen(now),
		Choices: choices, Form: formState{Lang: lang}}
	for _, c := range d.Categories {
		ed.Categories[c.Code] = c.Name
	}
	for _, x := range mine {
		v := entrantEntryView{EntrantEntry: x, Editable: x.Entry.FrozenAt.IsZero() && !d.Edition.SubmissionsClosed(now)}
		for i := range choices {
			if choices[i].Org.ID == x.Entry.OrgID {
				v.Choice = &choices[i]
			}
		}
		for _, c := range certs {
			if c.EntryID == x.Entry.ID {
				v.Certs = append(v.Certs, c)
			}
		}
		for _, rd := range d.Rounds {
			er := entrantRound{Name: rd.Name}
			for _, s := range x.Sheets {
				if s.RoundID != rd.ID {
					continue
				}
				es := entrantSheet{Juror: len(er.Sheets) + 1, Comment: s.Comment}
				for _, c := range d.Criteria {
					if val, ok := s.Values[c.Code]; ok {
						es.Values = append(es.Values, formatNumber(lang, val))
					} else {
						es.Values = append(es.Values, "–")
					}
				}
				er.Sheets = append(er.Sheets, es)
			}
			if len(er.Sheets) > 0 {
				v.Rounds = append(v.Rounds, er)
			}
		}
		ed.Entries = append(ed.Entries, v)
	}
	if edit != nil {
		edit(ed)
	}
	w.render(rw, r, status, "award_entrant", w.newView(r, "award", ed))
}

func (w *Web) awardFileObjection(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	entry := r.PathValue("entry")
	body := r.FormValue("body")
	_, err := w.App.FileObjection(r.Context(), auth.Actor(r), code, entry, body)
	if err == nil {
		w.flash(r, "award.flash.objection")
		redirect(rw, r, "/award/"+url.PathEscape(code)+"/entries#entry-"+url.PathEscape(entry))
		return
	}
	lang := i18n.FromRequest(r)
	var ve *km.ValidationError
	status, msg, ok := awardMessage(lang, err)
	switch {
	case errors.As(err, &ve):
		status, msg = http.StatusUnprocessableEntity, i18n.T(lang, "err.validation")
	case !ok:
		w.fail(rw, r, err)
		return
	}
	w.awardEntrant(rw, r, status, func(d *entrantData) {
		d.FailedEntry, d.Error, d.Body = entry, msg, body
		if ve != nil {
			d.Errors = map[string]string{}
			for k, v := range ve.Fields {
				d.Errors[k] = i18n.T(lang, v)
			}
		}
	})
}

// ---------------------------------------------------------------- certificates

type verifyData struct {
	Code     string
	Asked    bool
	Found    bool
	Cert     store.Certificate
	Edition  award.Edition
	NotFound string
}

func (w *Web) awardVerify(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("cert")
	if code == "" {
		code = r.URL.Query().Get("code")
	}
	v := verifyData{Code: app.NormalizeCertificateCode(code), Asked: strings.TrimSpace(code) != ""}
	status := http.StatusOK
	if v.Asked {
		c, err := w.App.VerifyCertificate(r.Context(), code)
		switch {
		case err == nil:
			v.Found, v.Cert = true, c
		case errors.Is(err, km.ErrNotFound):
			status = http.StatusNotFound
			v.NotFound = i18n.T(i18n.FromRequest(r), "award.verify.not_found")
		default:
			w.fail(rw, r, err)
			return
		}
	}
	w.render(rw, r, status, "award_verify", w.newView(r, "award", v))
}

// awardCertificate serves a certificate as a PDF to whoever may download
// it (app.CertificatePDF): a winner's certificate to anyone once the
// results are final, signed in or not. Its verification address comes
// from the configured base URL, never from the request.
func (w *Web) awardCertificate(rw http.ResponseWriter, r *http.Request) {
	code := app.NormalizeCertificateCode(strings.TrimSuffix(r.PathValue("cert"), ".pdf"))
	pdf, c, err := w.App.CertificatePDF(r.Context(), auth.Actor(r), code)
	if err != nil {
		w.awardFail(rw, r, err)
		return
	}
	downloadHeaders(rw.Header(), "sertifikat-"+strings.ToLower(c.Code)+".pdf", "application/pdf", "private, no-store")
	rw.Write(pdf)
}

// awardLogo shows the logo printed on an edition's certificates.
func (w *Web) awardLogo(rw http.ResponseWriter, r *http.Request) {
	b, typ, err := w.App.CertificateLogo(r.Context(), auth.Actor(r), r.PathValue("code"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", typ)
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	rw.Header().Set("Cache-Control", "private, no-cache")
	rw.Write(b)
}

// awardUploadLogo stores the logo printed on an edition's certificates:
// the multipart field "file", a PNG or JPEG the app sniffs and bounds.
func (w *Web) awardUploadLogo(rw http.ResponseWriter, r *http.Request) {
	if needLogin(rw, r) {
		return
	}
	code := r.PathValue("code")
	part, err := upload.File(rw, r, app.MaxLogoBytes)
	switch {
	case errors.Is(err, upload.ErrNoFile) || errors.Is(err, upload.ErrMalformed):
		err = &km.ValidationError{Fields: map[string]string{"logo": "err.missing_file"}}
	case errors.Is(err, km.ErrTooLarge):
		err = &km.ValidationError{Fields: map[string]string{"logo": "award.err.logo_too_large"}}
	case err == nil:
		err = w.App.SetCertificateLogo(r.Context(), auth.Actor(r), code, part)
		part.Close()
	}
	if err != nil {
		w.consoleError(rw, r, "logo", err)
		return
	}
	w.flash(r, "award.flash.logo")
	redirect(rw, r, "/award/"+url.PathEscape(code)+"/console#certificate-design")
}
