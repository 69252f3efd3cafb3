package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/brief"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

const pageSize = 20

// listFilter is the practice list's GET form, as typed.
type listFilter struct {
	Q, Org, Kind, Affair, Status, Year string
	Tag                                string // one tag, from a practice's tag links
	Page                               int
}

// pager says where a list page sits among all pages.
type pager struct {
	Page, Pages, From, To, Total int
	PrevURL, NextURL             string
}

func newPager(r *http.Request, page, total int) pager {
	pages := max((total+pageSize-1)/pageSize, 1)
	p := pager{Page: page, Pages: pages, Total: total}
	if total > 0 {
		p.From = (page-1)*pageSize + 1
		p.To = min(page*pageSize, total)
	}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		if n == 1 {
			q.Del("page")
		}
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		return u.String()
	}
	if page > 1 {
		p.PrevURL = link(min(page-1, pages))
	}
	if page < pages {
		p.NextURL = link(page + 1)
	}
	return p
}

func pageParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}

// listData feeds the practice list templates.
type listData struct {
	Heading, Intro string
	Filter         listFilter
	ShowFilters    bool
	ShowStatus     bool
	Orgs           []km.Org
	Affairs        []km.Affair
	Statuses       []km.Status
	Years          []int
	Items          []km.Practice
	Pager          pager
	Empty          string
	Today          string
}

func yearsFor(selected string) []int {
	now := time.Now().In(wib).Year()
	var ys []int
	for y := now + 1; y >= now-15; y-- {
		ys = append(ys, y)
	}
	if n, err := strconv.Atoi(selected); err == nil && (n > now+1 || n < now-15) && n >= 1945 && n <= 9999 {
		ys = append(ys, n)
	}
	return ys
}

func (w *Web) practiceList(rw http.ResponseWriter, r *http.Request) {
	actor := auth.Actor(r)
	q := r.URL.Query()
	lf := listFilter{
		Q: strings.TrimSpace(q.Get("q")), Org: q.Get("org"), Kind: q.Get("kind"), Affair: q.Get("affair"),
		Status: q.Get("status"), Year: strings.TrimSpace(q.Get("year")), Page: pageParam(r),
		Tag: strings.ToLower(strings.TrimSpace(q.Get("tag"))),
	}
	if len(lf.Tag) > maxTag || strings.ContainsAny(lf.Tag, "\x00/") {
		lf.Tag = ""
	}
	orgs, err := w.App.Store.Orgs(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	f := store.PracticeFilter{Limit: pageSize, Offset: (lf.Page - 1) * pageSize, Text: lf.Q, Tag: lf.Tag}
	if lf.Org != "" {
		lf.Org = ""
		for _, o := range orgs {
			if o.Code == q.Get("org") {
				f.OrgPath, lf.Org = o.Path, o.Code
			}
		}
	}
	if k := km.Kind(lf.Kind); k.Valid() {
		f.Kind = k
	} else {
		lf.Kind = ""
	}
	if _, ok := km.AffairByCode(lf.Affair); ok {
		f.Affair = lf.Affair
	} else {
		lf.Affair = ""
	}
	if y, err := strconv.Atoi(lf.Year); err == nil && y >= 1945 && y <= 9999 {
		f.Year = y
	} else {
		lf.Year = ""
	}
	// Lists show published practices unless a signed-in person asks for
	// another status (or "all" they may see); the public sees published only.
	switch s := km.Status(lf.Status); {
	case actor.User != nil && s.Valid():
		f.Status = s
	case actor.User != nil && lf.Status == "all":
	default:
		f.Status, lf.Status = km.StatusPublished, ""
	}
	if len(lf.Q) > 200 {
		lf.Q = lf.Q[:200]
		f.Text = lf.Q
	}
	items, total, err := w.App.Practices(r.Context(), actor, f)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	d := listData{
		Heading: i18n.T(lang, "web.list.heading"), Filter: lf, ShowFilters: true, ShowStatus: actor.User != nil,
		Orgs: orgs, Affairs: km.Affairs, Statuses: km.Statuses, Years: yearsFor(lf.Year), Items: items, Pager: newPager(r, lf.Page, total),
		Empty: i18n.T(lang, "web.list.empty"), Today: app.Today(),
	}
	v := w.newView(r, "practices", d)
	// The feed of what the list is narrowed to, when a feed has it, and
	// the feed of everything.
	if f.Affair != "" {
		v.announce(feedLink{Title: i18n.T(lang, "feed.title.affair", affairLabel(lang, f.Affair)), URL: affairFeedURL(f.Affair)})
	}
	if lf.Tag != "" {
		d.Heading = i18n.T(lang, "web.list.tag_heading", lf.Tag)
		v.D = d
		v.announce(feedLink{Title: i18n.T(lang, "feed.title.tag", lf.Tag), URL: tagFeedURL(lf.Tag)})
	}
	v.announce(feedLink{Title: i18n.T(lang, "feed.title.all"), URL: feedAllURL()})
	w.render(rw, r, http.StatusOK, "list", v)
}

// practiceID reads the {id} of the path.
func practiceID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, km.ErrNotFound
	}
	return id, nil
}

// practiceData feeds the practice page.
type practiceData struct {
	P            km.Practice
	Related      []km.Practice
	Competitions []store.Competition // KPI competitions it documents
	Body         template.HTML
	Attachments  []store.Attachment
	CanEdit      bool
	Actions      []km.Action
	Today        string
	Due          bool // its review-by date has come
	DefaultDue   string
	// A workflow action that failed, with the person's input kept.
	ActionFailed km.Action
	ActionErrors map[string]string
	ActionInput  app.TransitionInput
	ActionMsg    string
	ConflictMsg  string
	// An upload that failed.
	UploadError string
	Accept      string
	// Who adopted it, and the form to record an adoption for the
	// organisations the viewer coordinates (none: no form).
	Adoptions []km.Adoption
	AdoptOrgs []km.Org
	AdoptForm adoptionForm
	AdoptFail *adoptionFailure
	// Questions and answers.
	QA qaData
}

func (w *Web) practicePage(rw http.ResponseWriter, r *http.Request) {
	w.showPractice(rw, r, http.StatusOK, nil)
}

// showPractice renders the practice page, letting a failed POST add its
// message (with the status it calls for) before rendering.
func (w *Web) showPractice(rw http.ResponseWriter, r *http.Request, status int, edit func(*practiceData)) {
	id, err := practiceID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.showPracticeByID(rw, r, id, status, edit)
}

// showPracticeByID renders the practice page of practice id (the forms of
// questions and answers post to paths naming the post, not the practice).
func (w *Web) showPracticeByID(rw http.ResponseWriter, r *http.Request, id int64, status int, edit func(*practiceData)) {
	actor := auth.Actor(r)
	p, err := w.App.Practice(r.Context(), actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	atts, err := w.App.Store.Attachments(r.Context(), p.ID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := &practiceData{
		P: p, Body: w.Markdown.Render(p.Body), Attachments: atts,
		CanEdit: km.CanEdit(actor.User, &p), Actions: km.AvailableActions(actor.User, &p),
		Today: app.Today(), DefaultDue: time.Now().In(wib).AddDate(1, 0, 0).Format(time.DateOnly),
		Accept: acceptList(),
	}
	d.Due = p.DueForReview(d.Today)
	if d.Competitions, err = w.App.CompetitionsOfPractice(r.Context(), actor, p.ID); err != nil {
		w.Log.Warn("competitions of practice", "practice", p.ID, "err", err)
	}
	if d.QA, err = w.loadQA(r.Context(), actor, p); err != nil {
		w.fail(rw, r, err)
		return
	}
	if d.Related, err = w.App.Related(r.Context(), actor, p, 5); err != nil {
		w.Log.Warn("related practices", "practice", p.ID, "err", err) // the page is still useful without them
	}
	if d.Adoptions, err = w.App.Adoptions(r.Context(), actor, p.ID); err != nil {
		w.fail(rw, r, err)
		return
	}
	if d.AdoptOrgs, err = w.App.AdoptingOrgs(r.Context(), actor, p); err != nil {
		w.fail(rw, r, err)
		return
	}
	d.AdoptForm = adoptionForm{Status: string(km.AdoptionPlanned), Started: app.Today()}
	if len(d.AdoptOrgs) == 1 {
		d.AdoptForm.Org = d.AdoptOrgs[0].Code
	}
	if edit != nil {
		edit(d)
	} else {
		w.App.RecordView(actor, p, r.UserAgent()) // a read, not a failed form shown again
	}
	if d.AdoptFail != nil {
		d.AdoptForm = d.AdoptFail.Form
	}
	w.render(rw, r, status, "practice", w.newView(r, "practices", d))
}

// practiceBrief serves the one-page PDF brief of a practice to whoever may
// read its page (app.PracticeBrief asks the same question), in the
// request's language, with the page's address from the configured base
// URL, never from the request.
func (w *Web) practiceBrief(rw http.ResponseWriter, r *http.Request) {
	id, err := practiceID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	pdf, p, err := w.App.PracticeBrief(r.Context(), auth.Actor(r), id, i18n.FromRequest(r))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	downloadHeaders(rw.Header(), brief.Filename(p.ID, p.Title), "application/pdf", "private, no-store")
	rw.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	rw.Write(pdf)
}
