package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/kpi"
	"lumbung/internal/kpi/report"
	"lumbung/internal/store"
)

// kpiRoutes lists the pages of KPI competitions.
func (w *Web) kpiRoutes() []route {
	return []route{
		{"GET /kpi", w.kpiList},
		{"GET /kpi/new", w.kpiNewForm},
		{"POST /kpi", w.kpiCreate},
		{"GET /kpi/{code}", w.kpiPage},
		{"GET /kpi/{code}/upload", w.kpiUploadForm},
		{"POST /kpi/{code}/upload", w.kpiUploadPreview},
		{"POST /kpi/{code}/upload/confirm", w.kpiUploadConfirm},
		{"POST /kpi/{code}/status", w.kpiStatus},
		{"POST /kpi/{code}/settings", w.kpiSettings},
		{"POST /kpi/{code}/practices", w.kpiPractice},
		{"GET /kpi/{code}/export.xlsx", w.kpiExportXLSX},
		{"GET /kpi/{code}/export.pdf", w.kpiExportPDF},
	}
}

// manualRows is how many rows the measurement form offers.
const manualRows = 8

// fmtDec writes x with up to dec decimals the way lang writes numbers.
func fmtDec(lang string, x float64, dec int) string {
	s := kpi.FormatNumber(x, dec) // Indonesian: 1.234,5
	if lang == "en" {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '.':
				return ','
			case ',':
				return '.'
			}
			return r
		}, s)
	}
	return strings.Replace(s, "-", "−", 1)
}

func fmtOpt(lang string, x *float64, dec int, suffix string) string {
	if x == nil {
		return "–"
	}
	return fmtDec(lang, *x, dec) + suffix
}

func fmtSignedPct(lang string, x *float64) string {
	if x == nil {
		return "–"
	}
	s := fmtDec(lang, *x, 1) + "%"
	if *x > 0 && s != "0%" {
		s = "+" + s
	}
	return s
}

func scoreDecimals(m kpi.Method) int {
	if m == kpi.LogRatio {
		return 4
	}
	return 2
}

// kpiSentence tells a summary in the page's language.
func kpiSentence(lang string, c kpi.Competition, s kpi.Summary) string {
	if lang != "en" {
		return kpi.Sentence(c, s)
	}
	noun := c.Noun
	if noun == "" {
		noun = "participants"
	}
	if s.Participants == 0 {
		return "No participant can be ranked yet"
	}
	out := fmt.Sprintf("%d %s, %s", s.Participants, noun, c.Metric.Name)
	if s.Percent == nil {
		return out + ": no percentage (zero baseline)"
	}
	switch p := math.Round(*s.Percent*10) / 10; {
	case p > 0:
		out += " up " + fmtDec(lang, p, 1) + "%"
	case p < 0:
		out += " down " + fmtDec(lang, -p, 1) + "%"
	default:
		out += " unchanged"
	}
	if s.DiD != nil {
		d := math.Round(*s.DiD*10) / 10
		switch {
		case d > 0:
			out += fmt.Sprintf(" (%s percentage points above the controls)", fmtDec(lang, d, 1))
		case d < 0:
			out += fmt.Sprintf(" (%s percentage points below the controls)", fmtDec(lang, -d, 1))
		default:
			out += " (the same as the controls)"
		}
	}
	return out
}

// kpiCode reads the {code} of the path.
func kpiCode(r *http.Request) string { return r.PathValue("code") }

func kpiURL(code string) string { return "/kpi/" + url.PathEscape(code) }

// ---- list ----

type kpiListItem struct {
	C        store.Competition
	Sentence string
}

type kpiListData struct {
	Items     []kpiListItem
	CanCreate bool
}

// canCreateCompetition reports whether u manages competitions anywhere.
func canCreateCompetition(u *km.User) bool {
	if u == nil {
		return false
	}
	for _, g := range u.Grants {
		if g.Role == km.RoleCoordinator || g.Role == km.RoleAdmin || g.Role == km.RoleSecretariat {
			return true
		}
	}
	return false
}

func (w *Web) kpiList(rw http.ResponseWriter, r *http.Request) {
	actor := auth.Actor(r)
	lang := i18n.FromRequest(r)
	cs, err := w.App.Competitions(r.Context(), actor)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := kpiListData{CanCreate: canCreateCompetition(actor.User)}
	for _, c := range cs {
		item := kpiListItem{C: c}
		if ms, err := w.App.Store.Measurements(r.Context(), c.ID); err == nil {
			if res, err := kpi.Compute(c.Competition, ms); err == nil {
				item.Sentence = kpiSentence(lang, c.Competition, res.Overall.Summary)
			}
		}
		d.Items = append(d.Items, item)
	}
	w.render(rw, r, http.StatusOK, "kpi_list", w.newView(r, "kpi", d))
}

// ---- competition page ----

type kpiRow struct {
	Rank                                            int
	Code, Name, Group, B, P, Change, Percent, Score string
	Flag                                            string
	Practices                                       []store.PracticeLink
	CanDocument                                     bool
}

type kpiUnranked struct {
	Code, Name, Group, B, P, Reason string
}

type kpiBoard struct {
	Code     string // the competition's
	Heading  string
	Group    string
	ID       string
	Sentence string
	Rows     []kpiRow
	Unranked []kpiUnranked
	Chart    template.HTML
	Summary  kpiSummary
}

type kpiSummary struct {
	Participants, Controls                         int
	Baseline, Period, Percent, ControlPercent, DiD string
	HasControls                                    bool
}

type kpiPageData struct {
	C            store.Competition
	Sentence     string
	Method       kpi.Method
	K            string // the offset used, for log ratio
	Methods      []kpi.Method
	ViewMethod   string // the method asked for in the query, if any
	ViewK        string
	Alternative  bool // the page shows another view than the official one
	Overall      kpiBoard
	Groups       []kpiBoard
	Series       template.HTML
	Measurements int
	Whole        []store.PracticeLink // practices about the competition as a whole
	CanManage    bool
	CanDocument  bool // the whole competition
	Next         []kpi.Status
	Uploads      []store.Upload
	Participants []kpi.Participant
	Error        string
	SettingsErr  map[string]string
}

func (w *Web) boardView(lang string, actor app.Actor, st app.Standings, lb kpi.Leaderboard, links map[string][]store.PracticeLink, official bool) kpiBoard {
	c := st.Competition
	b := kpiBoard{Code: c.Code, Heading: lb.Group, Group: lb.Group, Sentence: kpiSentence(lang, c.Competition, lb.Summary), Chart: template.HTML(kpi.BarChart(lb))}
	b.ID = "board-overall"
	if lb.Group == "" {
		b.Heading = i18n.T(lang, "kpi.board.overall")
	} else {
		b.ID = "board-" + strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return '-'
		}, strings.ToLower(lb.Group))
	}
	for _, e := range lb.Participants {
		row := kpiRow{Rank: e.Rank, Code: e.Participant, Name: e.Name, Group: e.Group,
			B: fmtDec(lang, e.Baseline, 2), P: fmtDec(lang, e.Period, 2), Change: fmtDec(lang, e.Change, 2),
			Percent: fmtSignedPct(lang, e.Percent), Score: fmtOpt(lang, e.Score, scoreDecimals(lb.Method), ""),
			Practices: links[e.Participant]}
		if lb.Method == kpi.Percent && e.Score != nil {
			row.Score = fmtSignedPct(lang, e.Score)
		}
		if e.Flag != "" {
			row.Flag = i18n.T(lang, "kpi.flag."+e.Flag)
		}
		row.CanDocument = official && app.CanDocument(actor, c, e.Participant)
		b.Rows = append(b.Rows, row)
	}
	for _, u := range lb.Unranked {
		b.Unranked = append(b.Unranked, kpiUnranked{Code: u.Participant, Name: u.Name, Group: u.Group,
			B: fmtOpt(lang, u.Baseline, 2, ""), P: fmtOpt(lang, u.Period, 2, ""), Reason: i18n.T(lang, "kpi.reason."+u.Reason)})
	}
	s := lb.Summary
	b.Summary = kpiSummary{Participants: s.Participants, Controls: s.Controls, HasControls: s.Controls > 0,
		Baseline: fmtDec(lang, s.Baseline, 2), Period: fmtDec(lang, s.Period, 2), Percent: fmtSignedPct(lang, s.Percent),
		ControlPercent: fmtSignedPct(lang, s.ControlPercent), DiD: fmtOpt(lang, s.DiD, 1, "")}
	return b
}

func (w *Web) kpiPage(rw http.ResponseWriter, r *http.Request) {
	w.showKPI(rw, r, http.StatusOK, nil)
}

// showKPI renders the competition page; edit lets a failed POST add its
// message first.
func (w *Web) showKPI(rw http.ResponseWriter, r *http.Request, status int, edit func(*kpiPageData)) {
	actor := auth.Actor(r)
	lang := i18n.FromRequest(r)
	q := r.URL.Query()
	opt := app.LeaderboardOptions{}
	d := kpiPageData{Methods: []kpi.Method{kpi.Percent, kpi.Absolute, kpi.LogRatio}}
	if r.Method == http.MethodGet {
		if m := kpi.Method(q.Get("method")); m.Valid() {
			opt.Method, d.ViewMethod = m, string(m)
		}
		if k, err := app.ParseK(q.Get("k")); err == nil && k != nil {
			opt.K, d.ViewK = k, q.Get("k")
		}
	}
	st, err := w.App.Leaderboard(r.Context(), actor, kpiCode(r), opt)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	c := st.Competition
	official, err := w.App.Competition(r.Context(), actor, c.Code)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Alternative = c.Method != official.Method || fmt.Sprint(kOf(c.K)) != fmt.Sprint(kOf(official.K))
	links, err := w.App.CompetitionPractices(r.Context(), actor, c)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	byParticipant := map[string][]store.PracticeLink{}
	for _, l := range links {
		if l.Participant == "" {
			d.Whole = append(d.Whole, l)
		} else {
			byParticipant[l.Participant] = append(byParticipant[l.Participant], l)
		}
	}
	d.C, d.Method, d.Measurements = c, c.Method, len(st.Measurements)
	if st.Result.Overall.K != nil {
		d.K = fmtDec(lang, *st.Result.Overall.K, 4)
	}
	d.Sentence = kpiSentence(lang, c.Competition, st.Result.Overall.Summary)
	d.Overall = w.boardView(lang, actor, st, st.Result.Overall, byParticipant, !d.Alternative)
	for _, g := range st.Result.Groups {
		d.Groups = append(d.Groups, w.boardView(lang, actor, st, g, byParticipant, !d.Alternative))
	}
	d.Series = template.HTML(kpi.SeriesChart(c.Competition, st.Measurements))
	d.CanManage = app.CanManageCompetition(actor.User, c.OrgPath)
	d.CanDocument = !d.Alternative && app.CanDocument(actor, c, "")
	d.Participants = c.Participants
	if d.CanManage {
		d.Next = c.Status.Next()
		if d.Uploads, err = w.App.Uploads(r.Context(), actor, c); err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	if edit != nil {
		edit(&d)
	}
	w.render(rw, r, status, "kpi_page", w.newView(r, "kpi", d))
}

func kOf(k *float64) any {
	if k == nil {
		return nil
	}
	return *k
}

// ---- new competition ----

type kpiNewData struct {
	JSON   string
	Org    string
	Orgs   []km.Org
	Error  string
	Fields []kpiFieldError
	Lines  []kpi.LineError
}

type kpiFieldError struct{ Field, Message string }

func (w *Web) manageableOrgs(r *http.Request, u *km.User) ([]km.Org, error) {
	orgs, err := w.App.Store.Orgs(r.Context())
	if err != nil {
		return nil, err
	}
	var out []km.Org
	for _, o := range orgs {
		if app.CanManageCompetition(u, o.Path) {
			out = append(out, o)
		}
	}
	return out, nil
}

func (w *Web) renderKPINew(rw http.ResponseWriter, r *http.Request, status int, d kpiNewData) {
	actor := auth.Actor(r)
	orgs, err := w.manageableOrgs(r, actor.User)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if len(orgs) == 0 {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	d.Orgs = orgs
	w.render(rw, r, status, "kpi_new", w.newView(r, "kpi", d))
}

func (w *Web) kpiNewForm(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	w.renderKPINew(rw, r, http.StatusOK, kpiNewData{Org: actor.User.OrgCode})
}

// readUploadForm parses a multipart form with a file in "file", bounded by
// the upload limit; a form without a file is fine.
func (w *Web) readUploadForm(rw http.ResponseWriter, r *http.Request) (data []byte, name string, err error) {
	r.Body = http.MaxBytesReader(rw, r.Body, w.App.MaxUpload+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		if errors.Is(err, http.ErrNotMultipart) {
			return nil, "", r.ParseForm()
		}
		return nil, "", err
	}
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, w.App.MaxUpload+1))
	if err != nil {
		return nil, "", err
	}
	if int64(len(data)) > w.App.MaxUpload {
		return nil, "", km.ErrTooLarge
	}
	return data, hdr.Filename, nil
}

// formProblem turns a form-reading error into a page: too large is 413,
// anything else a 400.
func (w *Web) formProblem(rw http.ResponseWriter, r *http.Request, err error) {
	lang := i18n.FromRequest(r)
	p := httperr.From(err, lang, nil)
	if p.Status == http.StatusInternalServerError {
		p.Status, p.Message = http.StatusBadRequest, i18n.T(lang, "err.bad_request")
	}
	if p.Status == http.StatusRequestEntityTooLarge {
		rw.Header().Set("Connection", "close")
	}
	w.errorPage(rw, r, p.Status, p.Message)
}

func (w *Web) kpiCreate(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	lang := i18n.FromRequest(r)
	data, name, err := w.readUploadForm(rw, r)
	if err != nil {
		w.formProblem(rw, r, err)
		return
	}
	d := kpiNewData{JSON: r.FormValue("json"), Org: r.FormValue("org")}
	if len(data) == 0 {
		data = []byte(d.JSON)
		name = ""
	} else if len(data) <= 256<<10 {
		d.JSON = string(data) // keep a small file on the form, to fix and resend
	}
	if len(bytes.TrimSpace(data)) == 0 {
		d.Error = i18n.T(lang, "kpi.new.empty")
		w.renderKPINew(rw, r, http.StatusUnprocessableEntity, d)
		return
	}
	f, err := app.DecodeKPIFile(data)
	if err != nil {
		d.Error = i18n.T(lang, "kpi.new.bad_json", err.Error())
		w.renderKPINew(rw, r, http.StatusBadRequest, d)
		return
	}
	c, err := w.App.ImportCompetition(r.Context(), actor, f, app.KPIImportOptions{DefaultOrg: d.Org, Filename: name, Source: "form"})
	var bad *app.KPIInputError
	if errors.As(err, &bad) {
		d.Error = i18n.T(lang, "kpi.err.lines", len(bad.Fields)+len(bad.Lines))
		for _, k := range sortedKeys(bad.Fields) {
			d.Fields = append(d.Fields, kpiFieldError{k, i18n.T(lang, bad.Fields[k])})
		}
		d.Lines = localLines(lang, bad.Lines)
		w.renderKPINew(rw, r, http.StatusUnprocessableEntity, d)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.flash(r, "kpi.flash.created")
	redirect(rw, r, kpiURL(c.Code))
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func localLines(lang string, ls []kpi.LineError) []kpi.LineError {
	out := make([]kpi.LineError, len(ls))
	for i, l := range ls {
		out[i] = kpi.LineError{Line: l.Line, Code: l.Code, Message: app.LineMessage(lang, l)}
	}
	return out
}

// ---- upload with preview ----

type kpiManualRow struct {
	Participant, Date, Value string
}

type kpiUploadData struct {
	C     store.Competition
	Rows  []kpiManualRow
	Error string
}

func (w *Web) manageableCompetition(rw http.ResponseWriter, r *http.Request) (app.Actor, store.Competition, bool) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return actor, store.Competition{}, false
	}
	c, err := w.App.Competition(r.Context(), actor, kpiCode(r))
	if err != nil {
		w.fail(rw, r, err)
		return actor, c, false
	}
	if !app.CanManageCompetition(actor.User, c.OrgPath) {
		w.fail(rw, r, km.ErrForbidden)
		return actor, c, false
	}
	return actor, c, true
}

func (w *Web) renderUpload(rw http.ResponseWriter, r *http.Request, status int, d kpiUploadData) {
	for len(d.Rows) < manualRows {
		d.Rows = append(d.Rows, kpiManualRow{})
	}
	w.render(rw, r, status, "kpi_upload", w.newView(r, "kpi", d))
}

func (w *Web) kpiUploadForm(rw http.ResponseWriter, r *http.Request) {
	_, c, ok := w.manageableCompetition(rw, r)
	if !ok {
		return
	}
	d := kpiUploadData{C: c}
	if !c.Status.AcceptsData() {
		d.Error = i18n.T(i18n.FromRequest(r), "kpi.published_locked")
	}
	w.renderUpload(rw, r, http.StatusOK, d)
}

// manualCSV writes the form's rows as CSV, one line per form row (blank
// rows as blank lines), so that "line 3" is the third row of the form.
func manualCSV(rows []kpiManualRow) []byte {
	var b bytes.Buffer
	for _, row := range rows {
		if row.Participant != "" || row.Date != "" || row.Value != "" {
			v := strings.ReplaceAll(strings.TrimSpace(row.Value), ",", ".")
			fmt.Fprintf(&b, "%s,%s,%s", csvField(row.Participant), csvField(row.Date), csvField(v))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func csvField(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

type kpiPreviewData struct {
	C              store.Competition
	Source         string
	Filename       string
	Payload        string // the upload, base64, posted back on confirm
	Count          int
	From, To       string
	InBaseline     int
	InPeriod       int
	Outside        int
	PerParticipant []kpiCount
	Sample         []kpiManualRow
	Errors         []kpi.LineError
	After          *kpiBoard
	Sentence       string
}

type kpiCount struct {
	Code, Name string
	N          int
}

// kpiUploadPreview checks an upload whole and shows what it would add,
// storing nothing; the confirm form posts the same bytes back.
func (w *Web) kpiUploadPreview(rw http.ResponseWriter, r *http.Request) {
	actor, c, ok := w.manageableCompetition(rw, r)
	if !ok {
		return
	}
	lang := i18n.FromRequest(r)
	data, name, err := w.readUploadForm(rw, r)
	if err != nil {
		w.formProblem(rw, r, err)
		return
	}
	source := ""
	if len(data) == 0 {
		var rows []kpiManualRow
		ps, ds, vs := r.PostForm["participant"], r.PostForm["date"], r.PostForm["value"]
		for i := 0; i < min(len(ps), len(ds), len(vs), 500); i++ {
			rows = append(rows, kpiManualRow{strings.TrimSpace(ps[i]), strings.TrimSpace(ds[i]), strings.TrimSpace(vs[i])})
		}
		data, source = manualCSV(rows), "form"
		if len(bytes.TrimSpace(data)) == 0 {
			w.renderUpload(rw, r, http.StatusUnprocessableEntity, kpiUploadData{C: c, Rows: rows, Error: i18n.T(lang, "kpi.upload.nothing")})
			return
		}
	}
	w.preview(rw, r, actor, c, data, name, source)
}

func (w *Web) preview(rw http.ResponseWriter, r *http.Request, actor app.Actor, c store.Competition, data []byte, name, source string) {
	lang := i18n.FromRequest(r)
	ms, errs, format := report.ReadUpload(data)
	if source == "" {
		source = format
	}
	p, err := w.App.PreviewMeasurements(r.Context(), actor, c.Code, app.MeasurementBatch{Source: source, Filename: name, Rows: ms, Errors: errs})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := kpiPreviewData{C: p.Competition, Source: source, Filename: name, Count: len(p.Rows), InBaseline: p.InBaseline,
		InPeriod: p.InPeriod, Outside: p.Outside, Errors: localLines(lang, p.Errors)}
	if len(p.Rows) > 0 {
		d.From, d.To = formatDate(lang, p.From), formatDate(lang, p.To)
	}
	for _, pt := range c.Participants {
		if n := p.PerParticipant[pt.Code]; n > 0 {
			d.PerParticipant = append(d.PerParticipant, kpiCount{pt.Code, pt.Name, n})
		}
	}
	for i, m := range p.Rows {
		if i == 10 {
			break
		}
		d.Sample = append(d.Sample, kpiManualRow{m.Participant, m.Date.Format(time.DateOnly), fmtDec(lang, m.Value, 6)})
	}
	status := http.StatusOK
	if len(p.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		d.Payload = base64.RawURLEncoding.EncodeToString(data)
		if p.After != nil {
			st := app.Standings{Competition: p.Competition, Result: *p.After}
			b := w.boardView(lang, actor, st, p.After.Overall, nil, false)
			d.After = &b
			d.Sentence = b.Sentence
		}
	}
	w.render(rw, r, status, "kpi_preview", w.newView(r, "kpi", d))
}

func (w *Web) kpiUploadConfirm(rw http.ResponseWriter, r *http.Request) {
	actor, c, ok := w.manageableCompetition(rw, r)
	if !ok {
		return
	}
	lang := i18n.FromRequest(r)
	r.Body = http.MaxBytesReader(rw, r.Body, w.App.MaxUpload*4/3+1<<20)
	if err := r.ParseForm(); err != nil {
		w.formProblem(rw, r, err)
		return
	}
	data, err := base64.RawURLEncoding.DecodeString(r.PostForm.Get("payload"))
	if err != nil || len(data) == 0 {
		w.errorPage(rw, r, http.StatusBadRequest, i18n.T(lang, "err.bad_request"))
		return
	}
	source := r.PostForm.Get("source")
	if source != "form" && source != report.FormatCSV && source != report.FormatXLSX {
		source = ""
	}
	name := r.PostForm.Get("filename")
	if len(name) > 255 {
		name = name[:255]
	}
	ms, errs, format := report.ReadUpload(data)
	if source == "" {
		source = format
	}
	u, err := w.App.AddMeasurements(r.Context(), actor, c.Code, app.MeasurementBatch{Source: source, Filename: name, Rows: ms, Errors: errs})
	var bad *app.KPIInputError
	if errors.As(err, &bad) {
		// Someone else's upload got in first, or the data was changed:
		// show the problems as the preview does.
		w.preview(rw, r, actor, c, data, name, source)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.flash(r, "kpi.flash.uploaded")
	redirect(rw, r, kpiURL(c.Code)+"?upload="+strconv.FormatInt(u.ID, 10))
}

// ---- status, settings, practices ----

func (w *Web) kpiStatus(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		w.formProblem(rw, r, err)
		return
	}
	_, err := w.App.SetCompetitionStatus(r.Context(), actor, kpiCode(r), kpi.Status(r.PostForm.Get("status")))
	if w.kpiPostFailed(rw, r, err) {
		return
	}
	w.flash(r, "kpi.flash.status")
	redirect(rw, r, kpiURL(kpiCode(r)))
}

// kpiPostFailed shows the competition page with the problem of a refused
// form (validation and conflicts), or an error page; it reports whether
// there was an error.
func (w *Web) kpiPostFailed(rw http.ResponseWriter, r *http.Request, err error) bool {
	if err == nil {
		return false
	}
	lang := i18n.FromRequest(r)
	var ve *km.ValidationError
	var ce *km.ConflictError
	switch {
	case errors.As(err, &ve), errors.As(err, &ce):
		p := httperr.From(err, lang, w.Log)
		w.showKPI(rw, r, p.Status, func(d *kpiPageData) {
			d.Error = p.Message
			d.SettingsErr = p.Fields
		})
	default:
		w.fail(rw, r, err)
	}
	return true
}

func (w *Web) kpiSettings(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		w.formProblem(rw, r, err)
		return
	}
	f := r.PostForm
	version, _ := strconv.Atoi(f.Get("version"))
	k, err := app.ParseK(f.Get("k"))
	if w.kpiPostFailed(rw, r, err) {
		return
	}
	_, err = w.App.UpdateCompetition(r.Context(), actor, kpiCode(r), app.CompetitionUpdate{Name: f.Get("name"),
		Description: f.Get("description"), Noun: f.Get("noun"), Method: kpi.Method(f.Get("method")), K: k, Version: version})
	if w.kpiPostFailed(rw, r, err) {
		return
	}
	w.flash(r, "kpi.flash.saved")
	redirect(rw, r, kpiURL(kpiCode(r)))
}

// kpiPractice drafts a practice from the leaderboard ("create practice
// draft from this competition"), or links an existing one by number.
func (w *Web) kpiPractice(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		w.formProblem(rw, r, err)
		return
	}
	code, participant := kpiCode(r), r.PostForm.Get("participant")
	if idText := strings.TrimSpace(strings.TrimPrefix(r.PostForm.Get("practice"), "#")); idText != "" {
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || id <= 0 {
			err = &km.ValidationError{Fields: map[string]string{"practice": "kpi.unknown_practice"}}
		} else {
			err = w.App.LinkPractice(r.Context(), actor, code, participant, id)
		}
		if w.kpiPostFailed(rw, r, err) {
			return
		}
		w.flash(r, "kpi.flash.linked")
		redirect(rw, r, kpiURL(code)+"#practices")
		return
	}
	p, err := w.App.CreatePracticeFromCompetition(r.Context(), actor, code, participant)
	if w.kpiPostFailed(rw, r, err) {
		return
	}
	w.flash(r, "kpi.flash.drafted")
	redirect(rw, r, editURL(p.ID))
}

// ---- exports ----

func (w *Web) kpiExport(rw http.ResponseWriter, r *http.Request, ext, ctype string, write func(io.Writer, report.Input) error) {
	lang := i18n.FromRequest(r)
	st, err := w.App.Leaderboard(r.Context(), auth.Actor(r), kpiCode(r), app.LeaderboardOptions{})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	c := st.Competition
	in := report.Input{Competition: c.Competition, Description: c.Description, Organiser: c.OrgName,
		Status: i18n.T("id", "kpi.status."+string(c.Status)), Demo: c.Demo, Measurements: st.Measurements,
		Result: st.Result, Generated: time.Now().In(wib)}
	var buf bytes.Buffer
	if err := write(&buf, in); err != nil {
		w.Log.Error("kpi export", "code", c.Code, "format", ext, "err", err)
		w.errorPage(rw, r, http.StatusInternalServerError, i18n.T(lang, "err.internal"))
		return
	}
	downloadHeaders(rw.Header(), c.Code+"."+ext, ctype, "private, no-store")
	rw.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	rw.Write(buf.Bytes())
}

func (w *Web) kpiExportXLSX(rw http.ResponseWriter, r *http.Request) {
	w.kpiExport(rw, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.XLSX)
}

func (w *Web) kpiExportPDF(rw http.ResponseWriter, r *http.Request) {
	w.kpiExport(rw, r, "pdf", "application/pdf", report.PDF)
}
