package web

import (
	"net/http"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/demo"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// listCap bounds the lists that are filtered here rather than in SQL.
const listCap = 1000

// paginate cuts one page out of items filtered in memory.
func paginate(r *http.Request, items []km.Practice) ([]km.Practice, pager) {
	page := pageParam(r)
	pg := newPager(r, page, len(items))
	start := min((page-1)*pageSize, len(items))
	end := min(start+pageSize, len(items))
	return items[start:end], pg
}

// myDrafts lists what the person wrote that is not published yet: drafts,
// practices in review and practices returned to them.
func (w *Web) myDrafts(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	all, _, err := w.App.Practices(r.Context(), actor, store.PracticeFilter{CreatedBy: actor.User.ID, Limit: listCap})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var mine []km.Practice
	for _, p := range all {
		if !p.Status.Released() {
			mine = append(mine, p)
		}
	}
	items, pg := paginate(r, mine)
	lang := i18n.FromRequest(r)
	d := listData{Heading: i18n.T(lang, "web.drafts.heading"), Intro: i18n.T(lang, "web.drafts.intro"),
		Items: items, Pager: pg, ShowStatus: true, Empty: i18n.T(lang, "web.drafts.empty"), Today: app.Today()}
	w.render(rw, r, http.StatusOK, "list", w.newView(r, "drafts", d))
}

// reviewQueue lists practices waiting in review within the person's
// review scopes (coordinators and admins).
func (w *Web) reviewQueue(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	scopes := actor.User.ReviewScopes()
	if len(scopes) == 0 {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	all, _, err := w.App.Practices(r.Context(), actor, store.PracticeFilter{Status: km.StatusInReview, Order: "updated", Limit: listCap})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var queue []km.Practice
	for _, p := range all {
		for _, s := range scopes {
			if km.Contains(s, p.OrgPath) {
				queue = append(queue, p)
				break
			}
		}
	}
	items, pg := paginate(r, queue)
	lang := i18n.FromRequest(r)
	d := listData{Heading: i18n.T(lang, "web.review.heading"), Intro: i18n.T(lang, "web.review.intro"),
		Items: items, Pager: pg, ShowStatus: true, Empty: i18n.T(lang, "web.review.empty"), Today: app.Today()}
	w.render(rw, r, http.StatusOK, "list", w.newView(r, "review", d))
}

type dueData struct {
	Items []km.Practice
	Today string
}

// dueForReview lists published practices whose content must be checked
// again within 30 days, overdue ones first.
func (w *Web) dueForReview(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	items, err := w.App.DueForReview(r.Context(), actor)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "due", w.newView(r, "due", dueData{Items: items, Today: app.Today()}))
}

type homeData struct {
	Counts   map[km.Kind]int
	Total    int
	Kinds    []km.Kind
	Latest   []km.Practice
	Demo     []demo.Account
	Password string
	Affairs  []km.Affair
}

func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	actor := auth.Actor(r)
	ctx := r.Context()
	counts, err := w.App.Store.PracticeCounts(ctx, km.ViewerVisibility(actor.User))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	latest, _, err := w.App.Practices(ctx, actor, store.PracticeFilter{Status: km.StatusPublished, Limit: 6})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := homeData{Counts: counts, Kinds: km.Kinds, Latest: latest}
	for _, n := range counts {
		d.Total += n
	}
	if w.demoLoaded(ctx) {
		d.Demo, d.Password = demo.Accounts, demo.Password
	}
	v := w.newView(r, "home", d)
	v.announce(feedLink{Title: i18n.T(v.Lang, "feed.title.all"), URL: feedAllURL()})
	w.render(rw, r, http.StatusOK, "home", v)
}
