package web

import "net/http"

type route struct {
	pattern string
	handler http.HandlerFunc
}

// routes lists every page of the site; each capability with pages of its
// own (search, KPI competitions, the KM Award) lists its routes in its file.
func (w *Web) routes() []route {
	rs := []route{
		{"GET /{$}", w.home},
		{"GET /static/{name}", w.serveStatic},
		{"GET /lang", w.switchLang},

		{"GET /login", w.loginForm},
		{"POST /login", w.login},
		{"POST /logout", w.logout},

		{"GET /practices", w.practiceList},
		{"GET /practices/new", w.newPracticeForm},
		{"POST /practices", w.createPractice},
		{"GET /practices/{id}", w.practicePage},
		{"GET /practices/{id}/brief.pdf", w.practiceBrief},
		{"GET /practices/{id}/edit", w.editPracticeForm},
		{"POST /practices/{id}/edit", w.updatePractice},
		{"POST /practices/{id}/transition", w.transition},
		{"GET /practices/{id}/revisions", w.revisions},
		{"GET /practices/{id}/diff", w.diff},
		{"POST /practices/{id}/attachments", w.upload},
		{"GET /attachments/{id}", w.download},

		{"GET /me/drafts", w.myDrafts},
		{"GET /review", w.reviewQueue},
		{"GET /review/due", w.dueForReview},

		{"GET /orgs", w.orgTree},
		{"GET /orgs/{code}", w.orgPage},

		{"GET /admin/audit", w.auditLog},
		{"GET /admin/jobs", w.jobsPage},

		// Anything else a browser asks for gets a readable 404 page.
		{"/", w.notFound},
	}
	rs = append(rs, w.linkRoutes()...)
	rs = append(rs, w.qaRoutes()...)
	rs = append(rs, w.searchRoutes()...)
	rs = append(rs, w.feedRoutes()...)
	rs = append(rs, w.kpiRoutes()...)
	rs = append(rs, w.adoptionRoutes()...)
	return append(rs, w.awardRoutes()...)
}
