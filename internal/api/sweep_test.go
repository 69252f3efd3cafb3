package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/config"
	"lumbung/internal/km"
	"lumbung/internal/routesweep"
	"lumbung/internal/store"
)

// TestRouteSweep sends every API route bad input — odd path values,
// garbage query parameters, odd headers, broken, mistyped and oversized
// bodies, each field a route takes with bad values, good bodies with one
// part at a time made bad, other methods — anonymously and with the tokens
// of demo users of several roles. No answer may be a 5xx, every 4xx must
// be a JSON error with a message, every JSON answer must parse, an
// anonymous caller is never answered 2xx on a write nor on the routes that
// need a token, and every read still answers once the sweep has stored
// what it could. The routes come from /api/v1/openapi.json, which is
// generated from the route list, so a new route is swept without touching
// this file; so are the query parameters it documents.
//
// Requests go to the server's handler in process (the whole middleware
// chain), each from a client address of its own, so that the per-address
// write limit does not answer 429 in the handlers' place.
func TestRouteSweep(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Demo = true })
	sw := newAPISweep(t, e)

	var doc struct {
		Paths map[string]map[string]openAPIOp `json:"paths"`
	}
	if resp := e.do("GET", "/api/v1/openapi.json", "", nil, &doc); resp.StatusCode != http.StatusOK {
		t.Fatalf("openapi: %d", resp.StatusCode)
	}
	type op struct {
		method, path string
		query        []string
	}
	var ops []op
	for path, methods := range doc.Paths {
		for m, o := range methods {
			x := op{method: strings.ToUpper(m), path: path}
			for _, p := range o.Parameters {
				if p.In == "query" {
					x.query = append(x.query, p.Name)
				}
			}
			ops = append(ops, x)
		}
	}
	// Route by route, every role in turn; deletions last, so that the
	// other routes meet the records they remove.
	sort.Slice(ops, func(i, j int) bool {
		if di, dj := ops[i].method == http.MethodDelete, ops[j].method == http.MethodDelete; di != dj {
			return dj
		}
		return ops[i].path+ops[i].method < ops[j].path+ops[j].method
	})
	if len(ops) < 60 {
		t.Fatalf("only %d operations in openapi.json", len(ops))
	}
	for _, o := range ops {
		for _, role := range apiSweepRoles {
			sw.route(role, o.method, o.path, o.query)
		}
	}
	// After the writes, every read again: what the sweep managed to store
	// must still read back.
	for _, o := range ops {
		if o.method != http.MethodGet {
			continue
		}
		for _, role := range apiSweepRoles {
			for _, p := range sw.validPaths(o.path) {
				sw.check(role, o.method+" "+o.path, "read back", o.method, sw.send(role, o.method, p, "", nil), p)
			}
		}
	}
	// Paths the API does not have, and methods a path does not take.
	var paths []string
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, role := range apiSweepRoles {
		for _, p := range []string{"/api/", "/api/v1", "/api/v2/practices", "/api/v1/no-such-thing", "/api/v1/practices/1/no-such-thing", "/api/v1/%00"} {
			sw.check(role, "GET "+p, "unknown path", http.MethodGet, sw.send(role, http.MethodGet, p, "", nil), p)
		}
		for _, path := range paths {
			target := sw.validPaths(path)[0]
			for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
				if _, ok := doc.Paths[path][strings.ToLower(m)]; !ok {
					sw.check(role, m+" "+path, "method not taken", m, sw.send(role, m, target, "application/json", []byte("{}")), target)
				}
			}
		}
	}
	sw.checkPrivate(doc.Paths)
	sw.report()
}

// openAPIOp is what the sweep reads of an operation in openapi.json.
type openAPIOp struct {
	Parameters []struct {
		Name string `json:"name"`
		In   string `json:"in"`
	} `json:"parameters"`
}

// apiSweepRoles are who the sweep calls as: anonymous first, then a
// contributor, an OPD coordinator, the root admin, the award secretariat
// and a juror (most award routes answer only the last two).
var apiSweepRoles = []string{"", sweepEntrant, "koordinator.pasar@demo.lumbung.id",
	"admin@demo.lumbung.id", sweepSecretariat, sweepJuror}

// privateAPIGETs need a token: an anonymous caller gets a 4xx. Every one
// must be in openapi.json, so the list cannot silently go stale.
var privateAPIGETs = []string{
	"/api/v1/me", "/api/v1/audit", "/api/v1/search/analytics",
	"/api/v1/award/editions/{code}/workspace", "/api/v1/award/editions/{code}/my-entries",
	"/api/v1/award/editions/{code}/entries/{entry}/evidence/{id}", "/api/v1/award/editions/{code}/entries/{entry}/snapshot",
	"/api/v1/questions/{id}/history", "/api/v1/answers/{id}/history",
}

// publicAPIWrites are the only writes an anonymous caller may be answered
// 2xx by: checking a copy of a published award snapshot.
var publicAPIWrites = map[string]bool{"POST /api/v1/award/editions/{code}/snapshots/verify": true}

// apiBadParams are the values tried for each documented query parameter.
var apiBadParams = []string{"-1", "0", "abc", "99999", "99999999999999999999", "2026-13-45", "%00", "..%2F", "NaN", strings.Repeat("x", 300)}

// apiBadQueries are tried on every GET route, documented or not; they
// name parameters some handler reads.
var apiBadQueries = []string{
	"page=-1", "page=abc", "limit=99999", "limit=-1&offset=-5", "limit=abc&offset=abc", "offset=99999999999999999999",
	"from=2026-13-45&to=abc", "from=2026-02-30&to=2025-01-01", "from=-1&to=99999999999",
	"year=abc&kind=bogus&status=bogus&sort=bogus&affair=%00&org=..%2F", "q=%00%ff%fe&org=%00",
	"round=..%2F&method=bogus&group=%00&k=-1", "method=zscore&k=NaN", "k=1e999&method=logratio", "k=0",
	"before=-1&actor=abc&target_id=%00", "dry_run=maybe", "a=%zz&b=%", "limit=1&limit=2&limit=-3",
}

// apiFields are the JSON field names the API's request bodies use; the
// sweep finds out which ones a route takes (DisallowUnknownFields names
// the others) and sends those one at a time with bad values.
var apiFields = []string{
	"access", "action", "actions", "advance", "affair", "allow_negative", "anchors", "announcement_at", "answer",
	"authors", "baseline", "body", "category", "claimed", "clear_k", "code", "comment", "competition", "control",
	"date", "description", "dry_run", "edition", "email", "entry", "external_id", "from", "group", "headcount",
	"higher_is_better", "juror", "jurors_per_entry", "k", "kind", "lessons", "max", "measurements", "method", "metric",
	"metrics", "min", "name", "noun", "objection_until", "order", "org", "organiser", "outcome", "parent",
	"participant", "participant_certificates", "participants", "period", "place", "practice_id", "practices", "private_note",
	"problem", "reason", "registration_opens", "replication", "results", "review_by", "round", "score", "scores",
	"screening", "sha256", "short", "signatory_name", "signatory_nip", "signatory_title", "status", "submission_deadline", "submit", "summary", "tags", "title", "to",
	"unit", "value", "values", "verifier", "version", "weight", "winners", "year",
	"started", "adapted", "regulation", "derived_practice",
}

// apiFieldValues are sent in each field a route takes.
var apiFieldValues = []string{
	`"x"`, `""`, `-1`, `0`, `1e308`, `-1e308`, `9223372036854775807`, `9223372036854775808`, `0.5`, `true`, `null`,
	`[]`, `{}`, `[null]`, `[{}]`, `[-1]`, `{"":null}`, `"2026-13-45"`, `"2026-02-30T25:61:00Z"`, `"\u0000"`,
	`"` + strings.Repeat("x", 300) + `"`, `[""]`, `["x","x"]`, `{"code":"","value":-1}`,
}

// apiOddHeaders are sent, one set at a time, with every route's real paths.
var apiOddHeaders = [][]string{
	{"Accept-Language", "zz-ZZ;q=abc, *;q=-1, ,,;"},
	{"Accept-Language", strings.Repeat("en-US;q=0.9,", 500)},
	{"Range", "bytes=999999999-"},
	{"Range", "bytes=5-1,-0,abc"},
	{"If-Match", `"v99999999999999999999"`},
	{"If-Match", `"v-1"`},
	{"If-None-Match", "*", "If-Modified-Since", "yesterday", "If-Range", "garbage"},
	{"Authorization", "Bearer"},
	{"Authorization", "Basic Zm9vOmJhcg=="},
	{"Authorization", "Bearer " + strings.Repeat("x", 300)},
	{"X-Real-IP", "%00", "X-Forwarded-For", "garbage, , 999.1.1.1"},
}

type apiBody struct {
	name  string
	ctype string
	body  []byte
	big   bool // skipped under -short
}

func apiBodies() []apiBody {
	const js = "application/json"
	garbage := []byte("\x00\xff\xfe%zz&&==;\x1b[0m{\"<script>}]%")
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.SetBoundary("sweep")
	mw.WriteField("title", "-1")
	fw, _ := mw.CreateFormFile("file", "garbage.xlsx")
	fw.Write(garbage)
	mw.Close()

	big := bytes.Repeat([]byte("a"), 12<<20)
	copy(big, `{"title":"`)
	var bigMP bytes.Buffer
	mw = multipart.NewWriter(&bigMP)
	mw.SetBoundary("sweep")
	fw, _ = mw.CreateFormFile("file", "besar.pdf")
	fw.Write(big[10:])
	mw.Close()

	return []apiBody{
		// The first three are sent with bad paths too; the rest only with
		// real ones.
		{"no body", "", nil, false},
		{"{}", js, []byte("{}"), false},
		{"garbage", js, garbage, false},
		{"empty body", js, []byte{}, false},
		{"null", js, []byte("null"), false},
		{"[]", js, []byte("[]"), false},
		{"a string", js, []byte(`"x"`), false},
		{"a number", js, []byte(`-1`), false},
		{"malformed JSON", js, []byte(`{"title": "x", `), false},
		{"trailing data", js, []byte(`{}{}`), false},
		{"unknown field", js, []byte(`{"zzz": 1}`), false},
		{"deep nesting", js, bytes.Repeat([]byte("["), 100000), false},
		{"invalid UTF-8", js, []byte("{\"title\": \"\xff\xfe\"}"), false},
		{"wrong content type", "text/plain; charset=utf-8", []byte("{}"), false},
		{"form content type", "application/x-www-form-urlencoded", []byte("title=x&version=1"), false},
		{"unparsable content type", "application/json; charset", []byte("{}"), false},
		{"CSV with bad rows", "text/csv", []byte("participant,date,value\nA,2026-13-45,NaN\n,,\n\"unterminated\n"), false},
		// Well-formed measurements of sweep-kpi with values at the edge of
		// float64: a huge one, and a baseline a hair above zero for E.
		{"CSV with a huge value", "text/csv", []byte("participant,date,value\nA,2025-02-04,1e308\nA,2025-02-05,1e308\n"), false},
		{"CSV with a tiny baseline", "text/csv", []byte("participant,date,value\nE,2025-01-05,5e-324\nE,2025-02-05,1e15\n"), false},
		{"JSON with a huge value", js, []byte(`[{"participant":"B","date":"2025-02-06","value":1e308}]`), false},
		{"multipart without boundary", "multipart/form-data", garbage, false},
		{"truncated multipart", "multipart/form-data; boundary=sweep",
			[]byte("--sweep\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.xlsx\"\r\n\r\nnot a workbook"), false},
		{"multipart with garbage file", "multipart/form-data; boundary=sweep", mp.Bytes(), false},
		{"12 MB JSON", js, big, true},
		{"12 MB multipart file", "multipart/form-data; boundary=sweep", bigMP.Bytes(), true},
	}
}

// apiSweep sends the requests and collects what went wrong.
type apiSweep struct {
	t      *testing.T
	h      http.Handler
	tokens map[string]string
	fx     apiFixture
	bodies []apiBody
	fields map[string][]string // the JSON fields each pattern takes
	bases  map[string]any      // good bodies by pattern
	n      int                 // requests sent
	start  time.Time
	fails  map[string][]string // problem → examples
}

// apiFixture holds real values from the demo data, so that each route is
// also reached with paths that exist.
type apiFixture struct {
	practice, attachment, org, entry, cert, objection, evidence string
	adoption                                                    string
	question, answer                                            string // on the practice
	competitions, editions                                      []string
}

func newAPISweep(t *testing.T, e *env) *apiSweep {
	ctx := context.Background()
	st := e.app.Store
	for _, email := range apiSweepRoles[1:] {
		tok, err := e.app.CreateToken(ctx, app.System, email, "sweep")
		if err != nil {
			t.Fatalf("token for %s: %v", email, err)
		}
		e.tokens[email] = tok
	}
	fx := apiFixture{org: "dinkes"}
	ps, _, err := st.Practices(ctx, store.PracticeFilter{Limit: 1, Order: "id"})
	if err != nil || len(ps) == 0 {
		t.Fatalf("a public demo practice: %v", err)
	}
	fx.practice = strconv.FormatInt(ps[0].ID, 10)
	admin, err := st.UserByEmail(ctx, "admin@demo.lumbung.id")
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2)))
	q, err := e.app.AskQuestion(ctx, app.Actor{User: &admin}, ps[0].ID, "Berapa biayanya?")
	if err != nil {
		t.Fatalf("question: %v", err)
	}
	an, err := e.app.PostAnswer(ctx, app.Actor{User: &admin}, q.ID, "Tidak ada biaya.")
	if err != nil {
		t.Fatalf("answer: %v", err)
	}
	fx.question, fx.answer = strconv.FormatInt(q.ID, 10), strconv.FormatInt(an.ID, 10)
	att, err := e.app.AddAttachment(ctx, app.Actor{User: &admin}, ps[0].ID, "foto.png", &img)
	if err != nil {
		t.Fatalf("attach: %v", err)
	}
	fx.attachment = strconv.FormatInt(att.ID, 10)
	cs, err := st.Competitions(ctx)
	if err != nil || len(cs) == 0 {
		t.Fatalf("a demo competition: %v", err)
	}
	eds, err := st.Editions(ctx)
	if err != nil || len(eds) == 0 {
		t.Fatalf("a demo award edition: %v", err)
	}
	certs, err := st.Certificates(ctx, eds[0].ID)
	if err != nil || len(certs) == 0 {
		t.Fatalf("a demo certificate: %v", err)
	}
	fx.cert = certs[0].Code
	fx.competitions = []string{"sweep-kpi", cs[0].Code}
	fx.editions = []string{"sweep", "sweep-draft", eds[0].Code}
	var bases map[string]any
	fx.entry, fx.evidence, bases = sweepData(t, e)
	fx.adoption = sweepAdoption(t, e, bases)
	d, err := st.AwardData(ctx, eds[0].Code)
	if err != nil {
		t.Fatal(err)
	}
	fx.objection = "1"
	if len(d.Objections) > 0 {
		fx.objection = strconv.FormatInt(d.Objections[0].ID, 10)
	}

	bodies := apiBodies()
	if testing.Short() {
		var small []apiBody
		for _, b := range bodies {
			if !b.big {
				small = append(small, b)
			}
		}
		bodies = small
	}
	return &apiSweep{t: t, h: e.srv.Config.Handler, tokens: e.tokens, fx: fx, bodies: bodies, fields: map[string][]string{}, bases: bases,
		start: time.Now(), fails: map[string][]string{}}
}

const (
	sweepSecretariat = "sekretariat@demo.lumbung.id"
	sweepJuror       = "juri@demo.lumbung.id"
	sweepEntrant     = "kontributor.pasar@demo.lumbung.id"
)

// sweepData adds what the demo data lacks for reaching deep into the
// handlers: a running KPI competition ("sweep-kpi", with a participant E
// without data), an award edition with its call published and an entry
// with evidence ("sweep"), and one still being set up ("sweep-draft"),
// both with category "pd", criterion "dampak", round "desk" and
// sweepJuror; also a practice and an organisation. It returns the entry's
// code, the evidence's id, and the good bodies it sent by pattern, for the
// sweep to send again with one part at a time made bad.
func sweepData(t *testing.T, e *env) (entry, evidence string, bases map[string]any) {
	ctx := context.Background()
	bases = map[string]any{}
	call := func(as, pattern string, body any, want int, wildcards ...string) map[string]any {
		t.Helper()
		method, path, _ := strings.Cut(pattern, " ")
		for i := 0; i+1 < len(wildcards); i += 2 {
			path = strings.Replace(path, "{"+wildcards[i]+"}", wildcards[i+1], 1)
		}
		var out map[string]any
		if resp := e.send(method, path, as, "en", body, &out); resp.StatusCode != want {
			t.Fatalf("%s %s: %d %v, want %d", method, path, resp.StatusCode, out, want)
		}
		if body != nil {
			bases[pattern] = body
		}
		return out
	}
	const admin = "admin@demo.lumbung.id"
	kpi := competitionBody()
	c := kpi["competition"].(map[string]any)
	c["code"], c["org"] = "sweep-kpi", "pasarjaya"
	kpi["participants"] = append(kpi["participants"].([]map[string]any), map[string]any{"code": "E", "name": "Pasar E", "group": "kecil"})
	call(admin, "POST /api/v1/competitions", kpi, http.StatusCreated)
	c["code"] = "sweep-kpi-2" // what the sweep sends again must not clash
	call(admin, "PATCH /api/v1/competitions/{code}", map[string]any{"name": "Lomba Sapu", "description": "Uji", "noun": "pasar",
		"method": "logratio", "k": 1}, http.StatusOK, "code", "sweep-kpi")
	call(admin, "POST /api/v1/competitions/{code}/measurements", []map[string]any{{"participant": "B", "date": "2025-02-07", "value": 10}},
		http.StatusCreated, "code", "sweep-kpi")

	call(admin, "POST /api/v1/organisations", map[string]any{"code": "sapu-unit", "name": "Unit Sapu", "short": "US", "kind": "unit",
		"parent": "pasarjaya", "headcount": 12}, http.StatusCreated)
	call(sweepEntrant, "POST /api/v1/practices", map[string]any{"org": "pasarjaya", "title": "Sapu bersih", "summary": "Ringkasan",
		"kind": "good", "access": "public", "affair": "perdagangan", "year": 2025, "tags": []string{"pasar"}, "authors": []string{"Rina"},
		"review_by": "2027-01-31", "metrics": []map[string]any{{"indicator": "Transaksi", "unit": "trx", "baseline": 100, "value": 147,
			"baseline_date": "2025-01-01", "value_date": "2025-06-01", "scope": "12 pasar", "source": "Bank DKI", "verified": true}}},
		http.StatusCreated)

	at := func(d time.Duration) string { return time.Now().Add(d).Format(time.RFC3339) }
	for _, code := range []string{"sweep", "sweep-draft"} {
		ed := []string{"code", code}
		call(sweepSecretariat, "POST /api/v1/award/editions", map[string]any{"code": code, "name": "Sweep " + code, "year": 2026,
			"registration_opens": at(-time.Hour), "submission_deadline": at(24 * time.Hour), "announcement_at": at(240 * time.Hour),
			"objection_until": at(480 * time.Hour), "winners": 3, "method": "zscore"}, http.StatusCreated)
		call(sweepSecretariat, "POST /api/v1/award/editions/{code}/categories", map[string]any{"code": "pd", "name": "Perangkat Daerah"},
			http.StatusCreated, ed...)
		call(sweepSecretariat, "POST /api/v1/award/editions/{code}/criteria", map[string]any{"code": "dampak", "name": "Dampak",
			"description": "Dampak terukur", "weight": 2, "min": 1, "max": 5, "anchors": map[string]string{"1": "Belum ada", "5": "Terukur"}},
			http.StatusCreated, ed...)
		call(sweepSecretariat, "POST /api/v1/award/editions/{code}/rounds", map[string]any{"code": "desk", "name": "Penilaian dokumen",
			"kind": "desk", "order": 1, "advance": 3, "weight": 1}, http.StatusCreated, ed...)
		call(sweepSecretariat, "POST /api/v1/award/editions/{code}/jurors", map[string]any{"email": sweepJuror, "name": "Juri", "org": nil},
			http.StatusOK, ed...)
		call(sweepSecretariat, "PUT /api/v1/award/editions/{code}/settings", map[string]any{"description": "Uji",
			"participant_certificates": true}, http.StatusNoContent, ed...)
	}
	call(sweepSecretariat, "POST /api/v1/award/editions/{code}/call", nil, http.StatusNoContent, "code", "sweep")
	org, err := e.app.Store.OrgByCode(ctx, "pasarjaya")
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := e.app.Store.Practices(ctx, store.PracticeFilter{OrgPath: org.Path, Status: km.StatusPublished, Limit: 1})
	if err != nil || len(ps) == 0 {
		t.Fatalf("a published practice of pasarjaya: %v", err)
	}
	created := call(sweepEntrant, "POST /api/v1/award/editions/{code}/entries", map[string]any{"category": "pd", "title": "Pasar nontunai",
		"summary": "QRIS di semua pasar", "practices": []int64{ps[0].ID}}, http.StatusCreated, "code", "sweep")
	entry, _ = created["code"].(string)
	resp, ev := e.uploadEvidence("/api/v1/award/editions/sweep/entries/"+entry+"/evidence", sweepEntrant, "laporan.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("upload evidence: %d %v", resp.StatusCode, ev)
	}
	if status, ae := putLogo(t, e, sweepSecretariat, logoPNG(t), "sweep"); status != http.StatusNoContent {
		t.Fatalf("certificate logo: %d %+v", status, ae)
	}
	return entry, fmt.Sprint(ev["id"]), bases
}

// sweepAdoption records an adoption of a public dinkes practice by
// pasarjaya, which pasarjaya's coordinator manages, and keeps good bodies
// for the adoption routes; it returns the adoption's id.
func sweepAdoption(t *testing.T, e *env, bases map[string]any) string {
	ctx := context.Background()
	dinkes, err := e.app.Store.OrgByCode(ctx, "dinkes")
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := e.app.Store.Practices(ctx, store.PracticeFilter{OrgPath: dinkes.Path, Status: km.StatusPublished, Access: km.AccessPublic, Limit: 1})
	if err != nil || len(ps) == 0 {
		t.Fatalf("a public practice of dinkes: %v", err)
	}
	body := map[string]any{"org": "pasarjaya", "status": "running", "started": "2025-03-01", "adapted": "Untuk pasar",
		"reason": "", "regulation": "", "derived_practice": nil,
		"metrics": []map[string]any{{"indicator": "Antrean", "unit": "menit", "baseline": 30, "value": 10, "baseline_date": "2025-01-01",
			"value_date": "2025-06-01", "scope": "5 pasar", "source": "Survei", "verified": true}}}
	var out map[string]any
	if resp := e.send("POST", fmt.Sprintf("/api/v1/practices/%d/adoptions", ps[0].ID), "admin@demo.lumbung.id", "en", body, &out); resp.StatusCode != http.StatusCreated {
		t.Fatalf("adoption: %d %v", resp.StatusCode, out)
	}
	bases["POST /api/v1/practices/{id}/adoptions"] = body
	bases["PATCH /api/v1/adoptions/{id}"] = map[string]any{"status": "stopped", "reason": "Uji", "started": "2025-03-02",
		"adapted": "Lain", "regulation": "SK 1/2025", "derived_practice": 0, "metrics": body["metrics"]}
	return fmt.Sprint(out["id"])
}

// base is a good body for pattern: one the set-up sent, or for a PUT to
// ".../{x}" the one it sent to create there.
func (sw *apiSweep) base(pattern string) any {
	if b, ok := sw.bases[pattern]; ok {
		return b
	}
	method, path, _ := strings.Cut(pattern, " ")
	if i := strings.LastIndex(path, "/{"); method == http.MethodPut && i > 0 && strings.HasSuffix(path, "}") {
		return sw.bases["POST "+path[:i]]
	}
	return nil
}

// mutations are base with one part at a time (a value, an object, an
// array, or the first element of an array) replaced by each of values.
func mutations(base any, values []string) [][]byte {
	var root any
	b, _ := json.Marshal(base)
	json.Unmarshal(b, &root)
	var paths [][]any
	var walk func(x any, path []any)
	walk = func(x any, path []any) {
		if len(path) > 0 {
			paths = append(paths, slices.Clone(path))
		}
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				walk(v, append(path, k))
			}
		case []any:
			if len(x) > 0 {
				walk(x[0], append(path, 0))
			}
		}
	}
	walk(root, nil)
	var out [][]byte
	for _, path := range paths {
		for _, v := range values {
			var doc any
			json.Unmarshal(b, &doc)
			x := doc
			for _, step := range path[:len(path)-1] {
				if k, ok := step.(string); ok {
					x = x.(map[string]any)[k]
				} else {
					x = x.([]any)[step.(int)]
				}
			}
			if k, ok := path[len(path)-1].(string); ok {
				x.(map[string]any)[k] = json.RawMessage(v)
			} else {
				x.([]any)[path[len(path)-1].(int)] = json.RawMessage(v)
			}
			m, _ := json.Marshal(doc)
			out = append(out, m)
		}
	}
	return out
}

// send makes one request as role ("" for anonymous) and records the answer.
func (sw *apiSweep) send(role, method, target, ctype string, body []byte, header ...string) *httptest.ResponseRecorder {
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
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+sw.tokens[role])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	sw.h.ServeHTTP(rec, req)
	return rec
}

// route sweeps one operation as role.
func (sw *apiSweep) route(role, method, path string, params []string) {
	pattern := method + " " + path
	real := len(sw.validPaths(path))
	for i, p := range sw.paths(path) {
		if method == http.MethodGet {
			sw.check(role, pattern, "", method, sw.send(role, method, p, "", nil), p)
			sw.check(role, pattern, "HEAD", http.MethodHead, sw.send(role, http.MethodHead, p, "", nil), p)
			continue
		}
		for j, b := range sw.bodies {
			if b.big && i > 0 || i >= real && j >= 3 {
				continue // bad paths get the first bodies; big ones go to one real path
			}
			sw.check(role, pattern, b.name, method, sw.send(role, method, p, b.ctype, b.body), p)
		}
	}
	valid := sw.validPaths(path)
	for _, p := range valid {
		for _, h := range apiOddHeaders {
			if method == http.MethodGet {
				sw.check(role, pattern, "header "+h[0], method, sw.send(role, method, p, "", nil, h...), p)
			} else {
				sw.check(role, pattern, "header "+h[0], method, sw.send(role, method, p, "application/json", []byte("{}"), h...), p)
			}
		}
	}
	if method == http.MethodGet {
		for _, p := range valid {
			for _, q := range apiBadQueries {
				sw.check(role, pattern, "query", method, sw.send(role, method, p+"?"+q, "", nil), p+"?"+q)
			}
			for _, name := range params {
				for _, v := range apiBadParams {
					target := p + "?" + name + "=" + v
					sw.check(role, pattern, "parameter "+name, method, sw.send(role, method, target, "", nil), target)
				}
			}
		}
		return
	}
	if role == "" {
		return // the fields matter only to someone allowed to write
	}
	if base := sw.base(pattern); base != nil {
		for _, body := range mutations(base, apiFieldValues) {
			sw.check(role, pattern, "mutated body", method, sw.send(role, method, valid[0], "application/json", body), valid[0]+" "+string(body))
		}
	}
	for _, p := range valid {
		for _, f := range sw.fieldsOf(pattern, role, method, p) {
			for _, v := range apiFieldValues {
				body := []byte(`{"` + f + `":` + v + `}`)
				sw.check(role, pattern, "field "+f, method, sw.send(role, method, p, "application/json", body), p+" "+string(body))
			}
		}
	}
}

// fieldsOf finds out which of apiFields the route takes: a JSON handler
// refuses an unknown one by name. What it finds is kept for the pattern.
func (sw *apiSweep) fieldsOf(pattern, role, method, target string) []string {
	if fs, ok := sw.fields[pattern]; ok {
		return fs
	}
	var out []string
	for _, f := range apiFields {
		rec := sw.send(role, method, target, "application/json", []byte(`{"`+f+`":null}`))
		if !strings.Contains(rec.Body.String(), "unknown field") {
			out = append(out, f)
		}
	}
	if len(out) == len(apiFields) {
		return nil // not a JSON handler, or refused before reading the body
	}
	sw.fields[pattern] = out
	return out
}

// paths are the path with its wildcards replaced (see routesweep.Paths).
func (sw *apiSweep) paths(path string) []string {
	return routesweep.Paths(path, sw.validOf(path))
}

func (sw *apiSweep) validPaths(path string) []string {
	return routesweep.ValidPaths(path, sw.validOf(path))
}

func (sw *apiSweep) validOf(path string) func(name string) []string {
	return func(name string) []string { return sw.fx.valid(path, name) }
}

// valid are the real values of a wildcard, chosen by its name and the
// path segment before it; the first is used when another one is varied.
func (fx apiFixture) valid(path, name string) []string {
	before := ""
	if i := strings.Index(path, "{"+name+"}"); i > 1 {
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
		case "organisations":
			return []string{fx.org, km.RootOrgCode}
		case "competitions":
			return fx.competitions
		}
		return fx.editions
	case "cert":
		return []string{fx.cert}
	case "entry":
		return []string{fx.entry}
	case "round":
		return []string{"desk"}
	case "crit":
		return []string{"dampak"}
	case "cat":
		return []string{"pd"}
	case "email":
		return []string{sweepJuror}
	}
	return []string{"1"}
}

// check records what is wrong with one answer.
func (sw *apiSweep) check(role, pattern, what, method string, rec *httptest.ResponseRecorder, target string) {
	who := role
	if who == "" {
		who = "anonymous"
	}
	body := rec.Body.String()
	if rec.Code >= 500 {
		sw.fail(fmt.Sprintf("%s → %d (%s)", pattern, rec.Code, what), fmt.Sprintf("%s %.300s as %s: %.300q", method, target, who, body))
	}
	if rec.Code >= 400 && rec.Code < 500 && method != http.MethodHead {
		var e apiError
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Message == "" || e.Error.Code == "" {
			sw.fail(fmt.Sprintf("%s → %d without a JSON error (%s)", pattern, rec.Code, what),
				fmt.Sprintf("%s %.300s as %s: %.300q", method, target, who, body))
		} else if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			sw.fail(fmt.Sprintf("%s → %d with Content-Type %q (%s)", pattern, rec.Code, rec.Header().Get("Content-Type"), what),
				fmt.Sprintf("%s %.300s as %s", method, target, who))
		}
	}
	if rec.Code < 300 && method != http.MethodHead && strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && !json.Valid(rec.Body.Bytes()) {
		sw.fail(fmt.Sprintf("%s → %d with a body that is not JSON (%s)", pattern, rec.Code, what),
			fmt.Sprintf("%s %.300s as %s: …%q", method, target, who, body[max(0, len(body)-200):]))
	}
	if rec.Code >= 300 && rec.Code < 400 && rec.Code != http.StatusNotModified {
		sw.fail(fmt.Sprintf("%s → %d, a redirect (%s)", pattern, rec.Code, what), fmt.Sprintf("%s %.300s as %s", method, target, who))
	}
	if role == "" && method != http.MethodGet && method != http.MethodHead && rec.Code < 300 && !publicAPIWrites[pattern] {
		sw.fail(fmt.Sprintf("%s → %d for an anonymous caller (%s)", pattern, rec.Code, what), fmt.Sprintf("%s %.300s", method, target))
	}
}

// checkPrivate calls every private route anonymously.
func (sw *apiSweep) checkPrivate(paths map[string]map[string]openAPIOp) {
	for _, path := range privateAPIGETs {
		if _, ok := paths[path]["get"]; !ok {
			sw.t.Errorf("privateAPIGETs names %q, which openapi.json lacks", path)
			continue
		}
		for _, p := range sw.validPaths(path) {
			rec := sw.send("", http.MethodGet, p, "", nil)
			if rec.Code < 400 || rec.Code >= 500 {
				sw.fail(fmt.Sprintf("GET %s → %d for an anonymous caller", path, rec.Code), p)
			}
		}
	}
}

func (sw *apiSweep) fail(problem, example string) {
	if len(sw.fails[problem]) < 3 {
		sw.fails[problem] = append(sw.fails[problem], example)
	} else {
		sw.fails[problem] = append(sw.fails[problem], "")
	}
}

func (sw *apiSweep) report() {
	sw.t.Logf("route sweep: %d requests in %v", sw.n, time.Since(sw.start).Round(time.Millisecond))
	var problems []string
	for p := range sw.fails {
		problems = append(problems, p)
	}
	sort.Strings(problems)
	for _, p := range problems {
		var shown []string
		for _, e := range sw.fails[p] {
			if e != "" {
				shown = append(shown, "\t"+e)
			}
		}
		sw.t.Errorf("%s: %d times, e.g.\n%s", p, len(sw.fails[p]), strings.Join(shown, "\n"))
	}
}
