package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lumbung/internal/store/storetest"
)

const kpiFile = `{
  "competition": {"code": "qris", "name": "Lomba QRIS", "noun": "pasar",
    "metric": {"code": "trx", "name": "Transaksi digital", "unit": "transaksi", "higher_is_better": true},
    "baseline": {"from": "2025-01-01", "to": "2025-01-02"},
    "period": {"from": "2025-02-01", "to": "2025-02-02"}, "method": "logratio"},
  "participants": [
    {"code": "A", "name": "Pasar A", "group": "besar"},
    {"code": "B", "name": "Pasar B", "group": "kecil"},
    {"code": "K", "name": "Pasar K", "group": "kecil", "control": true}
  ],
  "measurements": [
    {"participant": "A", "date": "2025-01-01", "value": 100}, {"participant": "A", "date": "2025-01-02", "value": 101},
    {"participant": "A", "date": "2025-02-01", "value": 150},
    {"participant": "B", "date": "2025-01-01", "value": 10}, {"participant": "B", "date": "2025-02-01", "value": 20},
    {"participant": "K", "date": "2025-01-01", "value": 50}, {"participant": "K", "date": "2025-02-02", "value": 55}
  ]
}`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestKPIImportAndLeaderboardJSON(t *testing.T) {
	dir, dbURL := t.TempDir(), storetest.SchemaURL(t)
	code, out, stderr := run(t, dbURL, "", "kpi", "import", "--data", dir, writeFile(t, "qris.json", kpiFile))
	if code != 0 || !strings.Contains(out, "imported competition qris") || !strings.Contains(out, "7 measurements") {
		t.Fatalf("import: exit %d, %q %q", code, out, stderr)
	}
	code, out, stderr = run(t, dbURL, "", "kpi", "leaderboard", "--data", dir, "--competition", "qris", "--method", "percent", "--json")
	if code != 0 {
		t.Fatalf("leaderboard: exit %d %s", code, stderr)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &top); err != nil || len(top) != 4 {
		t.Fatalf("output %q: %v", out, err)
	}
	var lb struct {
		Competition  string
		Method       string
		Participants []map[string]any
		Summary      map[string]any
	}
	json.Unmarshal([]byte(out), &lb)
	if lb.Competition != "qris" || lb.Method != "percent" || len(lb.Participants) != 2 {
		t.Fatalf("got %s", out)
	}
	// B: 10 → 20 is +100%; A: 100.5 → 150. Full precision.
	first := lb.Participants[0]
	if first["participant"] != "B" || first["rank"] != 1.0 || first["percent"] != 100.0 || first["group"] != "kecil" {
		t.Errorf("first: %v", first)
	}
	if got := lb.Participants[1]["percent"].(float64); got != 100*(150-100.5)/100.5 {
		t.Errorf("A's percent: %v", got)
	}
	for _, k := range []string{"participants", "baseline", "period", "percent", "control_percent", "did"} {
		if _, ok := lb.Summary[k]; !ok {
			t.Errorf("summary lacks %s: %s", k, out)
		}
	}
	if len(lb.Summary) != 6 || len(first) != 8 {
		t.Errorf("extra keys: summary %v, entry %v", lb.Summary, first)
	}
	// Group, k and the plain table.
	code, out, _ = run(t, dbURL, "", "kpi", "leaderboard", "--data", dir, "--competition", "qris", "--group", "kecil", "--k", "0", "--json")
	if code != 0 || !strings.Contains(out, `"participant": "B"`) || strings.Contains(out, `"participant": "A"`) || !strings.Contains(out, `"did": `) {
		t.Errorf("group kecil: exit %d %s", code, out)
	}
	code, out, _ = run(t, dbURL, "", "kpi", "leaderboard", "--data", dir, "--competition", "qris")
	if code != 0 || !strings.Contains(out, "rank") || !strings.Contains(out, "Pasar B") || !strings.Contains(out, "2 pasar, transaksi digital naik") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	// Exports.
	for _, f := range []string{"xlsx", "pdf"} {
		dst := filepath.Join(t.TempDir(), "out."+f)
		if code, _, stderr := run(t, dbURL, "", "kpi", "export", "--data", dir, "--competition", "qris", "--format", f, "--out", dst); code != 0 {
			t.Errorf("export %s: %d %s", f, code, stderr)
		}
		if st, err := os.Stat(dst); err != nil || st.Size() < 500 {
			t.Errorf("export %s: %v", f, err)
		}
	}
	code, out, _ = run(t, dbURL, "", "kpi", "list", "--data", dir)
	if code != 0 || !strings.Contains(out, "qris") {
		t.Errorf("list: %d %s", code, out)
	}
}

func TestKPIImportRefusesWholeFile(t *testing.T) {
	dir, dbURL := t.TempDir(), storetest.SchemaURL(t)
	bad := strings.NewReplacer(
		`"participant": "B", "date": "2025-01-01"`, `"participant": "Z", "date": "2025-01-01"`,
		`"date": "2025-02-02", "value": 55`, `"date": "2025-02-30", "value": 55`,
		`"value": 150`, `"value": -150`,
		`"method": "logratio"`, `"method": "median"`,
	).Replace(kpiFile)
	code, out, stderr := run(t, dbURL, "", "kpi", "import", "--data", dir, writeFile(t, "bad.json", bad))
	if code != 1 || out != "" {
		t.Fatalf("bad file: exit %d, stdout %q", code, out)
	}
	for _, want := range []string{"method: is not valid", "measurements[3]: negative value", "measurements[4]: unknown participant",
		"measurements[7]: invalid date", "4 problems", "nothing imported"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, stderr := run(t, dbURL, "", "kpi", "leaderboard", "--data", dir, "--competition", "qris"); code != 1 || !strings.Contains(stderr, `no competition "qris"`) {
		t.Errorf("after a refused import: exit %d %q", code, stderr)
	}
	if code, _, stderr := run(t, dbURL, "", "kpi", "import", "--data", dir, writeFile(t, "x.json", `{"competition": {"kode": 1}}`)); code != 1 || !strings.Contains(stderr, "not a competition file") {
		t.Errorf("unknown field: exit %d %q", code, stderr)
	}
}

func TestKPIUsage(t *testing.T) {
	for _, args := range [][]string{
		{"kpi"},
		{"kpi", "frobnicate"},
		{"kpi", "import", "--data", t.TempDir()},
		{"kpi", "leaderboard", "--data", t.TempDir()},
		{"kpi", "leaderboard", "--data", t.TempDir(), "--competition", "x", "--method", "median"},
		{"kpi", "leaderboard", "--data", t.TempDir(), "--competition", "x", "--k", "-2"},
		{"kpi", "export", "--data", t.TempDir(), "--competition", "x", "--out", "y", "--format", "doc"},
	} {
		code, _, stderr := run(t, "", "", args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != 2 || len(lines) != 1 || lines[0] == "" {
			t.Errorf("%v: exit %d, stderr %q: want 2 and one line", args, code, stderr)
		}
	}
	for _, args := range [][]string{{"kpi", "--help"}, {"kpi", "import", "--help"}, {"kpi", "leaderboard", "--help"}} {
		if code, _, stderr := run(t, "", "", args...); code != 0 || !strings.Contains(stderr, "Usage: lumbung kpi") {
			t.Errorf("%v: exit %d %q", args, code, stderr)
		}
	}
}
