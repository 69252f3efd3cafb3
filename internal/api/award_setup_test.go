package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

// send makes a request as a user, in a language, and decodes a JSON answer.
func (e *env) send(method, path, as, lang string, body any, out any) *http.Response {
	e.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", lang)
	req.Header.Set("Authorization", "Bearer "+e.tokens[as])
	return e.roundTrip(req, out)
}

// roundTrip sends req and decodes a JSON answer into out, if any.
func (e *env) roundTrip(req *http.Request, out any) *http.Response {
	e.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp
}

// uploadEvidence posts a multipart file to an entry as a user.
func (e *env) uploadEvidence(path, as, name string, content []byte) (*http.Response, map[string]any) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens[as])
	var out map[string]any
	return e.roundTrip(req, &out), out
}

const sec = "sekretariat@root.go.id"

func withSecretariat(t *testing.T) *env {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.app.CreateUser(ctx, app.System, app.NewUser{Email: sec, Name: "Sekretariat", OrgCode: km.RootOrgCode, Roles: []km.Role{km.RoleSecretariat}}); err != nil {
		t.Fatal(err)
	}
	tok, err := e.app.CreateToken(ctx, app.System, sec, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens[sec] = tok
	return e
}

func TestAwardAPISetUpAndRegister(t *testing.T) {
	e := withSecretariat(t)
	ctx := context.Background()
	wibTime := func(d time.Duration) string { return time.Now().Add(d).Format(time.RFC3339) }
	edition := map[string]any{"code": "kma", "name": "KM Award", "year": 2025, "registration_opens": wibTime(-time.Hour),
		"submission_deadline": wibTime(24 * time.Hour), "announcement_at": wibTime(240 * time.Hour), "winners": 3}

	// Validation: every bad field, in the reader's language; nothing written.
	var ae apiError
	bad := map[string]any{"code": "a b", "name": "", "year": 1, "submission_deadline": "besok", "announcement_at": wibTime(time.Hour)}
	resp := e.send("POST", "/api/v1/award/editions", sec, "id", bad, &ae)
	if resp.StatusCode != http.StatusUnprocessableEntity || ae.Error.Fields["name"] != "wajib diisi" || ae.Error.Fields["submission_deadline"] == "" ||
		ae.Error.Fields["code"] == "" || ae.Error.Fields["year"] == "" {
		t.Errorf("bad edition: %d %+v", resp.StatusCode, ae)
	}
	resp = e.send("POST", "/api/v1/award/editions", sec, "en", bad, &ae)
	if resp.StatusCode != http.StatusUnprocessableEntity || ae.Error.Fields["name"] != "is required" {
		t.Errorf("bad edition in English: %d %+v", resp.StatusCode, ae)
	}
	if resp := e.send("POST", "/api/v1/award/editions", sec, "id", `{"code":`, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d", resp.StatusCode)
	}
	if resp := e.send("POST", "/api/v1/award/editions", "admin@root.go.id", "id", edition, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("admin creates an edition: %d", resp.StatusCode)
	}
	if resp := e.send("POST", "/api/v1/award/editions", "", "id", edition, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous creates an edition: %d", resp.StatusCode)
	}
	if eds, _ := e.app.Store.Editions(ctx); len(eds) != 0 {
		t.Fatalf("refused requests wrote %d editions", len(eds))
	}

	// Set-up: edition, category, criterion with anchors, round, jurors.
	const base = "/api/v1/award/editions/kma"
	steps := []struct {
		method, path string
		body         any
		want         int
	}{
		{"POST", "/api/v1/award/editions", edition, http.StatusCreated},
		{"POST", base + "/call", nil, http.StatusConflict}, // no criteria yet
		{"POST", base + "/categories", map[string]any{"code": "pd", "name": "Perangkat Daerah"}, http.StatusCreated},
		{"POST", base + "/criteria", map[string]any{"code": "dampak", "name": "Dampak", "weight": 2, "min": 1, "max": 5,
			"anchors": map[string]string{"1": "Belum ada", "5": "Terukur"}}, http.StatusCreated},
		{"POST", base + "/criteria", map[string]any{"code": "baru", "name": "Kebaruan", "weight": 1, "min": 1, "max": 5}, http.StatusCreated},
		{"DELETE", base + "/criteria/baru", nil, http.StatusNoContent},
		{"POST", base + "/rounds", map[string]any{"code": "desk", "name": "Penilaian dokumen", "kind": "desk", "order": 1, "advance": 3, "weight": 1}, http.StatusCreated},
		{"POST", base + "/rounds", map[string]any{"code": "x", "name": "X", "kind": "tebak", "order": 1}, http.StatusUnprocessableEntity},
		{"POST", base + "/jurors", map[string]any{"email": "akademisi@univ.ac.id", "name": "Akademisi", "org": nil}, http.StatusOK},
		{"POST", base + "/jurors", map[string]any{"email": "koordinator@a.go.id", "org": "dinas-a"}, http.StatusOK},
		{"PUT", base, edition, http.StatusOK},
		{"POST", base + "/call", nil, http.StatusNoContent},
	}
	for _, s := range steps {
		var out apiError
		if resp := e.send(s.method, s.path, sec, "id", s.body, &out); resp.StatusCode != s.want {
			t.Fatalf("%s %s: %d %+v, want %d", s.method, s.path, resp.StatusCode, out, s.want)
		}
	}
	var got map[string]any
	e.send("GET", base, sec, "id", nil, &got)
	if b, _ := json.Marshal(got); !strings.Contains(string(b), `"call_published":true`) || !strings.Contains(string(b), "akademisi@univ.ac.id") ||
		!strings.Contains(string(b), "Terukur") {
		t.Errorf("edition after set-up: %s", b)
	}

	// Weights are locked: a clear 409 in the reader's language, nothing written.
	heavier := map[string]any{"code": "dampak", "name": "Dampak", "weight": 5, "min": 1, "max": 5}
	resp = e.send("PUT", base+"/criteria/dampak", sec, "id", heavier, &ae)
	if resp.StatusCode != http.StatusConflict || ae.Error.Code != "call_published" || !strings.Contains(ae.Error.Message, "terkunci") {
		t.Errorf("weight change after the call: %d %+v", resp.StatusCode, ae)
	}
	resp = e.send("PUT", base+"/criteria/dampak", sec, "en", heavier, &ae)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(ae.Error.Message, "locked") {
		t.Errorf("weight change after the call, English: %d %+v", resp.StatusCode, ae)
	}
	if d, _ := e.app.Store.AwardData(ctx, "kma"); d.Criteria[0].Weight != 2 {
		t.Errorf("refused weight change stored weight %v", d.Criteria[0].Weight)
	}

	// Registration by dinas-a's contributor, with dinas-a's published practice.
	mine, err := e.app.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: "dinas-a", Practice: km.Practice{Title: "QRIS di pasar",
		Summary: "Ringkasan", Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusPublished}})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := e.app.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: "dinas-b", Practice: km.Practice{Title: "Praktik B",
		Summary: "Ringkasan", Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusPublished}})
	if err != nil {
		t.Fatal(err)
	}
	entry := map[string]any{"category": "pd", "title": "Pasar nontunai", "summary": "QRIS di semua pasar", "practices": []int64{theirs.ID}}
	resp = e.send("POST", base+"/entries", "kontributor@a.go.id", "en", entry, &ae)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(ae.Error.Fields["practices"], "published") {
		t.Errorf("entry with another agency's practice: %d %+v", resp.StatusCode, ae)
	}
	entry["practices"] = []int64{mine.ID}
	var created map[string]any
	if resp := e.send("POST", base+"/entries", "kontributor@a.go.id", "id", entry, &created); resp.StatusCode != http.StatusCreated || created["code"] != "KMA25-01" {
		t.Fatalf("register: %d %v", resp.StatusCode, created)
	}
	path := base + "/entries/KMA25-01/evidence"
	resp, ev := e.uploadEvidence(path, "kontributor@a.go.id", "laporan.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	if resp.StatusCode != http.StatusCreated || ev["sha256"] == nil {
		t.Fatalf("upload evidence: %d %v", resp.StatusCode, ev)
	}
	if resp, _ := e.uploadEvidence(path, "kontributor@a.go.id", "catatan.pdf", []byte("teks biasa")); resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("text evidence: %d", resp.StatusCode)
	}
	if resp, _ := e.uploadEvidence(path, "kontributor@b.go.id", "x.pdf", []byte("%PDF-1.4\n%%EOF\n")); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another agency uploads: %d", resp.StatusCode)
	}
	file := fmt.Sprintf("%s/%v", path, ev["id"])
	if resp := e.do("GET", file, "kontributor@a.go.id", nil, nil); resp.StatusCode != http.StatusOK || resp.Header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download evidence: %d %v", resp.StatusCode, resp.Header)
	}
	for _, who := range []string{"kontributor@b.go.id", ""} {
		if resp := e.do("GET", file, who, nil, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%q downloads evidence: %d", who, resp.StatusCode)
		}
	}
	var my map[string][]map[string]any
	e.send("GET", base+"/my-entries", "kontributor@a.go.id", "id", nil, &my)
	if b, _ := json.Marshal(my); !strings.Contains(string(b), ev["sha256"].(string)) {
		t.Errorf("my entries lack the evidence: %s", b)
	}
	if resp := e.do("DELETE", file, "kontributor@a.go.id", nil, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("remove evidence: %d", resp.StatusCode)
	}
	update := map[string]any{"category": "pd", "title": "Pasar tanpa uang tunai", "summary": "QRIS", "practices": []int64{mine.ID}, "version": 1}
	if resp := e.send("PUT", base+"/entries/KMA25-01", "kontributor@a.go.id", "id", update, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("update entry: %d", resp.StatusCode)
	}
	if resp := e.send("PUT", base+"/entries/KMA25-01", "kontributor@a.go.id", "id", update, &ae); resp.StatusCode != http.StatusConflict {
		t.Errorf("stale update: %d %+v", resp.StatusCode, ae)
	}
}

// TestAwardAPIConflictMessage: a conflict of interest is a 403 that says
// so, in both languages, not the generic "forbidden".
func TestAwardAPIConflictMessage(t *testing.T) {
	e := awardSetup(t)
	const path = "/api/v1/award/editions/kma/rounds/desk/entries/A1/sheet"
	score := map[string]any{"values": map[string]float64{"dampak": 5}, "submit": true}
	for lang, want := range map[string]string{"id": "konflik kepentingan", "en": "conflict of interest"} {
		var ae apiError
		resp := e.send("PUT", path, "j-a@a.go.id", lang, score, &ae)
		if resp.StatusCode != http.StatusForbidden || ae.Error.Code != "conflict_of_interest" || !strings.Contains(ae.Error.Message, want) {
			t.Errorf("%s: %d %+v, want 403 saying %q", lang, resp.StatusCode, ae, want)
		}
		var generic apiError
		e.send("POST", "/api/v1/award/editions/kma/publish", "kontributor@a.go.id", lang, nil, &generic)
		if ae.Error.Message == generic.Error.Message {
			t.Errorf("%s: the conflict message is the generic forbidden text %q", lang, generic.Error.Message)
		}
	}
	// A refusal in the edition's state names itself too.
	var ae apiError
	resp := e.send("PUT", "/api/v1/award/editions/kma/entries/A1", "kontributor@a.go.id", "en",
		map[string]any{"title": "x", "summary": "y", "practices": []int{1}, "version": 1}, &ae)
	if resp.StatusCode != http.StatusConflict || ae.Error.Code != "frozen" || !strings.Contains(ae.Error.Message, "frozen") {
		t.Errorf("edit after the deadline: %d %+v", resp.StatusCode, ae)
	}
}
