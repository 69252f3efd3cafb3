package web

// The secretariat's console: one page per task under
// /award/{code}/console/… (overview, entries and screening, jury and
// assignment, scoring progress, results, objections, certificates), and a
// confirmation page before each step that cannot be undone (freeze,
// publish, finalise). Every control is shown only when the edition's phase
// allows it (award.Allowed); otherwise the page says when it will be, or
// was, available. The POST actions stay in award.go.

import (
	"errors"
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
)

// consoleSections are the console's pages in the order of the tab bar;
// "" is the overview at /award/{code}/console.
var consoleSections = []string{"", "entries", "jury", "progress", "results", "objections", "certificates"}

// consoleSteps are the steps that go through a confirmation page.
var consoleSteps = map[string]award.Action{"freeze": award.ActFreeze, "publish": award.ActPublish, "finalise": award.ActFinalise}

// consoleEntriesPerPage is the size of a page of the entries list.
const consoleEntriesPerPage = 20

// consoleRoutes lists the console's pages; "/award/{code}/console" itself
// goes through awardSubpage.
func (w *Web) consoleRoutes() []route {
	return []route{
		{"GET /award/{code}/console/{section}", w.awardConsoleSection},
		{"GET /award/{code}/console/confirm/{step}", w.awardConsoleConfirm},
	}
}

// consoleTab is one link of the console's tab bar.
type consoleTab struct {
	Key, Href string
	Current   bool
}

// consolePage is what every console page shows (the base) and the one
// section it is about.
type consolePage struct {
	D       *award.Data
	Code    string
	Section string
	Tabs    []consoleTab
	Phase   award.Phase
	Orgs    map[string]string // organisation code -> name
	Now     time.Time
	lang    string
	// A failed action: its form, message and field errors, and the input.
	Failed string
	Error  string
	Errors map[string]string
	Input  url.Values

	Overview   *consoleOverview
	Entries    *consoleEntries
	Jury       *consoleJury
	Progress   *consoleProgress
	Results    *resultsView
	ResultsErr string
	Objections []objectionView
	Certs      []store.Certificate
	Confirm    *consoleConfirm
	Settings   store.EditionSettings
}

// PhaseName is the key suffix of the edition's phase (award.cphase.*).
func (c *consolePage) PhaseName() string { return c.Phase.String() }

// Can reports whether the edition's phase allows an action (an
// award.Action name such as "screen" or "assign").
func (c *consolePage) Can(action string) bool { return award.Allowed(award.Action(action), c.Phase) }

// Why says, in the reader's language, why an action is not available now:
// the phases that allow it are before or after this one.
func (c *consolePage) Why(action string) string {
	a := award.Action(action)
	var allowed []string
	first := award.PhaseFinal + 1
	for p := award.PhaseDraft; p <= award.PhaseFinal; p++ {
		if award.Allowed(a, p) {
			allowed = append(allowed, i18n.T(c.lang, "award.cphase."+p.String()))
			first = min(first, p)
		}
	}
	if len(allowed) == 0 {
		return ""
	}
	key := "award.cn.why_later"
	if c.Phase < first {
		key = "award.cn.why_not_yet"
	}
	return i18n.T(c.lang, key, strings.Join(allowed, ", "), i18n.T(c.lang, "award.cphase."+c.Phase.String()))
}

// Href is the address of a console section, "" for the overview.
func (c *consolePage) Href(section string) string {
	p := "/award/" + url.PathEscape(c.Code) + "/console"
	if section != "" {
		p += "/" + section
	}
	return p
}

// OrgName is an organisation's name, its code when it has none.
func (c *consolePage) OrgName(code string) string {
	if n := c.Orgs[code]; n != "" {
		return n
	}
	return code
}

// consoleOverview is the overview's figures: where registration,
// screening and scoring stand.
type consoleOverview struct {
	Entries, Submitted               int
	Screened, Passed, Failed         int
	Sheets, SheetsDone, SheetsDrafts int
	Objections, Unanswered           int
	Rounds                           []roundProgress
	Steps                            []consoleStep
}

// roundProgress is one round's scoring: submitted sheets of assigned ones.
type roundProgress struct {
	Round                       award.RoundDef
	Assigned, Submitted, Drafts int
	Percent                     int
}

// consoleStep is one of the irreversible steps as the overview offers it.
type consoleStep struct {
	Step, Action string
	Done         time.Time
}

// consoleEntries is a page of the entries list and its filter.
type consoleEntries struct {
	Q, Screening, Category string
	Page, Pages, Total     int
	Rows                   []award.Entry
	Prev, Next             string // links to the neighbouring pages, "" at the ends
}

// consoleJury is the jury page: the jurors, and the assignment matrix of
// one round.
type consoleJury struct {
	Round  award.RoundDef
	Jurors []jurorRow
	Matrix []matrixRow
	// Split holds the round's groups of jurors who share no entries, when
	// there is more than one: their scores cannot be compared fairly.
	Split []jurorGroup
}

// jurorRow is a juror with their load in the chosen round.
type jurorRow struct {
	award.Juror
	OrgName             string
	Assigned, Conflicts int
}

type matrixRow struct {
	E        award.Entry
	Cells    []matrixCell
	Assigned int
}

type matrixCell struct {
	Juror      award.Juror
	Assigned   bool
	Conflicted bool
	Sheet      string // "", draft or submitted
}

// jurorGroup is one connected part of a round's assignments, its jurors
// named for the secretariat.
type jurorGroup struct {
	Jurors  []award.Juror
	Entries []string
}

// splitGroups returns the round's juror groups when its assignments form
// more than one, nil when they are connected (or empty).
func splitGroups(d *award.Data, roundID int64) []jurorGroup {
	gs := award.Groups(d.RoundPairs(roundID))
	if len(gs) < 2 {
		return nil
	}
	byCode := map[string]award.Juror{}
	for _, j := range d.Jurors {
		byCode[j.Code()] = j
	}
	out := make([]jurorGroup, len(gs))
	for i, g := range gs {
		out[i].Entries = g.Entries
		for _, code := range g.Jurors {
			out[i].Jurors = append(out[i].Jurors, byCode[code])
		}
	}
	return out
}

// consoleProgress is the scoring progress page: each round's jurors, the
// unfinished sheets, the round's private notes and its shortlist.
type consoleProgress struct {
	Rounds     []progressRound
	Unfinished []unfinishedView
	Round      award.RoundDef // the round whose notes and shortlist show
	Notes      []noteView
	Shortlist  []award.Entry
}

type progressRound struct {
	Round  award.RoundDef
	Jurors []jurorProgress
}

type jurorProgress struct {
	app.JurorProgress
	Percent int
}

// unfinishedView is an unfinished sheet named for a person: the round's,
// the juror's and the entry's names.
type unfinishedView struct {
	app.UnfinishedSheet
	RoundName, JurorName, EntryTitle string
}

// noteView is a juror's private note on an entry, as the secretariat
// reads it.
type noteView struct {
	Entry  award.Entry
	Juror  award.Juror
	Status string
	Note   string
}

type objectionView struct {
	award.Objection
	Entry award.Entry
}

// consoleConfirm is a confirmation page's content.
type consoleConfirm struct {
	Step, Action string
	Unfinished   []unfinishedView
	Changed      bool // the list differs from the one confirmed
	Reason       string
}

// Value is how an unfinished sheet travels in a hidden input.
func (u unfinishedView) Value() string { return u.Round + " " + u.Juror + " " + u.Entry }

// percent is part of whole in whole percents, 0 of nothing.
func percent(part, whole int) int {
	if whole <= 0 {
		return 0
	}
	return 100 * part / whole
}

func (w *Web) awardConsoleSection(rw http.ResponseWriter, r *http.Request) {
	s := r.PathValue("section")
	if s == "" || !slices.Contains(consoleSections, s) {
		w.notFound(rw, r)
		return
	}
	w.showConsole(rw, r, s, http.StatusOK, nil)
}

func (w *Web) awardConsoleConfirm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := consoleSteps[r.PathValue("step")]; !ok {
		w.notFound(rw, r)
		return
	}
	w.showConsole(rw, r, "confirm", http.StatusOK, nil)
}

// awardConsole shows the console's overview; edit, when given, changes
// the page before rendering (a failed action's message).
func (w *Web) awardConsole(rw http.ResponseWriter, r *http.Request, status int, edit func(*consolePage)) {
	w.showConsole(rw, r, "", status, edit)
}

// showConsole loads the edition for the secretariat and renders one
// section of the console.
func (w *Web) showConsole(rw http.ResponseWriter, r *http.Request, section string, status int, edit func(*consolePage)) {
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
	if !actor.IsSecretariat(&d.Edition) {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	orgs, err := w.orgLabels(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	now := time.Now()
	c := &consolePage{D: d, Code: d.Edition.Code, Section: section, Phase: d.Edition.Phase(now), Orgs: orgs, Now: now, lang: i18n.FromRequest(r)}
	tabSection := section
	if section == "confirm" {
		tabSection = ""
	}
	for _, s := range consoleSections {
		c.Tabs = append(c.Tabs, consoleTab{Key: s, Href: c.Href(s), Current: s == tabSection})
	}
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		q = r.Form
	}
	switch section {
	case "":
		if c.Settings, err = w.App.AwardSettings(r.Context(), actor, code); err == nil {
			c.Overview = overviewOf(d, now)
		}
	case "entries":
		c.Entries = entriesOf(c, q)
	case "jury":
		c.Jury = juryOf(c, q.Get("round"))
	case "progress":
		c.Progress, err = w.progressOf(r, actor, c, q.Get("round"))
	case "results":
		err = w.consoleResults(r, actor, c)
	case "objections":
		for _, o := range d.Objections {
			c.Objections = append(c.Objections, objectionView{Objection: o, Entry: d.EntryByID(o.EntryID)})
		}
	case "certificates":
		c.Certs, err = w.App.AwardCertificates(r.Context(), actor, code)
	case "confirm":
		step := r.PathValue("step")
		if step == "" {
			step = r.PathValue("action")
		}
		c.Confirm = &consoleConfirm{Step: step, Action: string(consoleSteps[step])}
		if step == "publish" {
			var p app.ScoringProgress
			if p, err = w.App.AwardProgress(r.Context(), actor, code); err == nil {
				c.Confirm.Unfinished = unfinishedViews(d, p.Unfinished)
			}
		}
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if edit != nil {
		edit(c)
	}
	name := "award_console"
	if section != "" {
		name += "_" + section
	}
	w.render(rw, r, status, name, w.newView(r, "award", c))
}

// CategoryName is a category's name, its code when it has none.
func (c *consolePage) CategoryName(code string) string {
	for _, x := range c.D.Categories {
		if x.Code == code && x.Name != "" {
			return x.Name
		}
	}
	return code
}

// overviewOf counts where the edition stands.
func overviewOf(d *award.Data, now time.Time) *consoleOverview {
	o := &consoleOverview{Entries: len(d.Entries), Objections: len(d.Objections)}
	for _, e := range d.Entries {
		if !e.SubmittedAt.IsZero() || !e.FrozenAt.IsZero() { // imported entries are frozen, never "submitted"
			o.Submitted++
		}
		switch e.Screening {
		case "pass":
			o.Screened++
			o.Passed++
		case "fail":
			o.Screened++
			o.Failed++
		}
	}
	for _, ob := range d.Objections {
		if ob.AnsweredAt.IsZero() {
			o.Unanswered++
		}
	}
	status := map[award.Assignment]string{}
	for _, s := range d.Sheets {
		status[award.Assignment{RoundID: s.RoundID, JurorID: s.JurorID, EntryID: s.EntryID}] = s.Status
	}
	byRound := map[int64]*roundProgress{}
	for _, x := range d.Rounds {
		o.Rounds = append(o.Rounds, roundProgress{Round: x})
	}
	for i := range o.Rounds {
		byRound[o.Rounds[i].Round.ID] = &o.Rounds[i]
	}
	for _, a := range d.Assignments {
		rp := byRound[a.RoundID]
		if rp == nil {
			continue
		}
		rp.Assigned++
		switch status[a] {
		case award.SheetSubmitted:
			rp.Submitted++
		case award.SheetDraft:
			rp.Drafts++
		}
	}
	for i := range o.Rounds {
		rp := &o.Rounds[i]
		rp.Percent = percent(rp.Submitted, rp.Assigned)
		o.Sheets += rp.Assigned
		o.SheetsDone += rp.Submitted
		o.SheetsDrafts += rp.Drafts
	}
	ed := &d.Edition
	o.Steps = []consoleStep{{"freeze", string(award.ActFreeze), ed.FrozenAt}, {"publish", string(award.ActPublish), ed.PublishedAt},
		{"finalise", string(award.ActFinalise), ed.FinalisedAt}}
	return o
}

// Pct is a share in whole percents, for the overview's bars.
func (o *consoleOverview) Pct(part, whole int) int { return percent(part, whole) }

// entriesOf filters and pages the entries by the query (?q=, ?screening=,
// ?category=, ?page=).
func entriesOf(c *consolePage, q url.Values) *consoleEntries {
	v := &consoleEntries{Q: strings.TrimSpace(q.Get("q")), Screening: q.Get("screening"), Category: q.Get("category")}
	needle := strings.ToLower(v.Q)
	var rows []award.Entry
	for _, e := range c.D.Entries {
		switch v.Screening {
		case "pass", "fail":
			if e.Screening != v.Screening {
				continue
			}
		case "pending":
			if e.Screening == "pass" || e.Screening == "fail" {
				continue
			}
		}
		if v.Category != "" && e.CategoryCode != v.Category {
			continue
		}
		if needle != "" && !strings.Contains(strings.ToLower(e.Title+" "+e.Code+" "+e.OrgCode+" "+c.OrgName(e.OrgCode)), needle) {
			continue
		}
		rows = append(rows, e)
	}
	v.Total = len(rows)
	v.Pages = max(1, (v.Total+consoleEntriesPerPage-1)/consoleEntriesPerPage)
	v.Page, _ = strconv.Atoi(q.Get("page"))
	v.Page = min(max(v.Page, 1), v.Pages)
	from := (v.Page - 1) * consoleEntriesPerPage
	v.Rows = rows[from:min(from+consoleEntriesPerPage, len(rows))]
	link := func(page int) string {
		if q := v.query(page); q != "" {
			return c.Href("entries") + "?" + q
		}
		return c.Href("entries")
	}
	if v.Page > 1 {
		v.Prev = link(v.Page - 1)
	}
	if v.Page < v.Pages {
		v.Next = link(v.Page + 1)
	}
	return v
}

// Query is the list's query string as shown, "" when it has none.
func (v *consoleEntries) Query() string { return v.query(v.Page) }

func (v *consoleEntries) query(page int) string {
	p := url.Values{}
	for k, x := range map[string]string{"q": v.Q, "screening": v.Screening, "category": v.Category} {
		if x != "" {
			p.Set(k, x)
		}
	}
	if page > 1 {
		p.Set("page", strconv.Itoa(page))
	}
	return p.Encode()
}

// chosenRound is the round named code, else the first.
func chosenRound(d *award.Data, code string) award.RoundDef {
	var out award.RoundDef
	if len(d.Rounds) > 0 {
		out = d.Rounds[0]
	}
	for _, x := range d.Rounds {
		if x.Code == code {
			out = x
		}
	}
	return out
}

// juryOf builds the jurors' list and the assignment matrix of a round.
func juryOf(c *consolePage, round string) *consoleJury {
	d := c.D
	v := &consoleJury{Round: chosenRound(d, round)}
	declared := map[[2]int64]bool{}
	for _, x := range d.Conflicts {
		declared[[2]int64{x.JurorID, x.EntryID}] = true
	}
	sheets := map[[2]int64]string{}
	for _, s := range d.Sheets {
		if s.RoundID == v.Round.ID {
			sheets[[2]int64{s.JurorID, s.EntryID}] = s.Status
		}
	}
	assigned := map[[2]int64]bool{}
	for _, a := range d.Assignments {
		if a.RoundID == v.Round.ID {
			assigned[[2]int64{a.JurorID, a.EntryID}] = true
		}
	}
	v.Jurors = make([]jurorRow, len(d.Jurors))
	for i, j := range d.Jurors {
		v.Jurors[i] = jurorRow{Juror: j, OrgName: c.OrgName(j.OrgCode)}
		if j.OrgCode == "" {
			v.Jurors[i].OrgName = ""
		}
	}
	v.Matrix = make([]matrixRow, 0, len(d.Entries))
	for _, e := range d.Entries {
		row := matrixRow{E: e, Cells: make([]matrixCell, len(d.Jurors))}
		for i, j := range d.Jurors {
			k := [2]int64{j.ID, e.ID}
			cell := matrixCell{Juror: j, Assigned: assigned[k], Sheet: sheets[k], Conflicted: j.ConflictedWith(e.OrgPath) || declared[k]}
			if cell.Assigned {
				row.Assigned++
				v.Jurors[i].Assigned++
			}
			if cell.Conflicted {
				v.Jurors[i].Conflicts++
			}
			row.Cells[i] = cell
		}
		v.Matrix = append(v.Matrix, row)
	}
	v.Split = splitGroups(d, v.Round.ID)
	return v
}

// unfinishedViews names the unfinished sheets for a person.
func unfinishedViews(d *award.Data, us []app.UnfinishedSheet) []unfinishedView {
	rounds, jurors, entries := map[string]string{}, map[string]string{}, map[string]string{}
	for _, x := range d.Rounds {
		rounds[x.Code] = x.Name
	}
	for _, j := range d.Jurors {
		jurors[j.Email] = j.Name
	}
	for _, e := range d.Entries {
		entries[e.Code] = e.Title
	}
	out := make([]unfinishedView, len(us))
	for i, u := range us {
		out[i] = unfinishedView{UnfinishedSheet: u, RoundName: cmpOr(rounds[u.Round], u.Round), JurorName: cmpOr(jurors[u.Juror], u.Juror),
			EntryTitle: cmpOr(entries[u.Entry], u.Entry)}
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// progressOf builds the scoring progress page from the app's report.
func (w *Web) progressOf(r *http.Request, actor app.Actor, c *consolePage, round string) (*consoleProgress, error) {
	d := c.D
	p, err := w.App.AwardProgress(r.Context(), actor, d.Edition.Code)
	if err != nil {
		return nil, err
	}
	v := &consoleProgress{Unfinished: unfinishedViews(d, p.Unfinished), Round: chosenRound(d, round)}
	for _, x := range d.Rounds {
		pr := progressRound{Round: x}
		for _, j := range p.Jurors {
			if j.Round == x.Code {
				pr.Jurors = append(pr.Jurors, jurorProgress{JurorProgress: j, Percent: percent(j.Submitted, j.Assigned)})
			}
		}
		v.Rounds = append(v.Rounds, pr)
	}
	entries := map[int64]award.Entry{}
	for _, e := range d.Entries {
		entries[e.ID] = e
	}
	jurors := map[int64]award.Juror{}
	for _, j := range d.Jurors {
		jurors[j.ID] = j
	}
	for _, sh := range d.Sheets { // in entry then juror order
		if sh.RoundID == v.Round.ID && sh.PrivateNote != "" {
			v.Notes = append(v.Notes, noteView{Entry: entries[sh.EntryID], Juror: jurors[sh.JurorID], Status: sh.Status, Note: sh.PrivateNote})
		}
	}
	for _, id := range d.Shortlists[v.Round.ID] {
		if e, ok := entries[id]; ok {
			v.Shortlist = append(v.Shortlist, e)
		}
	}
	return v, nil
}

// consoleResults computes the ranking the results page asks for; results
// that cannot be computed yet are said so, not an error page.
func (w *Web) consoleResults(r *http.Request, actor app.Actor, c *consolePage) error {
	var err error
	if c.Results, err = w.results(r, actor, c.D, false); err != nil {
		var ve *km.ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		c.ResultsErr = i18n.T(c.lang, "award.console.results_unavailable")
		c.Results = nil
		return nil
	}
	c.Results.Anchor = "results"
	c.Results.Path = c.Href("results")
	if c.Results.Round != "" {
		var ids []int64
		for _, x := range c.D.Rounds {
			if x.Code == c.Results.Round {
				ids = c.D.Shortlists[x.ID]
			}
		}
		shortlisted := map[string]bool{}
		for _, id := range ids {
			shortlisted[c.D.EntryByID(id).Code] = true
		}
		for i := range c.Results.Lines {
			c.Results.Lines[i].Shortlist = shortlisted[c.Results.Lines[i].Entry]
		}
	}
	return nil
}

// consoleActionSection is the console page where an action's form lives,
// where it goes back to and where its failure shows.
func consoleActionSection(action string) string {
	switch action {
	case "screen":
		return "entries"
	case "assign", "auto-assign", "reopen":
		return "jury"
	case "shortlist":
		return "progress"
	case "certificates":
		return "certificates"
	case "freeze", "publish", "finalise":
		return "confirm"
	}
	if strings.HasPrefix(action, "answer-") {
		return "objections"
	}
	return ""
}

// publishConfirm reads a confirmation from the publish form: the
// unfinished sheets it lists ("round juror entry") and the reason.
func publishConfirm(f url.Values) app.PublishConfirm {
	c := app.PublishConfirm{Reason: f.Get("reason")}
	for _, v := range f["unfinished"] {
		p := strings.Fields(v)
		if len(p) == 3 {
			c.Unfinished = append(c.Unfinished, app.UnfinishedSheet{Round: p[0], Juror: p[1], Entry: p[2]})
		}
	}
	return c
}

// publishRefused shows the publish confirmation again when publishing was
// refused for unfinished scoring (with the current list) or for a missing
// reason; ok is false for other errors.
func (w *Web) publishRefused(rw http.ResponseWriter, r *http.Request, err error) (ok bool) {
	lang := i18n.FromRequest(r)
	var ve *km.ValidationError
	list, unfinished := app.IsUnfinishedScoring(err)
	switch {
	case unfinished:
		confirmed := len(r.PostForm["unfinished"]) > 0
		w.showConsole(rw, r, "confirm", http.StatusConflict, func(c *consolePage) {
			c.Confirm.Unfinished = unfinishedViews(c.D, list)
			c.Confirm.Changed = confirmed
			c.Confirm.Reason = r.PostForm.Get("reason")
			if confirmed {
				c.Error = i18n.T(lang, "award.cn.publish_changed")
			}
		})
		return true
	case errors.As(err, &ve):
		w.showConsole(rw, r, "confirm", http.StatusUnprocessableEntity, func(c *consolePage) {
			c.Error = i18n.T(lang, "err.validation")
			c.Errors = map[string]string{}
			for k, v := range ve.Fields {
				c.Errors[k] = i18n.T(lang, v)
			}
			c.Confirm.Reason = r.PostForm.Get("reason")
		})
		return true
	}
	return false
}
