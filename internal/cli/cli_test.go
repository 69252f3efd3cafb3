package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lumbung/internal/cli"
	"lumbung/internal/store/storetest"
)

// run executes the CLI with the test database and returns exit code, stdout, stderr.
func run(t *testing.T, dbURL, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "LUMBUNG_DATABASE_URL" {
			return dbURL
		}
		return ""
	}
	code := cli.Run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpAndUsageErrors(t *testing.T) {
	for _, cmd := range []string{"serve", "migrate", "user add", "token create", "import practices", "export practices"} {
		code, _, stderr := run(t, "", "", append(strings.Fields(cmd), "--help")...)
		if code != 0 || !strings.Contains(stderr, "Usage: lumbung") {
			t.Errorf("%s --help: exit %d, stderr %q", cmd, code, stderr)
		}
	}
	bad := [][]string{
		{"nonsense"},
		{"serve", "--addr", "no-port"},
		{"serve", "--bogus"},
		{"user", "add", "--email", "x@y.id"},
		{"user", "add", "--data", t.TempDir(), "--email", "x@y.id", "--name", "X", "--org", "root", "--role", "king"},
		{"import", "practices"},
		{"export", "practices", "--format", "csv"},
	}
	for _, args := range bad {
		code, _, stderr := run(t, "", "", args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code == 0 || len(lines) != 1 || lines[0] == "" {
			t.Errorf("%v: exit %d, stderr %q: want non-zero and one line", args, code, stderr)
		}
	}
}

// syncBuffer lets the test read what serve prints while it runs.
type syncBuffer struct {
	w *io.PipeWriter
}

func (s syncBuffer) Write(p []byte) (int, error) { return s.w.Write(p) }

// TestEndToEnd starts the real `serve` on port 0 and walks the foundation's
// main path: a contributor writes a practice, submits it, a coordinator
// publishes it, and the public reads it only if it is public.
func TestEndToEnd(t *testing.T) {
	dir := t.TempDir()
	dbURL := storetest.SchemaURL(t)
	for _, u := range []struct{ email, role string }{{"kontributor@dinas.go.id", "contributor"}, {"koordinator@dinas.go.id", "coordinator"}} {
		if code, _, stderr := run(t, dbURL, "rahasia-sekali\n", "user", "add", "--data", dir, "--email", u.email, "--name", u.role, "--org", "root", "--role", u.role, "--password-stdin"); code != 0 {
			t.Fatalf("user add: %d %s", code, stderr)
		}
	}
	tokens := map[string]string{}
	for _, email := range []string{"kontributor@dinas.go.id", "koordinator@dinas.go.id"} {
		code, out, stderr := run(t, dbURL, "", "token", "create", "--data", dir, "--email", email)
		if code != 0 || !strings.HasPrefix(out, "lmb_") || strings.Count(out, "\n") != 1 {
			t.Fatalf("token create: %d %q %s", code, out, stderr)
		}
		tokens[email] = strings.TrimSpace(out)
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		getenv := func(k string) string {
			if k == "LUMBUNG_DATABASE_URL" {
				return dbURL
			}
			return ""
		}
		done <- cli.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, getenv, strings.NewReader(""), syncBuffer{pw}, io.Discard)
		pw.Close()
	}()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d after cancel, want 0", code)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("serve did not stop")
		}
	}()
	sc := bufio.NewScanner(pr)
	var base string
	for sc.Scan() {
		if addr, ok := strings.CutPrefix(sc.Text(), "Lumbung listening on "); ok {
			base = addr
			break
		}
	}
	if base == "" {
		t.Fatal("serve never said where it listens")
	}
	go io.Copy(io.Discard, pr)

	call := func(method, path, token string, body any, out any) int {
		t.Helper()
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, base+path, r)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if out != nil {
			json.NewDecoder(resp.Body).Decode(out)
		}
		return resp.StatusCode
	}
	type practice struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	contributor, coordinator := tokens["kontributor@dinas.go.id"], tokens["koordinator@dinas.go.id"]
	ids := map[string]int64{}
	for _, access := range []string{"public", "internal"} {
		var p practice
		if code := call("POST", "/api/v1/practices", contributor, map[string]any{"org": "root", "title": "Praktik " + access, "summary": "Pelayanan terpadu", "access": access}, &p); code != 201 {
			t.Fatalf("create %s: %d", access, code)
		}
		if code := call("GET", fmt.Sprintf("/api/v1/practices/%d", p.ID), "", nil, nil); code != 404 {
			t.Errorf("anonymous reads a draft: %d, want 404", code)
		}
		if code := call("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), contributor, map[string]any{"action": "submit"}, &p); code != 200 || p.Status != "in_review" {
			t.Fatalf("submit: %d %s", code, p.Status)
		}
		if code := call("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), coordinator, map[string]any{"action": "publish"}, &p); code != 200 || p.Status != "published" {
			t.Fatalf("publish: %d %s", code, p.Status)
		}
		ids[access] = p.ID
	}
	if code := call("GET", fmt.Sprintf("/api/v1/practices/%d", ids["public"]), "", nil, nil); code != 200 {
		t.Errorf("anonymous reads the public practice: %d, want 200", code)
	}
	if code := call("GET", fmt.Sprintf("/api/v1/practices/%d", ids["internal"]), "", nil, nil); code != 404 {
		t.Errorf("anonymous reads the internal practice: %d, want 404", code)
	}
	if code := call("GET", "/healthz", "", nil, nil); code != 200 {
		t.Errorf("healthz: %d", code)
	}
}

func TestImportValidatesWholeFileThenUpdates(t *testing.T) {
	dir := t.TempDir()
	dbURL := storetest.SchemaURL(t)
	file := filepath.Join(dir, "in.jsonl")
	bad := `{"id":"p1","title":"Satu","body":"Isi satu"}
{"id":"p2","title":"","body":""}
not json
{"id":"p1","title":"Dobel","body":"x"}
{"id":"p5","title":"Lima","body":"x","org":"tidak-ada","kind":"great"}
`
	os.WriteFile(file, []byte(bad), 0o644)
	code, out, stderr := run(t, dbURL, "", "import", "practices", file, "--data", dir)
	if code == 0 {
		t.Fatalf("bad import: exit 0, out %q", out)
	}
	for _, want := range []string{"line 2:", "line 3:", "line 4: id: duplicate of line 1", "line 5: org:", "line 5: kind:", "nothing imported"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, out, _ = run(t, dbURL, "", "export", "practices", "--all", "--data", dir)
	if code != 0 || out != "" {
		t.Errorf("after a refused import, export printed %q (exit %d), want nothing", out, code)
	}

	good := `{"id":"p1","title":"Satu","body":"Isi satu","access":"internal","tags":["a"],"metrics":[{"indicator":"QRIS","baseline":100,"value":147}]}
{"id":"p2","title":"","body":"Sebuah paragraf tanpa judul tentang pelayanan publik di kelurahan."}
`
	os.WriteFile(file, []byte(good), 0o644)
	if code, out, stderr := run(t, dbURL, "", "import", "practices", file, "--data", dir); code != 0 || !strings.Contains(out, "2 created") {
		t.Fatalf("good import: %d %q %s", code, out, stderr)
	}
	os.WriteFile(file, []byte(`{"id":"p1","title":"Satu (revisi)","body":"Isi baru","access":"internal"}`+"\n"), 0o644)
	if code, out, _ := run(t, dbURL, "", "import", "practices", file, "--data", dir); code != 0 || !strings.Contains(out, "1 updated") {
		t.Fatalf("re-import: %d %q", code, out)
	}
	// The public export leaves out the internal practice; --all has both.
	_, public, _ := run(t, dbURL, "", "export", "practices", "--data", dir)
	_, all, _ := run(t, dbURL, "", "export", "practices", "--all", "--data", dir)
	if strings.Count(public, "\n") != 1 || strings.Count(all, "\n") != 2 {
		t.Fatalf("export: public %q, all %q", public, all)
	}
	var rec struct{ ID, Title string }
	json.Unmarshal([]byte(strings.Split(all, "\n")[0]), &rec)
	if rec.ID != "p1" || rec.Title != "Satu (revisi)" {
		t.Errorf("first exported record = %+v", rec)
	}
	xlsx := filepath.Join(dir, "out.xlsx")
	if code, _, stderr := run(t, dbURL, "", "export", "practices", "--all", "--format", "xlsx", "--out", xlsx, "--data", dir); code != 0 {
		t.Fatalf("xlsx export: %s", stderr)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Praktik")
	if len(rows) != 3 || rows[0][6] != "title" {
		t.Errorf("xlsx rows = %v", rows)
	}
}
