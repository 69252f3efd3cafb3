package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

// importPractices imports JSON lines into a fresh data directory (and
// database) through the command line and returns both.
func importPractices(t *testing.T, jsonl string) (dir, dbURL string) {
	t.Helper()
	dir, dbURL = t.TempDir(), storetest.SchemaURL(t)
	in := filepath.Join(dir, "p.jsonl")
	if err := os.WriteFile(in, []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dbURL, "", "import", "practices", in, "--data", dir); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	return dir, dbURL
}

// TestSearchBatchJSON follows the retrieval evaluation's path: import
// passages without titles, then search a batch of questions as JSON lines.
func TestSearchBatchJSON(t *testing.T) {
	dir, dbURL := importPractices(t, `{"id":"P1","title":"","body":"Pedagang pasar tradisional di Jakarta melayani pembayaran QRIS."}
{"id":"P2","title":"","body":"Puskesmas kecamatan memberikan pelayanan kesehatan ibu dan anak."}
{"id":"P3","title":"Perpustakaan","body":"Perpustakaan daerah buka sampai malam."}
`)
	batch := filepath.Join(dir, "q.tsv")
	os.WriteFile(batch, []byte("q1\tDi mana pedagang dilayani dengan QRIS?\nq2\tlayanan kesehatan anak\nq3\t\"\n"), 0o644)
	code, out, stderr := run(t, dbURL, "", "search", "--data", dir, "--batch", batch, "--json", "--limit", "100")
	if code != 0 {
		t.Fatalf("search: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want one per query:\n%s", len(lines), out)
	}
	want := map[string]string{"q1": "P1", "q2": "P2"}
	for _, l := range lines {
		var rec struct {
			QID     string `json:"qid"`
			Results []struct {
				ExternalID string  `json:"external_id"`
				ID         int64   `json:"id"`
				Score      float64 `json:"score"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if w, ok := want[rec.QID]; ok && (len(rec.Results) == 0 || rec.Results[0].ExternalID != w || rec.Results[0].ID == 0 || rec.Results[0].Score <= 0) {
			t.Errorf("%s: results %+v, want %s first", rec.QID, rec.Results, w)
		}
	}
	// A rebuilt index answers the same.
	if code, out, stderr := run(t, dbURL, "", "reindex", "--data", dir); code != 0 || !strings.Contains(out, "indexed 3 practices") {
		t.Fatalf("reindex: %d %q %s", code, out, stderr)
	}
	if code, out, _ := run(t, dbURL, "", "search", "--data", dir, "--json", "pasar"); code != 0 || !strings.Contains(out, `"external_id":"P1"`) {
		t.Errorf("search after reindex: %d %s", code, out)
	}
}

// TestReindexAndSearchUseAdminRootWords: the command line builds and reads
// the index with the root words admins added, as the server does; else a
// reindex would undo them and a search would stem differently.
func TestReindexAndSearchUseAdminRootWords(t *testing.T) {
	dir, dbURL := importPractices(t, `{"id":"kota","title":"Bank sampah warga","body":"Warga Kembangan menabung sampah setiap pekan."}
{"id":"bunga","title":"Taman bunga","body":"Bank sampah menanam bunga kembang sepatu."}
`)
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL, dir)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Write(ctx, func(tx *store.Tx) error { return tx.AddLexiconWord("kembangan", 0) })
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, dbURL, "", "reindex", "--data", dir); code != 0 || !strings.Contains(out, "indexed 2 practices") {
		t.Fatalf("reindex: %d %q %s", code, out, stderr)
	}
	code, out, stderr := run(t, dbURL, "", "search", "--data", dir, "--json", "Kembangan")
	if code != 0 {
		t.Fatalf("search: %d %s", code, stderr)
	}
	if !strings.Contains(out, `"external_id":"kota"`) || strings.Contains(out, `"external_id":"bunga"`) {
		t.Errorf("Kembangan, an admin's root word, finds %s; want the city's practice only", out)
	}
}
