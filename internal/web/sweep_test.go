package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/routesweep"
	"lumbung/internal/store"
	"lumbung/internal/web"
)

// TestRouteSweep sends every page route bad input — odd path values,
// garbage query strings, odd headers, broken, mistyped and oversized
// bodies, and every form the pages offer with one field at a time made
// bad — as an anonymous visitor and as demo users of several roles. No
// answer may be a 5xx, anonymous visitors are refused wherever a page
// needs signing in, and every page still shows once the sweep has stored
// what it could. The routes come from the site's own list
// (web.RoutePatterns) and the forms from the pages, so a new page or form
// is swept without touching this file.
//
// Requests go to the server's handler in process (the whole middleware
// chain: cache, recovery, cross-origin protection, write limit, sessions,
// auth), each from a client address of its own, so that the per-address
// write limit does not answer 429 in the handlers' place.
func TestRouteSweep(t *testing.T) {
	s := newSite(t, true)
	sw := newSweep(t, s)

	routes := web.RoutePatterns()
	if len(routes) < 40 {
		t.Fatalf("only %d routes listed", len(routes))
	}
	// Route by route, every role in turn; deletions last, so that the
	// other routes meet the records they remove.
	sort.SliceStable(routes, func(i, j int) bool {
		return !strings.HasSuffix(routes[i], "/delete") && strings.HasSuffix(routes[j], "/delete")
	})
	sw.patterns = routes
	// First every form the pages offer, as offered and with one field at a
	// time made bad, while the data is as set up.
	for _, role := range sweepRoles {
		for _, pattern := range routes {
			sw.collectForms(role, pattern)
		}
	}
	sw.postForms()
	for _, pattern := range routes {
		for _, role := range sweepRoles {
			sw.route(role, pattern)
		}
	}
	// After the writes, every page again: what the sweep managed to store
	// must still show.
	for _, pattern := range routes {
		method, path, _ := strings.Cut(pattern, " ")
		if method != http.MethodGet {
			continue
		}
		for _, role := range sweepRoles {
			for _, p := range sw.validPaths(strings.TrimSuffix(path, "{$}")) {
				sw.check(role, pattern, "read back", sw.send(role, method, p, "", nil), p)
			}
		}
	}
	sw.checkPrivate(routes)
	sw.report()
}

// sweepRoles are who the sweep sends requests as: anonymous first, then a
// contributor, an OPD coordinator, the root admin, the award secretariat
// and a juror (most award routes answer only the last two).
var sweepRoles = []string{"", contributorPasar, coordinatorPasar, adminEmail, secretariatDemo, jurorDemo}

const jurorDemo = "juri@demo.lumbung.id"

// privateGETs are pages only a signed-in user may see: an anonymous
// visitor is sent to the login page (or refused). Every one must be a
// route, so the list cannot silently go stale.
var privateGETs = []string{
	"GET /practices/new", "GET /practices/{id}/edit", "GET /me/drafts", "GET /review", "GET /review/due",
	"GET /admin/audit", "GET /admin/jobs", "GET /admin/search", "GET /admin/search/export.xlsx", "GET /admin/lexicon",
	"GET /kpi/new", "GET /kpi/{code}/upload", "GET /award/new",
	"GET /award/{code}/entries/{entry}/evidence/{id}", "GET /award/{code}/entries/{entry}/snapshot", "GET /admin/users",
	"GET /me/feeds",
	"GET /questions/{id}/history", "GET /answers/{id}/history",
}

// publicWrites are the only non-GET routes an anonymous visitor may be
// answered 2xx or redirected away from the login page by: signing in and
// out, checking a copy of a published award snapshot, and setting a
// password with a one-time link.
var publicWrites = map[string]bool{
	"POST /login": true, "POST /logout": true, "POST /award/{code}/snapshots": true, "POST /undangan/{token}": true,
}

// badQueries are tried on every GET route; most name parameters some page
// reads (page, from, to, year, method, k…).
var badQueries = []string{
	"page=-1", "page=abc", "page=99999999999999999999", "limit=99999&offset=-5",
	"from=2026-13-45&to=abc", "from=2026-02-30&to=2025-01-01", "from=-1&to=99999999999",
	"year=abc&kind=bogus&status=bogus&sort=bogus&affair=%00&org=..%2F",
	"year=-1&org=" + strings.Repeat("x", 300), "q=" + strings.Repeat("lumbung+", 60), "q=%00%ff%fe&org=%00",
	"round=..%2F&method=bogus&group=%00&k=-1", "method=zscore&k=NaN", "k=1e999&method=logratio",
	"before=-1&actor=abc&target_id=%00&target_type=" + strings.Repeat("x", 300),
	"to=xx&next=//evil.example", "next=%00", "next=https:%2F%2Fevil.example", "mine=1&tag=%00",
	"a=%zz&b=%", "page=1&page=2&page=-3",
}

// oddHeaders are sent, one set at a time, with every route's real paths.
var oddHeaders = [][]string{
	{"Accept-Language", "zz-ZZ;q=abc, *;q=-1, ,,;"},
	{"Accept-Language", strings.Repeat("en-US;q=0.9,", 500)},
	{"Cookie", "lang=%00; lumbung_session=" + strings.Repeat("x", 300)},
	{"Range", "bytes=999999999-"},
	{"Range", "bytes=5-1,-0,abc"},
	{"If-None-Match", "*", "If-Modified-Since", "yesterday", "If-Range", "garbage"},
	{"Referer", "http://lumbung.test/%zz", "Origin", "null"},
	{"X-Real-IP", "%00", "X-Forwarded-For", "garbage, , 999.1.1.1"},
}

type sweepBody struct {
	name  string
	ctype string
	body  []byte
	big   bool // skipped under -short
}

// sweepBodies are sent to every non-GET route.
func sweepBodies() []sweepBody {
	const form = "application/x-www-form-urlencoded"
	garbage := []byte("\x00\xff\xfe%zz&&==;\x1b[0m{\"<script>}]%")
	bag := func(v string) []byte {
		q := url.Values{}
		for _, f := range formFields {
			q.Set(f, v)
		}
		return []byte(q.Encode())
	}
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.SetBoundary("sweep")
	for _, f := range formFields {
		mw.WriteField(f, "-1")
	}
	fw, _ := mw.CreateFormFile("file", "garbage.xlsx")
	fw.Write(garbage)
	mw.Close()

	// Well-formed measurements of sweep-kpi with values at the edge of
	// float64: a huge one, and a baseline a hair above zero for E; as an
	// uploaded file (preview) and as the confirmed payload.
	huge := "participant,date,value\nA,2025-02-04,1e308\nA,2025-02-05,1e308\n"
	tiny := "participant,date,value\nE,2025-01-05,5e-324\nE,2025-02-05,1e15\n"
	file := func(csv string) []byte {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.SetBoundary("sweep")
		fw, _ := mw.CreateFormFile("file", "data.csv")
		fw.Write([]byte(csv))
		mw.Close()
		return b.Bytes()
	}
	payload := func(csv string) []byte {
		return []byte(url.Values{"payload": {base64.RawURLEncoding.EncodeToString([]byte(csv))}, "source": {"csv"}}.Encode())
	}

	big := bytes.Repeat([]byte("a"), 12<<20)
	copy(big, "title=")
	var bigMP bytes.Buffer
	mw = multipart.NewWriter(&bigMP)
	mw.SetBoundary("sweep")
	fw, _ = mw.CreateFormFile("file", "besar.pdf")
	fw.Write(big)
	mw.Close()

	return []sweepBody{
		// The first three are sent with bad paths too; the rest only with
		// real ones.
		{"no body", "", nil, false},
		{"empty form", form, []byte{}, false},
		{"garbage form", form, garbage, false},
		{"bad escapes", form, []byte("a=%zz&b=%&%%%=1&;;"), false},
		{"every field -1", form, bag("-1"), false},
		{"every field NaN", form, bag("NaN"), false},
		{"every field a bad date", form, bag("2026-13-45"), false},
		{"every field long with NUL", form, bag("\x00" + strings.Repeat("x", 300)), false},
		{"every field 1e999", form, bag("1e999"), false},
		{"malformed JSON", "application/json", []byte(`{"title": "x", `), false},
		{"wrong content type", "text/plain; charset=utf-8", []byte("title=x&version=1"), false},
		{"multipart without boundary", "multipart/form-data", garbage, false},
		{"truncated multipart", "multipart/form-data; boundary=sweep",
			[]byte("--sweep\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.xlsx\"\r\n\r\nnot a workbook"), false},
		{"multipart with garbage file", "multipart/form-data; boundary=sweep", mp.Bytes(), false},
		{"CSV file with a huge value", "multipart/form-data; boundary=sweep", file(huge), false},
		{"CSV file with a tiny baseline", "multipart/form-data; boundary=sweep", file(tiny), false},
		{"CSV payload with a huge value", form, payload(huge), false},
		{"CSV payload with a tiny baseline", form, payload(tiny), false},
		{"12 MB form", form, big, true},
		{"12 MB multipart file", "multipart/form-data; boundary=sweep", bigMP.Bytes(), true},
	}
}

// formFields are names the pages' forms use (score.<criterion> included).
var formFields = []string{
	"access", "action", "actions", "actor", "affair", "anchors", "announcement_at", "answer", "authors", "before",
	"body", "category", "code", "comment", "date", "description", "email", "entry", "expands", "filename", "from",
	"json", "juror", "k", "kind", "lessons", "method", "n", "name", "next", "note", "noun", "objection_until", "org",
	"organiser", "orig", "outcome", "page", "participant", "participant_certificates", "password", "payload", "place", "signatory_name", "signatory_title", "signatory_nip",
	"practice", "problem", "q", "reason", "registration_opens", "replication", "results", "review_by", "round", "sort",
	"source", "status", "submission_deadline", "submit", "summary", "tags", "target_id", "target_type", "term",
	"title", "to", "value", "verifier", "version", "word", "year", "weight", "min", "max", "order", "advance",
	"winners", "score.inovasi", "score.dampak", "id", "token", "started", "adapted", "regulation", "derived_practice",
}

// sweep sends the requests and collects what went wrong.
type sweep struct {
	t       *testing.T
	h       http.Handler
	fx      sweepFixture
	bodies  []sweepBody
	cookies map[string]*http.Cookie // session by role
	// patterns are the routes; forms the forms found on their pages.
	patterns []string
	forms    []pageForm
	n        int // requests sent
	start    time.Time
	fails    map[string][]string // problem → examples
}

// sweepFixture holds real values from the demo data and addData, so that
// each route is also reached with paths that exist.
type sweepFixture struct {
	practice, attachment, org, entry, cert, objection, evidence string
	adoption                                                    string
	question, answer                                            string // on the practice
	token                                                       string // of an external juror's invitation
	feedToken                                                   string // of the admin's private feed
	kpis, editions                                              []string
	static                                                      []string // hashed asset names
}

func newSweep(t *testing.T, s *testSite) *sweep {
	ctx := context.Background()
	st := s.App.Store
	fx := sweepFixture{org: "dinkes", objection: "1", evidence: "1"}
	ps, _, err := st.Practices(ctx, store.PracticeFilter{Limit: 1, Order: "id"})
	if err != nil || len(ps) == 0 {
		t.Fatalf("a public demo practice: %v", err)
	}
	fx.practice = strconv.FormatInt(ps[0].ID, 10)
	admin := s.user(t, adminEmail)
	q, err := s.App.AskQuestion(ctx, app.Actor{User: &admin}, ps[0].ID, "Berapa biayanya?")
	if err != nil {
		t.Fatalf("question: %v", err)
	}
	an, err := s.App.PostAnswer(ctx, app.Actor{User: &admin}, q.ID, "Tidak ada biaya.")
	if err != nil {
		t.Fatalf("answer: %v", err)
	}
	fx.question, fx.answer = strconv.FormatInt(q.ID, 10), strconv.FormatInt(an.ID, 10)
	att, err := s.App.AddAttachment(ctx, app.Actor{User: &admin}, ps[0].ID, "foto.png", bytes.NewReader(pngBytes(t)))
	if err != nil {
		t.Fatalf("attach: %v", err)
	}
	fx.attachment = strconv.FormatInt(att.ID, 10)
	if fx.feedToken, err = s.App.CreateFeedToken(ctx, app.Actor{User: &admin}); err != nil {
		t.Fatalf("feed token: %v", err)
	}
	cs, err := st.Competitions(ctx)
	if err != nil || len(cs) == 0 {
		t.Fatalf("a demo competition: %v", err)
	}
	fx.kpis = []string{"sweep-kpi", cs[0].Code}
	eds, err := st.Editions(ctx)
	if err != nil || len(eds) == 0 {
		t.Fatalf("a demo award edition: %v", err)
	}
	fx.editions = []string{"sweep", "sweep-draft", eds[0].Code}
	d, err := st.AwardData(ctx, eds[0].Code)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Objections) > 0 {
		fx.objection = strconv.FormatInt(d.Objections[0].ID, 10)
	}
	certs, err := st.Certificates(ctx, eds[0].ID)
	if err != nil || len(certs) == 0 {
		t.Fatalf("a demo certificate: %v", err)
	}
	fx.cert = certs[0].Code

	home := s.client(t).get("/")
	for _, m := range regexp.MustCompile(`/static/([\w.-]+)`).FindAllStringSubmatch(home.Body, -1) {
		fx.static = append(fx.static, m[1])
	}
	if len(fx.static) == 0 {
		t.Fatal("the home page links no static file")
	}
	slices.Sort(fx.static)
	fx.static = slices.Compact(fx.static)

	bodies := sweepBodies()
	if testing.Short() {
		bodies = slices.DeleteFunc(bodies, func(b sweepBody) bool { return b.big })
	}
	sw := &sweep{t: t, h: s.Config.Handler, fx: fx, bodies: bodies, cookies: map[string]*http.Cookie{},
		start: time.Now(), fails: map[string][]string{}}
	for _, role := range sweepRoles {
		sw.signIn(role)
	}
	sw.addData(s)
	return sw
}

// addData adds what the demo data lacks for reaching deep into the
// handlers, through the JSON API: a running KPI competition ("sweep-kpi",
// with a participant E without data), an award edition with its call
// published and an entry with evidence ("sweep"), and one still being set
// up ("sweep-draft"), both with category "pd", criterion "dampak", round
// "desk" and jurorDemo.
func (sw *sweep) addData(s *testSite) {
	t := sw.t
	call := func(as, method, path string, body any, want int) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		rec := sw.send(as, method, path, "application/json", b)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		if rec.Code != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, rec.Code, rec.Body, want)
		}
		return out
	}
	var ms []map[string]any
	for _, d := range []string{"2025-01-01", "2025-01-02", "2025-02-01", "2025-02-02"} {
		for i, p := range []string{"A", "B", "K"} {
			ms = append(ms, map[string]any{"participant": p, "date": d, "value": 3 * (i + 1)})
		}
	}
	call(adminEmail, "POST", "/api/v1/competitions", map[string]any{
		"competition": map[string]any{"code": "sweep-kpi", "name": "Lomba Sapu", "org": "pasarjaya", "noun": "pasar",
			"metric":   map[string]any{"code": "trx", "name": "Transaksi digital", "unit": "trx", "higher_is_better": true},
			"baseline": map[string]any{"from": "2025-01-01", "to": "2025-01-10"},
			"period":   map[string]any{"from": "2025-02-01", "to": "2025-02-10"}, "method": "percent", "status": "running"},
		"participants": []map[string]any{{"code": "A", "name": "Pasar A", "group": "kecil"}, {"code": "B", "name": "Pasar B", "group": "besar"},
			{"code": "K", "name": "Pasar K", "control": true}, {"code": "E", "name": "Pasar E", "group": "kecil"}},
		"measurements": ms,
	}, http.StatusCreated)

	at := func(d time.Duration) string { return time.Now().Add(d).Format(time.RFC3339) }
	for _, code := range []string{"sweep", "sweep-draft"} {
		base := "/api/v1/award/editions/" + code
		call(secretariatDemo, "POST", "/api/v1/award/editions", map[string]any{"code": code, "name": "Sapu " + code, "year": 2026,
			"registration_opens": at(-time.Hour), "submission_deadline": at(24 * time.Hour), "announcement_at": at(240 * time.Hour), "winners": 3},
			http.StatusCreated)
		call(secretariatDemo, "POST", base+"/categories", map[string]any{"code": "pd", "name": "Perangkat Daerah"}, http.StatusCreated)
		call(secretariatDemo, "POST", base+"/criteria", map[string]any{"code": "dampak", "name": "Dampak", "weight": 2, "min": 1, "max": 5,
			"anchors": map[string]string{"1": "Belum ada", "5": "Terukur"}}, http.StatusCreated)
		call(secretariatDemo, "POST", base+"/rounds", map[string]any{"code": "desk", "name": "Penilaian dokumen", "kind": "desk", "order": 1,
			"advance": 3, "weight": 1}, http.StatusCreated)
		call(secretariatDemo, "POST", base+"/jurors", map[string]any{"email": jurorDemo, "name": "Juri", "org": nil}, http.StatusOK)
	}
	// An external juror, invited: the link page has a real token to meet.
	inv := call(secretariatDemo, "POST", "/api/v1/award/editions/sweep-draft/jurors", map[string]any{"email": "pakar@univ.ac.id",
		"name": "Pakar", "org": nil}, http.StatusOK)
	link, _ := inv["invitation_url"].(string)
	if sw.fx.token = link[strings.LastIndex(link, "/")+1:]; sw.fx.token == "" {
		t.Fatalf("external juror: no invitation in %v", inv)
	}
	call(secretariatDemo, "POST", "/api/v1/award/editions/sweep/call", nil, http.StatusNoContent)
	ctx := context.Background()
	org, err := s.App.Store.OrgByCode(ctx, "pasarjaya")
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := s.App.Store.Practices(ctx, store.PracticeFilter{OrgPath: org.Path, Status: km.StatusPublished, Limit: 1})
	if err != nil || len(ps) == 0 {
		t.Fatalf("a published practice of pasarjaya: %v", err)
	}
	created := call(contributorPasar, "POST", "/api/v1/award/editions/sweep/entries", map[string]any{"category": "pd",
		"title": "Pasar nontunai", "summary": "QRIS di semua pasar", "practices": []int64{ps[0].ID}}, http.StatusCreated)
	sw.fx.entry = fmt.Sprint(created["code"])
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "laporan.pdf")
	fw.Write([]byte("%PDF-1.4\n%%EOF\n"))
	mw.Close()
	rec := sw.send(contributorPasar, "POST", "/api/v1/award/editions/sweep/entries/"+sw.fx.entry+"/evidence", mw.FormDataContentType(), buf.Bytes())
	var ev map[string]any
	if json.Unmarshal(rec.Body.Bytes(), &ev); rec.Code != http.StatusCreated {
		t.Fatalf("upload evidence: %d %s", rec.Code, rec.Body)
	}
	sw.fx.evidence = fmt.Sprint(ev["id"])
	// An adoption of a dinkes practice by pasarjaya, recorded by the
	// admin: pasarjaya's coordinator manages it, the others only read it.
	dinkes, err := s.App.Store.OrgByCode(ctx, "dinkes")
	if err != nil {
		t.Fatal(err)
	}
	dps, _, err := s.App.Store.Practices(ctx, store.PracticeFilter{OrgPath: dinkes.Path, Status: km.StatusPublished, Access: km.AccessPublic, Limit: 1})
	if err != nil || len(dps) == 0 {
		t.Fatalf("a public practice of dinkes: %v", err)
	}
	adopted := call(adminEmail, "POST", fmt.Sprintf("/api/v1/practices/%d/adoptions", dps[0].ID), map[string]any{"org": "pasarjaya",
		"status": "running", "started": "2025-03-01", "adapted": "Untuk pasar", "metrics": []map[string]any{{"indicator": "Antrean",
			"baseline": 30, "value": 10}}}, http.StatusCreated)
	sw.fx.adoption = fmt.Sprint(adopted["id"])
	// A logo for the certificates, so that the logo page and the form
	// that removes it are reached.
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	fw, _ = mw.CreateFormFile("file", "logo.png")
	fw.Write(pngBytes(t))
	mw.Close()
	if rec := sw.send(secretariatDemo, "POST", "/award/sweep/console/logo", mw.FormDataContentType(), buf.Bytes()); rec.Code != http.StatusSeeOther {
		t.Fatalf("certificate logo: %d %s", rec.Code, rec.Body)
	}
}

// send makes one request as role ("" for anonymous) and returns the
// recorded answer.
func (sw *sweep) send(role, method, target, ctype string, body []byte, header ...string) *httptest.ResponseRecorder {
	sw.n++
	var rd io.Reader = http.NoBody // as a server's request has
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://lumbung.test"+target, rd)
	if err != nil {
		sw.t.Fatalf("%s %s: %v", method, target, err)
	}
	req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4321", sw.n>>16&255, sw.n>>8&255, sw.n&255)
	if strings.HasPrefix(target, "/login") {
		// Failed sign-ins from ever new addresses are a spread attack,
		// which the backoff slows (up to 2 s each): the sweep signs in
		// from one address, where the per-address limiter answers at once.
		req.RemoteAddr = "10.255.255.254:4321"
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if c := sw.cookies[role]; c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	sw.h.ServeHTTP(rec, req)
	return rec
}

// signIn starts a session for role (nothing for anonymous).
func (sw *sweep) signIn(role string) {
	if role == "" {
		return
	}
	form := url.Values{"email": {role}, "password": {demoPassword}, "next": {"/"}}
	rec := sw.send("", http.MethodPost, "/login", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if rec.Code != http.StatusSeeOther {
		sw.t.Fatalf("login %s: status %d", role, rec.Code)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == "lumbung_session" {
			sw.cookies[role] = &http.Cookie{Name: c.Name, Value: c.Value}
			return
		}
	}
	sw.t.Fatalf("login %s: no session cookie", role)
}

// route sweeps one pattern as role.
func (sw *sweep) route(role, pattern string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "", pattern // any method
	}
	subtree := strings.HasSuffix(path, "/")
	path = strings.TrimSuffix(path, "{$}")
	paths := sw.paths(path, subtree)
	real := len(sw.validPaths(path))
	for i, p := range paths {
		switch method {
		case "", http.MethodGet:
			sw.check(role, pattern, "", sw.send(role, http.MethodGet, p, "", nil), p)
			sw.check(role, pattern, "HEAD", sw.send(role, http.MethodHead, p, "", nil), p)
			if method == "" {
				sw.check(role, pattern, "POST", sw.send(role, http.MethodPost, p, "", nil), p)
			}
		default:
			for j, b := range sw.bodies {
				if b.big && i > 0 || i >= real && j >= 3 {
					continue // bad paths get the first bodies; big ones go to one real path
				}
				sw.check(role, pattern, b.name, sw.send(role, method, p, b.ctype, b.body), p)
				if pattern == "POST /logout" && role != "" {
					sw.signIn(role)
				}
			}
		}
	}
	for _, p := range sw.validPaths(path) {
		for _, h := range oddHeaders {
			switch method {
			case "", http.MethodGet:
				sw.check(role, pattern, "header "+h[0], sw.send(role, http.MethodGet, p, "", nil, h...), p)
			default:
				sw.check(role, pattern, "header "+h[0], sw.send(role, method, p, "application/x-www-form-urlencoded", []byte{}, h...), p)
			}
		}
	}
	if method == http.MethodGet {
		for _, p := range sw.validPaths(path) {
			for _, q := range badQueries {
				target := p + "?" + q
				sw.check(role, pattern, "query", sw.send(role, method, target, "", nil), target)
			}
		}
	}
}

// paths are the pattern's path with its wildcards replaced (see
// routesweep.Paths). A subtree pattern (ending in "/") gets bad paths
// below it.
func (sw *sweep) paths(path string, subtree bool) []string {
	out := routesweep.Paths(path, sw.validOf(path))
	if subtree {
		for _, bad := range routesweep.BadValues {
			out = append(out, path+"no-such-page/"+bad)
		}
	}
	return out
}

// validPaths fills every wildcard with each of its real values in turn.
func (sw *sweep) validPaths(path string) []string {
	return routesweep.ValidPaths(path, sw.validOf(path))
}

func (sw *sweep) validOf(path string) func(name string) []string {
	return func(name string) []string { return sw.fx.valid(path, name) }
}

// valid are the real values of a wildcard, chosen by its name and the
// path segment before it; the first is used when another one is varied.
func (fx sweepFixture) valid(path, name string) []string {
	before := ""
	if i := strings.Index(path, "{"+name); i > 1 {
		segs := strings.Split(strings.Trim(path[:i], "/"), "/")
		before = segs[len(segs)-1]
	}
	switch name {
	case "id":
		switch before {
		case "attachments":
			return []string{fx.attachment}
		case "objections":
			return []string{fx.objection}
		case "evidence":
			return []string{fx.evidence}
		case "adoptions":
			return []string{fx.adoption}
		case "questions":
			return []string{fx.question}
		case "answers":
			return []string{fx.answer}
		}
		return []string{fx.practice}
	case "code":
		switch before {
		case "orgs", "organisations":
			return []string{fx.org, km.RootOrgCode}
		case "kpi", "competitions":
			return fx.kpis
		case "affairs":
			return []string{"kesehatan"}
		}
		return fx.editions
	case "cert":
		return []string{fx.cert}
	case "entry":
		return []string{fx.entry}
	case "token":
		if before == "feeds" {
			return []string{fx.feedToken}
		}
		return []string{fx.token}
	case "tag":
		return []string{"pasar", "ekonomi sirkular"}
	case "round":
		return []string{"desk"}
	case "name":
		return fx.static
	case "page":
		return []string{"console", "jury", "entries", "setup", "snapshots", "results", "logo"}
	case "section":
		return []string{"entries", "jury", "progress", "results", "objections", "certificates"}
	case "step":
		return []string{"freeze", "publish", "finalise"}
	case "action":
		if before == "setup" {
			return []string{"edition", "call", "category", "category-delete", "criterion", "criterion-delete",
				"round", "round-delete", "juror", "juror-invite", "juror-delete"}
		}
		return []string{"screen", "assign", "auto-assign", "reopen", "shortlist", "freeze", "publish", "finalise",
			"certificates", "settings", "logo-remove"}
	}
	return []string{"1"}
}

// check records what is wrong with one answer.
func (sw *sweep) check(role, pattern, what string, rec *httptest.ResponseRecorder, target string) {
	who := role
	if who == "" {
		who = "anonymous"
	}
	if rec.Code >= 500 {
		sw.fail(fmt.Sprintf("%s → %d (%s)", pattern, rec.Code, what),
			fmt.Sprintf("%s as %s: %.300q", target, who, rec.Body.String()))
	}
	method, _, _ := strings.Cut(pattern, " ")
	if role == "" && method != http.MethodGet && strings.Contains(pattern, " ") && !publicWrites[pattern] {
		loc := rec.Header().Get("Location")
		if rec.Code < 300 || rec.Code < 400 && !strings.HasPrefix(loc, "/login") {
			sw.fail(fmt.Sprintf("%s → %d for an anonymous visitor (%s)", pattern, rec.Code, what),
				fmt.Sprintf("%s: Location %q", target, loc))
		}
	}
}

// pageForm is a form a page offered someone: where it posts, how, and its
// fields with the values the page filled in.
type pageForm struct {
	role, action, pattern string
	multipart             bool
	fields                [][2]string
}

var (
	formTagRE   = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	inputTagRE  = regexp.MustCompile(`<(?:input|button)\b([^>]*)>`)
	selectTagRE = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionTagRE = regexp.MustCompile(`<option\b([^>]*)>`)
	textTagRE   = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	attrRE      = regexp.MustCompile(`([\w-]+)(?:="([^"]*)")?`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(s, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	return m
}

// collectForms reads the POST forms on the real pages of a GET pattern as
// role, one per role, action and set of field names.
func (sw *sweep) collectForms(role, pattern string) {
	method, path, _ := strings.Cut(pattern, " ")
	if method != http.MethodGet {
		return
	}
	key := func(f pageForm) string {
		k := f.role + " " + f.action
		for _, kv := range f.fields {
			k += " " + kv[0]
		}
		return k
	}
	seen := map[string]bool{}
	for _, f := range sw.forms {
		seen[key(f)] = true
	}
	for _, p := range sw.validPaths(strings.TrimSuffix(path, "{$}")) {
		rec := sw.send(role, http.MethodGet, p, "", nil)
		for _, m := range formTagRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			fa := attrs(m[1])
			action, _, _ := strings.Cut(fa["action"], "#")
			if !strings.EqualFold(fa["method"], "post") || !strings.HasPrefix(action, "/") {
				continue
			}
			f := pageForm{role: role, action: action, pattern: sw.patternOf(http.MethodPost, action),
				multipart: strings.Contains(fa["enctype"], "multipart")}
			for _, in := range inputTagRE.FindAllStringSubmatch(m[2], -1) {
				a := attrs(in[1])
				_, checked := a["checked"]
				if a["name"] == "" || a["type"] == "file" || (a["type"] == "checkbox" || a["type"] == "radio") && !checked {
					continue
				}
				f.fields = append(f.fields, [2]string{a["name"], a["value"]})
			}
			for _, sel := range selectTagRE.FindAllStringSubmatch(m[2], -1) {
				var value string
				for i, o := range optionTagRE.FindAllStringSubmatch(sel[2], -1) {
					oa := attrs(o[1])
					if _, selected := oa["selected"]; i == 0 || selected {
						value = oa["value"]
					}
				}
				f.fields = append(f.fields, [2]string{attrs(sel[1])["name"], value})
			}
			for _, ta := range textTagRE.FindAllStringSubmatch(m[2], -1) {
				f.fields = append(f.fields, [2]string{attrs(ta[1])["name"], html.UnescapeString(ta[2])})
			}
			if !seen[key(f)] {
				seen[key(f)] = true
				sw.forms = append(sw.forms, f)
			}
		}
	}
}

// patternOf is the route that answers method at path: of those matching,
// the one with the most literal segments, as the mux would choose.
func (sw *sweep) patternOf(method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(strings.Trim(path, "/"), "/")
	best, bestLit := "", -1
	for _, pattern := range sw.patterns {
		m, p, ok := strings.Cut(pattern, " ")
		if !ok || m != method {
			continue
		}
		ps := strings.Split(strings.Trim(strings.TrimSuffix(p, "{$}"), "/"), "/")
		if len(ps) != len(segs) {
			continue
		}
		lit := 0
		for i, x := range ps {
			if strings.HasPrefix(x, "{") {
				continue
			}
			if x != segs[i] {
				lit = -1
				break
			}
			lit++
		}
		if lit > bestLit {
			best, bestLit = pattern, lit
		}
	}
	if best == "" {
		return method + " " + path
	}
	return best
}

// webFormValues replace one field of a form at a time.
var webFormValues = []string{"", "-1", "0", "abc", "NaN", "1e308", "-1e308", "5e-324", "9223372036854775808", "1,5", "1.000.000,5",
	"2026-13-45", "\x00", strings.Repeat("x", 300)}

// postForms sends every form found as offered, then with each field in
// turn set to each of webFormValues; forms that delete go last.
func (sw *sweep) postForms() {
	sort.SliceStable(sw.forms, func(i, j int) bool {
		return !strings.Contains(sw.forms[i].action, "delete") && strings.Contains(sw.forms[j].action, "delete")
	})
	for _, f := range sw.forms {
		variants := [][][2]string{f.fields}
		for i := range f.fields {
			for _, v := range webFormValues {
				fields := slices.Clone(f.fields)
				fields[i][1] = v
				variants = append(variants, fields)
			}
		}
		for _, fields := range variants {
			var body []byte
			ctype := "application/x-www-form-urlencoded"
			if f.multipart {
				var b bytes.Buffer
				mw := multipart.NewWriter(&b)
				for _, kv := range fields {
					mw.WriteField(kv[0], kv[1])
				}
				fw, _ := mw.CreateFormFile("file", "data.csv")
				fw.Write([]byte("participant,date,value\nA,2025-02-08,5\n"))
				mw.Close()
				body, ctype = b.Bytes(), mw.FormDataContentType()
			} else {
				q := url.Values{}
				for _, kv := range fields {
					q.Add(kv[0], kv[1])
				}
				body = []byte(q.Encode())
			}
			sw.check(f.role, f.pattern, "form", sw.send(f.role, http.MethodPost, f.action, ctype, body), f.action+" "+fmt.Sprint(fields))
			if f.pattern == "POST /logout" && f.role != "" {
				sw.signIn(f.role)
			}
		}
	}
}

// checkPrivate asks for every private page as an anonymous visitor.
func (sw *sweep) checkPrivate(routes []string) {
	have := map[string]bool{}
	for _, r := range routes {
		have[r] = true
	}
	for _, pattern := range privateGETs {
		if !have[pattern] {
			sw.t.Errorf("privateGETs names %q, which is not a route", pattern)
			continue
		}
		_, path, _ := strings.Cut(pattern, " ")
		for _, p := range sw.validPaths(path) {
			rec := sw.send("", http.MethodGet, p, "", nil)
			loc := rec.Header().Get("Location")
			refused := rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden || rec.Code == http.StatusNotFound ||
				rec.Code/100 == 3 && strings.HasPrefix(loc, "/login")
			if !refused {
				sw.fail(fmt.Sprintf("%s → %d for an anonymous visitor", pattern, rec.Code), fmt.Sprintf("%s: Location %q", p, loc))
			}
		}
	}
}

func (sw *sweep) fail(problem, example string) {
	if len(sw.fails[problem]) < 3 {
		sw.fails[problem] = append(sw.fails[problem], example)
	} else {
		sw.fails[problem] = append(sw.fails[problem], "")
	}
}

func (sw *sweep) report() {
	sw.t.Logf("route sweep: %d requests in %v", sw.n, time.Since(sw.start).Round(time.Millisecond))
	var problems []string
	for p := range sw.fails {
		problems = append(problems, p)
	}
	sort.Strings(problems)
	for _, p := range problems {
		ex := sw.fails[p]
		var shown []string
		for _, e := range ex {
			if e != "" {
				shown = append(shown, "\t"+e)
			}
		}
		sw.t.Errorf("%s: %d times, e.g.\n%s", p, len(ex), strings.Join(shown, "\n"))
	}
}
