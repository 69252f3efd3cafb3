package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/config"
	"lumbung/internal/km"
	"lumbung/internal/server"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

// env is a running server with two agencies and a user per role in each.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	app    *app.App
	tokens map[string]string // by e-mail
}

func newEnv(t *testing.T, mutate ...func(*config.Config)) *env {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = storetest.SchemaURL(t)
	cfg.InsecureCookies = true
	for _, m := range mutate {
		m(&cfg)
	}
	ctx := context.Background()
	s, err := server.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.App.BcryptCost = 4
	e := &env{t: t, srv: httptest.NewServer(s.Handler), app: s.App, tokens: map[string]string{}}
	t.Cleanup(e.srv.Close)
	root, err := s.App.Store.OrgByCode(ctx, km.RootOrgCode)
	if err != nil {
		t.Fatal(err)
	}
	err = s.App.Store.Write(ctx, func(tx *store.Tx) error {
		for _, code := range []string{"dinas-a", "dinas-b"} {
			if err := tx.CreateOrg(&km.Org{Code: code, Name: "Dinas " + code, Kind: km.OrgOPD, ParentID: root.ID}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	users := []struct {
		email, org string
		role       km.Role
	}{
		{"kontributor@a.go.id", "dinas-a", km.RoleContributor},
		{"koordinator@a.go.id", "dinas-a", km.RoleCoordinator},
		{"kontributor@b.go.id", "dinas-b", km.RoleContributor},
		{"admin@root.go.id", km.RootOrgCode, km.RoleAdmin},
	}
	for _, u := range users {
		if _, err := s.App.CreateUser(ctx, app.System, app.NewUser{Email: u.email, Name: u.email, OrgCode: u.org, Password: "rahasia-sekali", Roles: []km.Role{u.role}}); err != nil {
			t.Fatal(err)
		}
		tok, err := s.App.CreateToken(ctx, app.System, u.email, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[u.email] = tok
	}
	return e
}

// do sends a request as the user with this e-mail ("" for anonymous) and
// decodes a JSON answer into out (when not nil).
func (e *env) do(method, path, as string, body any, out any) *http.Response {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		buf, _ := json.Marshal(b)
		r = bytes.NewReader(buf)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[as])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return resp
}

type practice struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Status  string `json:"status"`
	Version int    `json:"version"`
	Access  string `json:"access"`
	Metrics []struct {
		Change  float64  `json:"change"`
		Percent *float64 `json:"percent"`
	} `json:"metrics"`
}

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func (e *env) create(as string, body map[string]any) practice {
	e.t.Helper()
	var p practice
	if resp := e.do("POST", "/api/v1/practices", as, body, &p); resp.StatusCode != http.StatusCreated {
		e.t.Fatalf("create: status %d", resp.StatusCode)
	}
	return p
}

func TestCreateReturns201WithIDAndComputedChange(t *testing.T) {
	e := newEnv(t)
	p := e.create("kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "Lomba Pasar Digital", "body": "Isi",
		"metrics": []map[string]any{{"indicator": "Transaksi QRIS", "baseline": 100, "value": 147}}})
	if p.ID == 0 || p.Status != "draft" || p.Version != 1 {
		t.Errorf("got %+v, want an id, status draft, version 1", p)
	}
	if len(p.Metrics) != 1 || p.Metrics[0].Change != 47 || p.Metrics[0].Percent == nil || *p.Metrics[0].Percent != 47 {
		t.Errorf("metrics = %+v, want change 47 and percent 47", p.Metrics)
	}
}

func TestBadInput(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, as string
		body     any
		status   int
		code     string
		field    string
	}{
		{"malformed JSON", "kontributor@a.go.id", `{"title": "x",`, 400, "invalid_json", ""},
		{"not an object", "kontributor@a.go.id", `[1,2]`, 400, "invalid_json", ""},
		{"wrong type", "kontributor@a.go.id", `{"title": 5}`, 400, "invalid_json", ""},
		{"unknown field", "kontributor@a.go.id", `{"titel": "x"}`, 400, "invalid_json", ""},
		{"missing title", "kontributor@a.go.id", map[string]any{"org": "dinas-a", "body": "x"}, 422, "validation", "title"},
		{"missing org", "kontributor@a.go.id", map[string]any{"title": "x", "body": "x"}, 422, "validation", "org"},
		{"unknown organisation", "kontributor@a.go.id", map[string]any{"org": "tidak-ada", "title": "x", "body": "x"}, 422, "validation", "org"},
		{"bad kind", "kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "x", "body": "x", "kind": "great"}, 422, "validation", "kind"},
		{"bad metric date", "kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "x", "body": "x", "metrics": []any{map[string]any{"indicator": "a", "baseline": 1, "value": 2, "value_date": "31-12-2025"}}}, 422, "validation", "metrics.0.value_date"},
		// a change beyond float64 (JSON has no Infinity) is refused, not stored
		{"metric too large", "kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "x", "body": "x", "metrics": []any{map[string]any{"indicator": "a", "baseline": -1e308, "value": 1e308}}}, 422, "validation", "metrics.0.value"},
		{"anonymous create", "", map[string]any{"org": "dinas-a", "title": "x", "body": "x"}, 401, "unauthorized", ""},
		{"other agency", "kontributor@b.go.id", map[string]any{"org": "dinas-a", "title": "x", "body": "x"}, 403, "forbidden", ""},
		{"contributor publishes directly", "kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "x", "body": "x", "status": "published"}, 403, "forbidden", ""},
	}
	for _, tt := range tests {
		var ae apiError
		resp := e.do("POST", "/api/v1/practices", tt.as, tt.body, &ae)
		if resp.StatusCode != tt.status || ae.Error.Code != tt.code {
			t.Errorf("%s: got %d %q (%s), want %d %q", tt.name, resp.StatusCode, ae.Error.Code, ae.Error.Message, tt.status, tt.code)
		}
		if ae.Error.Message == "" {
			t.Errorf("%s: empty error message", tt.name)
		}
		if tt.field != "" && ae.Error.Fields[tt.field] == "" {
			t.Errorf("%s: fields %v, want a message for %q", tt.name, ae.Error.Fields, tt.field)
		}
	}
	// Nothing half-written: the only practices are none.
	var list struct{ Total int }
	e.do("GET", "/api/v1/practices", "admin@root.go.id", nil, &list)
	if list.Total != 0 {
		t.Errorf("after bad input: %d practices stored, want 0", list.Total)
	}
}

func TestMessagesFollowAcceptLanguage(t *testing.T) {
	e := newEnv(t)
	for lang, want := range map[string]string{"id": "wajib diisi", "en": "is required"} {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/practices", strings.NewReader(`{"org":"dinas-a","body":"x"}`))
		req.Header.Set("Authorization", "Bearer "+e.tokens["kontributor@a.go.id"])
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var ae apiError
		json.NewDecoder(resp.Body).Decode(&ae)
		resp.Body.Close()
		if ae.Error.Fields["title"] != want {
			t.Errorf("%s: title message %q, want %q", lang, ae.Error.Fields["title"], want)
		}
	}
}

func TestWorkflowAndAccess(t *testing.T) {
	e := newEnv(t)
	p := e.create("kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "Internal", "body": "x", "access": "internal"})
	// A contributor of another agency may not edit it.
	var ae apiError
	resp := e.do("PUT", fmt.Sprintf("/api/v1/practices/%d", p.ID), "kontributor@b.go.id", map[string]any{"title": "Dibajak", "body": "x", "version": p.Version}, &ae)
	if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
		t.Errorf("other agency edits a draft: got %d, want 403 or 404", resp.StatusCode)
	}
	// Submit, then publish as coordinator; the contributor cannot publish.
	e.do("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), "kontributor@a.go.id", map[string]any{"action": "submit"}, &p)
	if p.Status != "in_review" {
		t.Fatalf("after submit: %s", p.Status)
	}
	if resp := e.do("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), "kontributor@a.go.id", map[string]any{"action": "publish"}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor publishes: got %d, want 403", resp.StatusCode)
	}
	if resp := e.do("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), "koordinator@a.go.id", map[string]any{"action": "archive", "reason": "x"}, nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("archive from in_review: got %d, want 422", resp.StatusCode)
	}
	if resp := e.do("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), "koordinator@a.go.id", map[string]any{"action": "return"}, &ae); resp.StatusCode != http.StatusUnprocessableEntity || ae.Error.Fields["reason"] == "" {
		t.Errorf("return without reason: got %d %v, want 422 on reason", resp.StatusCode, ae.Error.Fields)
	}
	e.do("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), "koordinator@a.go.id", map[string]any{"action": "publish", "review_by": "2027-06-30"}, &p)
	if p.Status != "published" {
		t.Fatalf("after publish: %s", p.Status)
	}
	// Internal: anonymous gets 404, another agency's signed-in user reads it.
	if resp := e.do("GET", fmt.Sprintf("/api/v1/practices/%d", p.ID), "", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("anonymous reads internal: got %d, want 404", resp.StatusCode)
	}
	if resp := e.do("GET", fmt.Sprintf("/api/v1/practices/%d", p.ID), "kontributor@b.go.id", nil, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("signed-in reads internal: got %d, want 200", resp.StatusCode)
	}
	// The contributor of agency B may read but not edit.
	if resp := e.do("PUT", fmt.Sprintf("/api/v1/practices/%d", p.ID), "kontributor@b.go.id", map[string]any{"title": "Dibajak", "body": "x", "version": p.Version}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("other agency edits: got %d, want 403", resp.StatusCode)
	}
	var list struct {
		Total     int        `json:"total"`
		Practices []practice `json:"practices"`
	}
	e.do("GET", "/api/v1/practices?limit=10", "", nil, &list)
	if list.Total != 0 {
		t.Errorf("anonymous list: %d practices, want 0 (internal only)", list.Total)
	}
	e.do("GET", "/api/v1/practices?status=published", "kontributor@b.go.id", nil, &list)
	if list.Total != 1 {
		t.Errorf("signed-in list: %d, want 1", list.Total)
	}
	// The audit log recorded the steps; only admins read it.
	if resp := e.do("GET", "/api/v1/audit", "kontributor@a.go.id", nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor reads audit: %d, want 403", resp.StatusCode)
	}
	var audit struct {
		Events []struct{ Action, Actor string } `json:"events"`
	}
	e.do("GET", "/api/v1/audit?action=practice.", "admin@root.go.id", nil, &audit)
	var actions []string
	for _, ev := range audit.Events {
		actions = append(actions, ev.Action)
	}
	if got := strings.Join(actions, ","); got != "practice.publish,practice.submit,practice.create" {
		t.Errorf("audit actions = %s", got)
	}
}

func TestStaleUpdateIsConflict(t *testing.T) {
	e := newEnv(t)
	p := e.create("kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "Asli", "body": "x"})
	path := fmt.Sprintf("/api/v1/practices/%d", p.ID)
	var p2 practice
	if resp := e.do("PUT", path, "kontributor@a.go.id", map[string]any{"title": "Pertama", "body": "x", "version": 1}, &p2); resp.StatusCode != 200 || p2.Version != 2 {
		t.Fatalf("first update: %d %+v", resp.StatusCode, p2)
	}
	var ae apiError
	resp := e.do("PUT", path, "koordinator@a.go.id", map[string]any{"title": "Kedua", "body": "x", "version": 1}, &ae)
	if resp.StatusCode != http.StatusConflict || ae.Error.Code != "conflict" {
		t.Errorf("stale update: got %d %q, want 409 conflict", resp.StatusCode, ae.Error.Code)
	}
	e.do("GET", path, "kontributor@a.go.id", nil, &p2)
	if p2.Title != "Pertama" {
		t.Errorf("after conflict title = %q, want Pertama", p2.Title)
	}
	var revs struct {
		Revisions []struct{ Version int } `json:"revisions"`
	}
	e.do("GET", path+"/revisions", "kontributor@a.go.id", nil, &revs)
	if len(revs.Revisions) != 2 {
		t.Errorf("revisions = %d, want 2", len(revs.Revisions))
	}
	var diff struct {
		Fields []struct {
			Field string `json:"field"`
		} `json:"fields"`
	}
	e.do("GET", path+"/diff?from=1&to=2", "kontributor@a.go.id", nil, &diff)
	if len(diff.Fields) != 1 || diff.Fields[0].Field != "title" {
		t.Errorf("diff = %+v, want the title", diff)
	}
}

// upload posts a multipart file as the contributor of agency A.
func (e *env) upload(id int64, name string, content []byte) (*http.Response, apiError) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/practices/%d/attachments", e.srv.URL, id), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens["kontributor@a.go.id"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var ae apiError
	json.NewDecoder(resp.Body).Decode(&ae)
	return resp, ae
}

// pngBytes is a 1×1 PNG.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

func TestAttachments(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.MaxUploadMB = 1 })
	p := e.create("kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "Lampiran", "body": "x"})

	resp, _ := e.upload(p.ID, "../../grafik \"QRIS\".exe", pngBytes)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("png upload: %d", resp.StatusCode)
	}
	var list struct {
		Attachments []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
			MIME string `json:"mime"`
			URL  string `json:"url"`
		} `json:"attachments"`
	}
	e.do("GET", fmt.Sprintf("/api/v1/practices/%d/attachments", p.ID), "kontributor@a.go.id", nil, &list)
	if len(list.Attachments) != 1 || list.Attachments[0].MIME != "image/png" || list.Attachments[0].Name != "grafik QRIS.png" {
		t.Fatalf("attachments = %+v, want one image/png named by content", list.Attachments)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+list.Attachments[0].URL, nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens["kontributor@a.go.id"])
	dl, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(dl.Body)
	dl.Body.Close()
	if !bytes.Equal(body, pngBytes) || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment;") ||
		dl.Header.Get("X-Content-Type-Options") != "nosniff" || dl.Header.Get("Content-Type") != "image/png" {
		t.Errorf("download: %d bytes, headers %v", len(body), dl.Header)
	}
	// Anonymous may not download a draft's attachment.
	if resp := e.do("GET", list.Attachments[0].URL, "", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("anonymous download of a draft's file: %d, want 404", resp.StatusCode)
	}

	resp, ae := e.upload(p.ID, "laporan.pdf", []byte("MZ\x90\x00 this is not a pdf at all, an executable"))
	if resp.StatusCode != http.StatusUnsupportedMediaType || ae.Error.Code != "unsupported_type" {
		t.Errorf("wrong type: got %d %q, want 415", resp.StatusCode, ae.Error.Code)
	}
	big := append(append([]byte{}, pngBytes...), bytes.Repeat([]byte{0}, 2<<20)...)
	resp, ae = e.upload(p.ID, "besar.png", big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || ae.Error.Code != "too_large" {
		t.Errorf("oversize: got %d %q, want 413", resp.StatusCode, ae.Error.Code)
	}
	// A body that breaks off inside the file: 400, and nothing stored.
	cut := "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n" + string(pngBytes[:20])
	req, _ = http.NewRequest("POST", fmt.Sprintf("%s/api/v1/practices/%d/attachments", e.srv.URL, p.ID), strings.NewReader(cut))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	req.Header.Set("Authorization", "Bearer "+e.tokens["kontributor@a.go.id"])
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("truncated body: got %d, want 400", resp.StatusCode)
		}
	}
	e.do("GET", fmt.Sprintf("/api/v1/practices/%d/attachments", p.ID), "kontributor@a.go.id", nil, &list)
	if len(list.Attachments) != 1 {
		t.Errorf("after refused uploads: %d attachments, want 1", len(list.Attachments))
	}
}

func TestCreateOrganisation(t *testing.T) {
	e := newEnv(t)
	body := map[string]any{"code": "upt-pasar", "name": "UPT Pasar", "kind": "unit", "parent": "dinas-a", "headcount": 12}
	if resp := e.do("POST", "/api/v1/organisations", "kontributor@a.go.id", body, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor adds an organisation: %d, want 403", resp.StatusCode)
	}
	if resp := e.do("POST", "/api/v1/organisations", "admin@root.go.id", body, nil); resp.StatusCode != http.StatusCreated {
		t.Fatalf("admin adds an organisation: %d, want 201", resp.StatusCode)
	}
	var ae apiError
	if resp := e.do("POST", "/api/v1/organisations", "admin@root.go.id", body, &ae); resp.StatusCode != http.StatusUnprocessableEntity || ae.Error.Fields["code"] == "" {
		t.Errorf("duplicate code: %d %v, want 422 on code", resp.StatusCode, ae.Error.Fields)
	}
	var o struct {
		Parent    string `json:"parent"`
		Headcount int    `json:"headcount"`
	}
	e.do("GET", "/api/v1/organisations/upt-pasar", "", nil, &o)
	if o.Parent != "dinas-a" || o.Headcount != 12 {
		t.Errorf("organisation = %+v", o)
	}
	// The coordinator of agency A now covers the new unit.
	p := e.create("koordinator@a.go.id", map[string]any{"org": "upt-pasar", "title": "Praktik unit", "body": "x", "status": "published"})
	if p.Status != "published" {
		t.Errorf("coordinator publishes directly in a unit: %s", p.Status)
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	e := newEnv(t)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if resp := e.do("GET", "/api/v1/openapi.json", "", nil, &doc); resp.StatusCode != 200 {
		t.Fatalf("openapi: %d", resp.StatusCode)
	}
	for _, want := range []string{"/api/v1/practices", "/api/v1/practices/{id}", "/api/v1/practices/{id}/transitions", "/api/v1/practices/{id}/attachments", "/api/v1/organisations"} {
		if doc.Paths[want] == nil {
			t.Errorf("openapi lacks %s", want)
		}
	}
	if doc.Paths["/api/v1/practices"]["post"] == nil || doc.Paths["/api/v1/practices/{id}"]["put"] == nil {
		t.Errorf("openapi lacks POST practices or PUT practice")
	}
}

func TestHealthAndMetricsAndBadToken(t *testing.T) {
	e := newEnv(t)
	if resp := e.do("GET", "/healthz", "", nil, nil); resp.StatusCode != 200 {
		t.Errorf("healthz: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "lumbung_http_requests_total") {
		t.Errorf("metrics lack lumbung_http_requests_total")
	}
	req, _ = http.NewRequest("GET", e.srv.URL+"/api/v1/practices", nil)
	req.Header.Set("Authorization", "Bearer lmb_forged")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged token: %d, want 401", resp.StatusCode)
	}
	if resp := e.do("GET", "/api/v1/practices/abc", "", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("non-numeric id: %d, want 404", resp.StatusCode)
	}
	if resp := e.do("GET", "/api/v1/practices?limit=abc", "", nil, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad limit: %d, want 400", resp.StatusCode)
	}
}

// TestWrongMethod: a known path asked with a method it does not take is a
// 405 naming the methods it does, in JSON; an unknown path stays a 404.
func TestWrongMethod(t *testing.T) {
	e := newEnv(t)
	var ae apiError
	resp := e.do("PATCH", "/api/v1/practices/1", "", nil, &ae)
	if resp.StatusCode != http.StatusMethodNotAllowed || ae.Error.Message == "" {
		t.Errorf("PATCH a practice: %d %+v, want 405 with a message", resp.StatusCode, ae)
	}
	if allow := resp.Header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "HEAD") || !strings.Contains(allow, "PUT") {
		t.Errorf("Allow = %q, want GET, HEAD and PUT", allow)
	}
	ae = apiError{}
	if resp := e.do("GET", "/api/v1/nope", "", nil, &ae); resp.StatusCode != http.StatusNotFound || ae.Error.Message == "" {
		t.Errorf("unknown path: %d %+v, want 404 with a message", resp.StatusCode, ae)
	}
}
