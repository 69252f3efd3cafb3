package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/store/storetest"
)

// awardEdition builds an edition file: four OPD and a unit (created by the
// import), an internal juror from dinas-c, three external jurors, eight
// entries scored by three jurors each in a desk round, the top four again
// in a presentation round.
func awardEdition() map[string]any {
	now := time.Now().UTC()
	orgs := []map[string]any{
		{"code": "dinas-a", "name": "Dinas A", "kind": "opd", "parent": nil},
		{"code": "dinas-b", "name": "Dinas B", "kind": "opd", "parent": "root"},
		{"code": "dinas-c", "name": "Dinas C", "kind": "opd"},
		{"code": "dinas-d", "name": "Dinas D", "kind": "opd"},
		{"code": "upt-a1", "name": "UPT A1", "kind": "unit", "parent": "dinas-a"},
	}
	jurors := []map[string]any{
		{"email": "j1@univ.ac.id", "name": "Juri Satu", "org": nil},
		{"email": "j2@dinas-c.go.id", "name": "Juri Dua", "org": "dinas-c"},
		{"email": "j3@lan.go.id", "name": "Juri Tiga", "org": nil},
		{"email": "j4@lan.go.id", "name": "Juri Empat", "org": nil},
	}
	entryOrgs := []string{"dinas-a", "dinas-b", "dinas-d", "upt-a1", "dinas-b", "dinas-a", "dinas-d", "dinas-b"}
	var entries []map[string]any
	var scores []map[string]any
	js := []string{"j1@univ.ac.id", "j2@dinas-c.go.id", "j3@lan.go.id", "j4@lan.go.id"}
	for i, o := range entryOrgs {
		code := fmt.Sprintf("E%02d", i+1)
		cat := "inovasi"
		if i%2 == 1 {
			cat = "layanan"
		}
		entries = append(entries, map[string]any{"code": code, "org": o, "category": cat, "title": "Praktik " + code,
			"submitted_at": now.Add(-72 * time.Hour).Format(time.RFC3339)})
		for k := range 3 {
			j := js[(i+k)%4]
			q := float64((i*7)%5 + 1)
			scores = append(scores, map[string]any{"round": "desk", "juror": j, "entry": code,
				"criteria": map[string]float64{"dampak": min(5, q+float64(k%2)), "inovasi": max(1, q-float64(k%3)/2)}, "comment": "baik"})
		}
	}
	return map[string]any{
		"organisations": orgs,
		"edition": map[string]any{"code": "kma-2025", "name": "KM Award 2025", "year": 2025,
			"submission_deadline": now.Add(-48 * time.Hour).Format(time.RFC3339),
			"announcement_at":     now.Add(240 * time.Hour).Format(time.RFC3339)},
		"categories": []map[string]any{{"code": "inovasi", "name": "Inovasi"}, {"code": "layanan", "name": "Layanan"}},
		"criteria": []map[string]any{
			{"code": "dampak", "name": "Dampak", "weight": 60, "min": 1, "max": 5},
			{"code": "inovasi", "name": "Kebaruan", "weight": 40, "min": 1, "max": 5},
		},
		"rounds": []map[string]any{
			{"code": "desk", "name": "Penilaian dokumen", "kind": "desk", "order": 1, "advance": 4, "weight": 0.6},
			{"code": "pres", "name": "Presentasi", "kind": "presentation", "order": 2, "advance": 0, "weight": 0.4},
		},
		"jurors":      jurors,
		"entries":     entries,
		"assignments": []map[string]any{{"round": "desk", "juror": "j1@univ.ac.id", "entry": "E01"}},
		"scores":      scores,
	}
}

func writeJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "edition.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

type cliResults struct {
	Edition string  `json:"edition"`
	Round   *string `json:"round"`
	Method  string  `json:"method"`
	Entries []struct {
		Entry    string  `json:"entry"`
		Rank     int     `json:"rank"`
		Score    float64 `json:"score"`
		RawMean  float64 `json:"raw_mean"`
		Jurors   int     `json:"jurors"`
		Finalist *bool   `json:"finalist"`
	} `json:"entries"`
}

func TestAwardImportAndResults(t *testing.T) {
	dir := t.TempDir()
	db := storetest.SchemaURL(t)
	ed := awardEdition()
	code, out, stderr := run(t, db, "", "award", "import", "--data", dir, writeJSON(t, ed))
	if code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(out, "8 entries (8 frozen)") || !strings.Contains(out, "24 scores") || !strings.Contains(out, "5 organisations created") {
		t.Errorf("import said %q", out)
	}
	// The same edition again is refused, nothing changes.
	if code, _, stderr := run(t, db, "", "award", "import", "--data", dir, writeJSON(t, ed)); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second import: exit %d, %s", code, stderr)
	}

	// Round results match the arithmetic run directly on the file's scores.
	var scores []award.Score
	for _, s := range ed["scores"].([]map[string]any) {
		scores = append(scores, award.Score{Juror: s["juror"].(string), Entry: s["entry"].(string), Values: s["criteria"].(map[string]float64)})
	}
	crit := []award.Criterion{{Code: "dampak", Weight: 60, Min: 1, Max: 5}, {Code: "inovasi", Weight: 40, Min: 1, Max: 5}}
	for _, m := range []string{"zscore", "raw", "fitted"} {
		want, err := award.AggregateRound(crit, scores, award.Method(m))
		if err != nil {
			t.Fatal(err)
		}
		code, out, stderr := run(t, db, "", "award", "results", "--data", dir, "--edition", "kma-2025", "--round", "desk", "--method", m, "--json")
		if code != 0 {
			t.Fatalf("results %s: exit %d %s", m, code, stderr)
		}
		var got cliResults
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("results %s: %v\n%s", m, err, out)
		}
		if got.Edition != "kma-2025" || got.Round == nil || *got.Round != "desk" || got.Method != m || len(got.Entries) != len(want) {
			t.Fatalf("results %s: header %+v", m, got)
		}
		for i, w := range want {
			g := got.Entries[i]
			if g.Entry != w.Entry || g.Rank != w.Rank || g.Score != w.Score || g.RawMean != w.RawMean || g.Jurors != w.Jurors {
				t.Errorf("%s line %d = %+v, want %+v", m, i, g, w)
			}
		}
	}
	// Final ranking: only the desk round has scores, so it is the last one.
	code, out, _ = run(t, db, "", "award", "results", "--data", dir, "--edition", "kma-2025", "--final", "--json")
	var fin cliResults
	if code != 0 || json.Unmarshal([]byte(out), &fin) != nil || fin.Round != nil || fin.Method != "zscore" || len(fin.Entries) != 8 {
		t.Fatalf("final: exit %d %s", code, out)
	}
	for i, e := range fin.Entries {
		if e.Rank != i+1 || e.Finalist == nil || !*e.Finalist {
			t.Errorf("final line %d = %+v", i, e)
		}
	}
	// Human-readable output and usage errors.
	if code, out, _ := run(t, db, "", "award", "results", "--data", dir, "--edition", "kma-2025", "--round", "desk"); code != 0 || !strings.Contains(out, "round desk") {
		t.Errorf("table output: %d %q", code, out)
	}
	for _, args := range [][]string{
		{"award", "results", "--data", dir, "--edition", "kma-2025"},
		{"award", "results", "--data", dir, "--edition", "kma-2025", "--final", "--round", "desk"},
		{"award", "results", "--data", dir, "--edition", "kma-2025", "--final", "--method", "median"},
		{"award", "import", "--data", dir},
		{"award", "frobnicate"},
		{"audit"},
	} {
		code, _, stderr := run(t, db, "", args...)
		if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, stderr)
		}
	}
	if code, _, stderr := run(t, db, "", "award", "results", "--data", dir, "--edition", "nope", "--final"); code != 1 {
		t.Errorf("unknown edition: exit %d %s", code, stderr)
	}
	// Every import step is in the audit chain, and it holds.
	code, out, stderr = run(t, db, "", "audit", "verify", "--data", dir)
	if code != 0 || !strings.Contains(out, "audit chain intact") {
		t.Errorf("audit verify: exit %d %q %s", code, out, stderr)
	}
}

func TestAwardImportRefusesConflictsAndBadRecords(t *testing.T) {
	dir := t.TempDir()
	db := storetest.SchemaURL(t)
	ed := awardEdition()
	// j2 belongs to dinas-c: an entry of dinas-c, or of a unit below it, is
	// a conflict; so is dinas-c's parent's own entry (the root).
	ed["organisations"] = append(ed["organisations"].([]map[string]any), map[string]any{"code": "upt-c1", "name": "UPT C1", "kind": "unit", "parent": "dinas-c"})
	ed["entries"] = append(ed["entries"].([]map[string]any),
		map[string]any{"code": "C01", "org": "upt-c1", "category": "inovasi", "title": "Unit C"},
		map[string]any{"code": "R01", "org": "root", "category": "inovasi", "title": "Pemda"})
	ed["assignments"] = append(ed["assignments"].([]map[string]any), map[string]any{"round": "desk", "juror": "j2@dinas-c.go.id", "entry": "C01"})
	ed["scores"] = append(ed["scores"].([]map[string]any),
		map[string]any{"round": "desk", "juror": "j2@dinas-c.go.id", "entry": "R01", "criteria": map[string]float64{"dampak": 3, "inovasi": 3}},
		map[string]any{"round": "desk", "juror": "j1@univ.ac.id", "entry": "C01", "criteria": map[string]float64{"dampak": 9, "mutu": 3}},
		map[string]any{"round": "final", "juror": "nobody@x.id", "entry": "E01", "criteria": map[string]float64{"dampak": 3, "inovasi": 3}})
	code, out, stderr := run(t, db, "", "award", "import", "--data", dir, writeJSON(t, ed))
	if code != 1 || out != "" {
		t.Fatalf("import: exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		`assignments[1]: conflict of interest: juror "j2@dinas-c.go.id" may not judge entry "C01"`,
		`conflict of interest: juror "j2@dinas-c.go.id" may not judge entry "R01"`,
		`score 9 is outside its scale`,
		`unknown criterion "mutu"`,
		`no score for criterion "inovasi"`,
		`round "final" is not one of the edition's`,
		`juror "nobody@x.id" is not on the jury`,
		"nothing imported",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	t.Logf("problems:\n%s", stderr)
	// Nothing was imported: not the edition, not the new organisations.
	if code, _, _ := run(t, db, "", "award", "results", "--data", dir, "--edition", "kma-2025", "--final"); code == 0 {
		t.Errorf("the edition exists after a refused import")
	}
	if _, out, _ := run(t, db, "", "org", "list", "--data", dir); strings.Contains(out, "dinas-a") {
		t.Errorf("organisations were created by a refused import:\n%s", out)
	}
	// Malformed JSON and unknown keys are refused before anything else.
	bad := writeJSON(t, map[string]any{"edition": map[string]any{"code": "x"}, "sponsors": []string{"y"}})
	if code, _, stderr := run(t, db, "", "award", "import", "--data", dir, bad); code != 1 || !strings.Contains(stderr, "sponsors") {
		t.Errorf("unknown key: exit %d %s", code, stderr)
	}
}

// TestAwardFinalPerCategory: an edition with categories and a number of
// winners ranks each entry within its category too, and names the winners
// of each category: the best finalists of that category, in rank order.
func TestAwardFinalPerCategory(t *testing.T) {
	dir := t.TempDir()
	db := storetest.SchemaURL(t)
	ed := awardEdition()
	ed["edition"].(map[string]any)["winners"] = 2
	if code, _, stderr := run(t, db, "", "award", "import", "--data", dir, writeJSON(t, ed)); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	category := map[string]string{}
	for _, e := range ed["entries"].([]map[string]any) {
		category[e["code"].(string)] = e["category"].(string)
	}
	code, out, stderr := run(t, db, "", "award", "results", "--data", dir, "--edition", "kma-2025", "--final", "--json")
	if code != 0 {
		t.Fatalf("final: exit %d %s", code, stderr)
	}
	var fin struct {
		Entries []struct {
			Entry        string `json:"entry"`
			Rank         int    `json:"rank"`
			Category     string `json:"category"`
			CategoryRank int    `json:"category_rank"`
			Winner       bool   `json:"winner"`
		} `json:"entries"`
		Winners map[string][]string `json:"winners"`
	}
	if err := json.Unmarshal([]byte(out), &fin); err != nil || len(fin.Entries) != 8 {
		t.Fatalf("final: %v\n%s", err, out)
	}
	place := map[string]int{}
	want := map[string][]string{}
	for i, e := range fin.Entries {
		place[e.Category]++
		if e.Rank != i+1 || e.Category != category[e.Entry] || e.CategoryRank != place[e.Category] {
			t.Errorf("line %d = %+v, want rank %d, category %s, place %d", i, e, i+1, category[e.Entry], place[e.Category])
		}
		if e.Winner != (place[e.Category] <= 2) {
			t.Errorf("line %d = %+v: winner %v, want the first 2 of each category", i, e, e.Winner)
		}
		if e.Winner {
			want[e.Category] = append(want[e.Category], e.Entry)
		}
	}
	if fmt.Sprint(fin.Winners) != fmt.Sprint(want) || len(fin.Winners) != 2 {
		t.Errorf("winners %v, want %v", fin.Winners, want)
	}
	code, out, _ = run(t, db, "", "award", "results", "--data", dir, "--edition", "kma-2025", "--final")
	if code != 0 || !strings.Contains(out, "category") || !strings.Contains(out, "winners in inovasi: "+strings.Join(want["inovasi"], ", ")) ||
		strings.Count(out, " *\n") != 4 {
		t.Errorf("table output: %d\n%s", code, out)
	}
	// A negative number of winners is refused like any bad record.
	ed["edition"].(map[string]any)["winners"] = -1
	ed["edition"].(map[string]any)["code"] = "kma-2026"
	if code, _, stderr := run(t, db, "", "award", "import", "--data", dir, writeJSON(t, ed)); code != 1 || !strings.Contains(stderr, "winners -1") {
		t.Errorf("negative winners: exit %d %s", code, stderr)
	}
}
