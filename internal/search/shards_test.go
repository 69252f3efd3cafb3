package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// splitInto makes Rebuild split every index into n shards for one test.
func splitInto(t *testing.T, n int) {
	old := shardCount
	shardCount = func(int) int { return n }
	t.Cleanup(func() { shardCount = old })
}

// answers runs queries and sums up what each finds, order aside (BM25
// statistics are per shard, so scores may differ on a tiny index).
func answers(t *testing.T, f *fixture, v km.Visibility) []string {
	var out []string
	for _, q := range []string{"melayani", "OPD", "pasar", `"pasar digital"`, "layan*", "pelayanann", "pasar -qris", "transaksl", "pelayanan", ""} {
		res := f.search(t, Request{Text: q, Visibility: v, Facets: true, Org: map[bool]string{true: "dinkes"}[q == ""]})
		keys := strings.Split(f.keys(res), ",")
		slices.Sort(keys)
		var facets []string
		for _, fc := range res.Facets {
			for _, fv := range fc.Values {
				facets = append(facets, fc.Field+"="+fv.Value+":"+strconv.Itoa(fv.Count))
			}
		}
		slices.Sort(facets)
		out = append(out, q+" → "+strings.Join(keys, ",")+" total "+strconv.Itoa(int(res.Total))+" fuzzy "+map[bool]string{true: "yes"}[res.Fuzzy]+
			" suggest "+res.Suggestion+" facets "+strings.Join(facets, " "))
	}
	return out
}

func TestShardedIndexFindsTheSame(t *testing.T) {
	f := seed(t)
	ctx := context.Background()
	viewer := km.Visibility{UserID: 99, Authenticated: true, DraftScopes: []string{f.a.Path}, AgencyScopes: []string{f.a.Path}}
	one, oneViewer := answers(t, f, km.Visibility{}), answers(t, f, viewer)

	splitInto(t, 3)
	if n, err := f.ix.Rebuild(ctx, f.st, nil); err != nil || n != 6 {
		t.Fatalf("rebuild into 3 shards: %d, %v", n, err)
	}
	if got := len(f.ix.idx.parts); got != 3 {
		t.Fatalf("index has %d shards, want 3", got)
	}
	if got := answers(t, f, km.Visibility{}); !slices.Equal(got, one) {
		t.Errorf("public, 3 shards:\n%s\nwant (1 shard):\n%s", strings.Join(got, "\n"), strings.Join(one, "\n"))
	}
	if got := answers(t, f, viewer); !slices.Equal(got, oneViewer) {
		t.Errorf("contributor, 3 shards:\n%s\nwant (1 shard):\n%s", strings.Join(got, "\n"), strings.Join(oneViewer, "\n"))
	}

	// Writes go to the practice's own shard through the change feed.
	p, _ := f.st.Practice(ctx, f.ids["gagal"])
	p.Title = "Evaluasi sistem antrean"
	if err := f.st.Write(ctx, func(tx *store.Tx) error { return tx.UpdatePractice(&p, km.User{}, "t") }); err != nil {
		t.Fatal(err)
	}
	f.add(t, "baru", km.Practice{OrgID: f.b.ID, Title: "Evaluasi bank sampah", Summary: "Bank sampah RW."})
	if got := f.keys(f.search(t, Request{Text: "evaluasi", NoFuzzy: true})); got != "baru,gagal" && got != "gagal,baru" {
		t.Errorf("after update and insert: got [%s], want gagal and baru", got)
	}
	if c, _ := f.ix.DocCount(); c != 7 {
		t.Errorf("3 shards hold %d documents, want 7", c)
	}
	last, _ := f.st.LastChangeID(ctx)
	if got := f.ix.idx.cursor(); got != last {
		t.Errorf("cursor %d, want the last change %d on every shard", got, last)
	}

	// Reopened, read-write and read-only, it is still three shards.
	f.ix.Close()
	for _, ro := range []bool{false, true} {
		ix, err := Open(f.dir, ro)
		if err != nil {
			t.Fatal(err)
		}
		if len(ix.idx.parts) != 3 {
			t.Errorf("reopened (read-only %t): %d shards", ro, len(ix.idx.parts))
		}
		res, err := ix.Search(ctx, Request{Text: "evaluasi", NoFuzzy: true}, nil)
		if err != nil || res.Total != 2 {
			t.Errorf("reopened (read-only %t): %d results, %v", ro, res.Total, err)
		}
		ix.Close()
	}
	ix, err := Open(f.dir, false)
	if err != nil {
		t.Fatal(err)
	}
	f.ix = ix

	// Back to one shard: the old shards' directory is gone.
	shardCount = func(int) int { return 1 }
	old := f.ix.name
	if _, err := f.ix.Rebuild(ctx, f.st, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "index", old)); !os.IsNotExist(err) {
		t.Errorf("old index directory %s still there after rebuild (%v)", old, err)
	}
	if len(f.ix.idx.parts) != 1 {
		t.Errorf("rebuilt with one shard: %d", len(f.ix.idx.parts))
	}
}

func TestShardedVisibilityMatchesStore(t *testing.T) {
	splitInto(t, 2)
	testVisibilityMatchesStore(t, true)
}

// An index whose terms came from another stemmer (or mapping) is not
// searched: Open asks for a rebuild instead of missing words silently.
func TestOpenRefusesIndexOfAnotherStemmer(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.idx.setInternal(keyVersion, MappingVersion+"+stem1-lex00000000"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, false); !errors.Is(err, ErrNeedsRebuild) {
		t.Fatalf("open with an old stemmer's index: got %v, want ErrNeedsRebuild", err)
	}
}

// TestTuneGC: only a large index raises GOGC, and never lowers a higher
// setting.
func TestTuneGC(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC set by the environment: tuneGC leaves it alone")
	}
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	tuneGC(largeIndexDocs - 1)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("small index: GOGC %d, want 100", got)
	}
	tuneGC(largeIndexDocs)
	if got := debug.SetGCPercent(500); got != largeIndexGCPercent {
		t.Errorf("large index: GOGC %d, want %d", got, largeIndexGCPercent)
	}
	tuneGC(largeIndexDocs) // 500 set just above: kept
	if got := debug.SetGCPercent(100); got != 500 {
		t.Errorf("a higher setting was lowered to %d", got)
	}
}

// TestSetRootWords: the admins' words follow the database's list; a word
// the shipped lexicon has stays a root when an admin's copy is removed.
func TestSetRootWords(t *testing.T) {
	defer SetRootWords(nil)
	if got := Stem("kembangan"); got != "kembang" {
		t.Fatalf("before: kembangan → %s", got)
	}
	v0 := indexVersion()
	SetRootWords([]string{"kembangan", "tahu"})
	if got := Stem("kembangan"); got != "kembangan" {
		t.Errorf("added: kembangan → %s", got)
	}
	if indexVersion() == v0 {
		t.Error("index version unchanged by the added words")
	}
	SetRootWords([]string{"tahu"}) // kembangan removed elsewhere
	if got := Stem("kembangan"); got != "kembang" {
		t.Errorf("removed: kembangan → %s", got)
	}
	RemoveRootWords("tahu")
	if got := Stem("pengetahuan"); got != "tahu" {
		t.Errorf("the shipped root tahu was lost with the admin's copy: pengetahuan → %s", got)
	}
	if indexVersion() != v0 {
		t.Errorf("index version %s after all admin words went, want %s", indexVersion(), v0)
	}
	// A word the lexicon has changes no stem, so no rebuild is due.
	SetRootWords([]string{"tahu"})
	if indexVersion() != v0 {
		t.Errorf("adding the shipped root tahu changed the index version to %s", indexVersion())
	}
}
