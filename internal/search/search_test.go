package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"lumbung/internal/km"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

type fixture struct {
	st   *store.Store
	ix   *Index
	dir  string
	root km.Org
	a, b km.Org
	ids  map[string]int64
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, dir := storetest.Open(t)
	ctx := context.Background()
	f := &fixture{st: st, dir: dir, ids: map[string]int64{}}
	f.root, _ = st.OrgByCode(ctx, km.RootOrgCode)
	err := st.Write(ctx, func(tx *store.Tx) error {
		f.a = km.Org{Code: "dinkes", Name: "Dinas Kesehatan", Kind: km.OrgOPD, ParentID: f.root.ID}
		f.b = km.Org{Code: "pasarjaya", Name: "Perumda Pasar Jaya", Kind: km.OrgOPD, ParentID: f.root.ID}
		if err := tx.CreateOrg(&f.a); err != nil {
			return err
		}
		return tx.CreateOrg(&f.b)
	})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	f.ix = ix
	return f
}

func (f *fixture) add(t testing.TB, key string, p km.Practice) {
	t.Helper()
	if p.Status == "" {
		p.Status = km.StatusPublished
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	err := f.st.Write(context.Background(), func(tx *store.Tx) error { return tx.CreatePractice(&p, km.User{}, "test") })
	if err != nil {
		t.Fatal(err)
	}
	f.ids[key] = p.ID
}

func (f *fixture) search(t *testing.T, req Request) Result {
	t.Helper()
	if _, err := f.ix.CatchUp(context.Background(), f.st); err != nil {
		t.Fatal(err)
	}
	if req.Visibility.UserID == 0 && !req.Visibility.Authenticated {
		req.Visibility = km.Visibility{} // the public
	}
	res, err := f.ix.Search(context.Background(), req, NewSynonyms(nil))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (f *fixture) keys(res Result) string {
	byID := map[int64]string{}
	for k, id := range f.ids {
		byID[id] = k
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, byID[h.ID])
	}
	return strings.Join(out, ",")
}

func seed(t testing.TB) *fixture {
	f := newFixture(t)
	f.add(t, "pelayanan", km.Practice{OrgID: f.a.ID, Title: "Pelayanan kesehatan keliling", Summary: "Puskesmas melayani warga lansia di rumah.", Kind: km.KindGood, Affair: "kesehatan", Year: 2024})
	f.add(t, "qris", km.Practice{OrgID: f.b.ID, Title: "Lomba pasar digital", Summary: "Transaksi QRIS di 12 pasar naik 47 persen.", Body: "Pedagang pasar tradisional menerima pembayaran nontunai.", Kind: km.KindGood, Affair: "perdagangan", Year: 2025, Tags: []string{"qris", "pasar"}})
	f.add(t, "skpd", km.Practice{OrgID: f.a.ID, Title: "Rapat koordinasi SKPD", Summary: "Koordinasi lintas SKPD untuk pengadaan obat.", Kind: km.KindOrdinary, Affair: "kesehatan", Year: 2023})
	f.add(t, "gagal", km.Practice{OrgID: f.b.ID, Title: "Kegagalan aplikasi antrean", Summary: "Aplikasi antrean pasar tidak dipakai pedagang.", Kind: km.KindBad, Affair: "perdagangan", Year: 2022})
	f.add(t, "internal", km.Practice{OrgID: f.a.ID, Title: "Pelayanan internal rahasia", Summary: "Hanya untuk ASN.", Access: km.AccessInternal})
	f.add(t, "draft", km.Practice{OrgID: f.a.ID, Title: "Draf pelayanan baru", Summary: "Belum terbit.", Status: km.StatusDraft})
	return f
}

func TestStemmingFindsAffixedForms(t *testing.T) {
	f := seed(t)
	for _, q := range []string{"melayani", "layanan", "dilayani", "pelayanan"} {
		if got := f.keys(f.search(t, Request{Text: q})); got != "pelayanan" {
			t.Errorf("%q: got [%s], want [pelayanan]", q, got)
		}
	}
}

func TestAcronymsAndSynonyms(t *testing.T) {
	f := seed(t)
	if got := f.keys(f.search(t, Request{Text: "OPD"})); got != "skpd" {
		t.Errorf("OPD: got [%s], want [skpd]", got)
	}
	if got := f.keys(f.search(t, Request{Text: "pembayaran digital"})); !strings.HasPrefix(got, "qris") {
		t.Errorf("pembayaran digital: got [%s], want qris first", got)
	}
}

func TestPhrasePrefixTypoAndExclusion(t *testing.T) {
	f := seed(t)
	tests := []struct{ q, want string }{
		{`"pasar digital"`, "qris"},
		{`"digital pasar"`, ""},
		{`layan*`, "pelayanan"},
		{`pelayanann`, "pelayanan"},      // typo: one extra letter
		{`koordinasl`, "skpd"},           // typo
		{`pasar -qris`, "gagal"},         // exclusion
		{`"pasar`, "gagal,qris"},         // unbalanced quote: a phrase to the end
		{`*`, ""},                        // lone operator
		{"\x00\x01 pasar", "gagal,qris"}, // control characters
		{`😀 ✨`, ""},                      // emoji only
		{`مرحبا 你好 pasar`, "gagal,qris"}, // other scripts
	}
	for _, tt := range tests {
		res := f.search(t, Request{Text: tt.q})
		got := strings.Split(f.keys(res), ",")
		want := strings.Split(tt.want, ",")
		if strings.Join(sortStrings(got), ",") != strings.Join(sortStrings(want), ",") {
			t.Errorf("%q: got [%s], want [%s]", tt.q, f.keys(res), tt.want)
		}
	}
}

func sortStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestSuggestion(t *testing.T) {
	f := seed(t)
	res := f.search(t, Request{Text: "transaksl", NoFuzzy: true})
	if res.Suggestion != "transaksi" {
		t.Errorf("suggestion = %q, want transaksi", res.Suggestion)
	}
	if res := f.search(t, Request{Text: "transaksi"}); res.Suggestion != "" {
		t.Errorf("known word: suggestion %q, want none", res.Suggestion)
	}
}

func TestFacetsFiltersHighlights(t *testing.T) {
	f := seed(t)
	res := f.search(t, Request{Text: "pasar", Facets: true, Highlight: true})
	counts := map[string]int{}
	for _, fc := range res.Facets {
		for _, v := range fc.Values {
			counts[fc.Field+"="+v.Value] = v.Count
		}
	}
	if counts["kind=good"] != 1 || counts["kind=bad"] != 1 || counts["affair=perdagangan"] != 2 {
		t.Errorf("facets = %v", counts)
	}
	snip, ok := Highlight("Pedagang <pasar> tradisional di Pasar Minggu menerima pembayaran nontunai.", res.Terms, 40)
	if !ok || snip != "Pedagang &lt;<mark>pasar</mark>&gt; tradisional di <mark>Pasar</mark> Minggu menerima pembayaran nontunai." {
		t.Errorf("highlight = %q", snip)
	}
	long := strings.Repeat("kata lain ", 50) + "pelayanan pasar " + strings.Repeat("kata lain ", 50)
	if snip, _ := Highlight(long, res.Terms, 10); !strings.HasPrefix(snip, "… ") || !strings.HasSuffix(snip, " …") || !strings.Contains(snip, "<mark>pasar</mark>") {
		t.Errorf("long highlight = %q", snip)
	}
	if got := f.keys(f.search(t, Request{Text: "pasar", Kind: "bad"})); got != "gagal" {
		t.Errorf("kind filter: got [%s]", got)
	}
	if got := f.keys(f.search(t, Request{Text: "", Org: "dinkes", Year: "2024"})); got != "pelayanan" {
		t.Errorf("filters without text: got [%s]", got)
	}
	if got := f.keys(f.search(t, Request{Text: "pasar", Exclude: []int64{f.ids["qris"]}})); got != "gagal" {
		t.Errorf("exclude: got [%s]", got)
	}
}

func TestVisibilityOnResults(t *testing.T) {
	f := seed(t)
	if got := f.keys(f.search(t, Request{Text: "pelayanan"})); got != "pelayanan" {
		t.Errorf("public: got [%s], want only the public published one", got)
	}
	v := km.Visibility{UserID: 99, Authenticated: true, DraftScopes: []string{f.a.Path}, AgencyScopes: []string{f.a.Path}}
	got := strings.Split(f.keys(f.search(t, Request{Text: "pelayanan", Visibility: v})), ",")
	if strings.Join(sortStrings(got), ",") != "draft,internal,pelayanan" {
		t.Errorf("contributor of Dinkes: got %v", got)
	}
}

// TestVisibilityMatchesStore checks the search filter against the SQL list
// for every combination of status, access, organisation and viewer.
func TestVisibilityMatchesStore(t *testing.T) { testVisibilityMatchesStore(t, false) }

// testVisibilityMatchesStore runs the check, on an index rebuilt (and so
// split as shardCount says) when rebuild is set.
func testVisibilityMatchesStore(t *testing.T, rebuild bool) {
	f := newFixture(t)
	ctx := context.Background()
	n := 0
	for _, org := range []km.Org{f.a, f.b} {
		for _, st := range km.Statuses {
			for _, ac := range km.Accesses {
				n++
				f.add(t, fmt.Sprint(n), km.Practice{OrgID: org.ID, Title: "dokumen praktik", Summary: "x", Status: st, Access: ac, CreatedBy: 0})
			}
		}
	}
	if rebuild {
		if _, err := f.ix.Rebuild(ctx, f.st, nil); err != nil {
			t.Fatal(err)
		}
	}
	viewers := []km.Visibility{
		{},
		{UserID: 5, Authenticated: true},
		{UserID: 5, Authenticated: true, AgencyScopes: []string{f.a.Path}},
		{UserID: 5, Authenticated: true, DraftScopes: []string{f.b.Path}, AgencyScopes: []string{f.b.Path}},
		{UserID: 5, Authenticated: true, ReviewScopes: []string{f.a.Path}, DraftScopes: []string{f.a.Path}},
		{UserID: -1, Authenticated: true, ReviewScopes: []string{f.root.Path}},
	}
	for i, v := range viewers {
		list, total, err := f.st.Practices(ctx, store.PracticeFilter{Visibility: v, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		res := f.search(t, Request{Text: "dokumen", Visibility: v, Limit: 1000})
		if int(res.Total) != total {
			t.Errorf("viewer %d: search finds %d, SQL lists %d", i, res.Total, total)
		}
		inSQL := map[int64]bool{}
		for _, p := range list {
			inSQL[p.ID] = true
		}
		for _, h := range res.Hits {
			if !inSQL[h.ID] {
				t.Errorf("viewer %d: search shows practice %d that SQL hides", i, h.ID)
			}
		}
	}
}

func TestCatchUpAndRebuild(t *testing.T) {
	f := seed(t)
	ctx := context.Background()
	if n, err := f.ix.CatchUp(ctx, f.st); err != nil || n != 6 {
		t.Fatalf("first catch-up: %d, %v (want 6)", n, err)
	}
	if n, err := f.ix.CatchUp(ctx, f.st); err != nil || n != 0 {
		t.Fatalf("second catch-up: %d, %v (want 0: nothing changed)", n, err)
	}
	// Update a practice: the new title is found, the old one is not.
	p, _ := f.st.Practice(ctx, f.ids["gagal"])
	p.Title = "Evaluasi sistem antrean"
	if err := f.st.Write(ctx, func(tx *store.Tx) error { return tx.UpdatePractice(&p, km.User{}, "t") }); err != nil {
		t.Fatal(err)
	}
	if got := f.keys(f.search(t, Request{Text: "evaluasi", NoFuzzy: true})); got != "gagal" {
		t.Errorf("after update: got [%s]", got)
	}
	n, err := f.ix.Rebuild(ctx, f.st, nil)
	if err != nil || n != 6 {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	if got := f.keys(f.search(t, Request{Text: "evaluasi", NoFuzzy: true})); got != "gagal" {
		t.Errorf("after rebuild: got [%s]", got)
	}
	f.ix.Close()
	ix, err := Open(f.dir, false)
	if err != nil {
		t.Fatal(err)
	}
	f.ix = ix
	if c, _ := ix.DocCount(); c != 6 {
		t.Errorf("reopened index holds %d documents, want 6", c)
	}
}

func TestBadQueries(t *testing.T) {
	f := seed(t)
	if _, err := f.ix.Search(context.Background(), Request{Text: strings.Repeat("pasar ", 2000)}, nil); err == nil {
		t.Errorf("12 KB query: no error, want ErrBadQuery")
	}
	long := strings.Repeat("kata ", 200)
	if res := f.search(t, Request{Text: long[:1000]}); res.Total != 0 {
		t.Errorf("long query of an unknown word: %d results", res.Total)
	}
}

func TestPhraseInAQuestionRanksRatherThanRestricts(t *testing.T) {
	f := seed(t)
	// Alone, a phrase that occurs nowhere finds nothing.
	if got := f.keys(f.search(t, Request{Text: `"digital pasar"`})); got != "" {
		t.Errorf(`lone phrase "digital pasar": got [%s], want nothing`, got)
	}
	// Quoted inside a question, the same words still find the practice.
	if got := f.keys(f.search(t, Request{Text: `berapa transaksi di buku "digital pasar"`})); !strings.Contains(got, "qris") {
		t.Errorf("phrase in a question: got [%s], want qris among the results", got)
	}
	// And a passage holding the phrase comes first.
	res := f.search(t, Request{Text: `aplikasi pedagang "antrean pasar"`})
	if got := f.keys(res); !strings.HasPrefix(got, "gagal") {
		t.Errorf("phrase in a question: got [%s], want gagal (which holds it) first", got)
	}
}

// When most documents are public, the public's rule is applied as "not
// hidden"; it must hide exactly what the inclusion rule hides.
func TestPublicRuleByExclusion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 6 {
		f.add(t, fmt.Sprint("pub", i), km.Practice{OrgID: f.a.ID, Title: "dokumen terbuka", Summary: "x"})
	}
	hidden := []km.Practice{
		{OrgID: f.a.ID, Title: "dokumen draf", Summary: "x", Status: km.StatusDraft},
		{OrgID: f.a.ID, Title: "dokumen internal", Summary: "x", Access: km.AccessInternal},
		{OrgID: f.b.ID, Title: "dokumen instansi", Summary: "x", Access: km.AccessAgency},
		{OrgID: f.b.ID, Title: "dokumen rahasia", Summary: "x", Access: km.AccessRestricted},
	}
	for i, p := range hidden {
		f.add(t, fmt.Sprint("hidden", i), p)
	}
	res := f.search(t, Request{Text: "dokumen", Limit: 100})
	if !f.ix.publicByExclusion(km.Visibility{}) {
		t.Fatal("6 public against 4 hidden: the rule should be applied by exclusion")
	}
	_, total, err := f.st.Practices(ctx, store.PracticeFilter{Visibility: km.Visibility{}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if int(res.Total) != total || total != 6 {
		t.Errorf("public search finds %d, SQL lists %d, want 6", res.Total, total)
	}
	if got := f.keys(res); strings.Contains(got, "hidden") {
		t.Errorf("public search shows hidden practices: %s", got)
	}
	// Signed in, the internal one appears (the inclusion rule is used).
	v := km.Visibility{UserID: 7, Authenticated: true}
	if got := f.search(t, Request{Text: "dokumen", Visibility: v, Limit: 100}); got.Total != 7 {
		t.Errorf("signed-in search finds %d, want 7 (6 public and the internal one)", got.Total)
	}
}

// TestBuiltinSynonymGroups checks the embedded file: every group has two
// members or more, each member is searchable text, and no word belongs to
// two groups (it would find both, which nobody asked for).
func TestBuiltinSynonymGroups(t *testing.T) {
	if len(builtinSynonyms) < 100 {
		t.Fatalf("%d groups read from synonyms.txt, want the whole file", len(builtinSynonyms))
	}
	seen := map[string]int{}
	for i, g := range builtinSynonyms {
		if len(g) < 2 {
			t.Errorf("group %d %v: one member", i, g)
		}
		for _, m := range g {
			key := norm(m)
			if key == "" || key != strings.ToLower(m) {
				t.Errorf("group %v: member %q tokenizes as %q", g, m, key)
			}
			if j, dup := seen[key]; dup {
				t.Errorf("%q is in groups %v and %v", m, builtinSynonyms[j], g)
			}
			seen[key] = i
		}
	}
	syn := NewSynonyms(nil)
	if got := syn.Expand("sudin"); len(got) != 1 || got[0] != "suku dinas" {
		t.Errorf("sudin expands to %v", got)
	}
	if got := syn.Expand("tengkes"); len(got) != 2 {
		t.Errorf("tengkes expands to %v, want stunting and gagal tumbuh", got)
	}
}

// TestEqualScoresInIDOrder: copies of one text score the same; they come
// in the order they were documented, on every page, however bleve's
// segments lie.
func TestEqualScoresInIDOrder(t *testing.T) {
	f := newFixture(t)
	var keys []string
	for i := range 12 {
		k := fmt.Sprintf("copy%02d", i)
		keys = append(keys, k)
		f.add(t, k, km.Practice{OrgID: f.a.ID, Title: "Bank sampah kelurahan", Summary: "Warga menabung sampah plastik."})
	}
	if got := f.keys(f.search(t, Request{Text: "bank sampah", Limit: 20})); got != strings.Join(keys, ",") {
		t.Errorf("copies in order [%s], want [%s]", got, strings.Join(keys, ","))
	}
	// Pages cut the same order, ties across the page boundary included.
	if got := f.keys(f.search(t, Request{Text: "bank sampah", Limit: 5, Offset: 5})); got != strings.Join(keys[5:10], ",") {
		t.Errorf("second page [%s], want [%s]", got, strings.Join(keys[5:10], ","))
	}
	if got := f.keys(f.search(t, Request{Text: "bank sampah", Limit: 5, Offset: 10})); got != strings.Join(keys[10:], ",") {
		t.Errorf("last page [%s], want [%s]", got, strings.Join(keys[10:], ","))
	}
}

// TestListingNewestFirst: a search without words lists the practices the
// filters keep, newest first, in number order across pages and shards (the
// document id is a string: sorted on it, practice 10 came before 9).
func TestListingNewestFirst(t *testing.T) {
	f := newFixture(t)
	var keys []string
	for i := range 12 {
		k := fmt.Sprintf("p%02d", i)
		keys = append([]string{k}, keys...)
		f.add(t, k, km.Practice{OrgID: f.a.ID, Title: fmt.Sprintf("Praktik %d", i), Summary: "Ringkasan.", Kind: km.KindGood})
	}
	f.add(t, "other", km.Practice{OrgID: f.b.ID, Title: "Praktik lain", Summary: "Ringkasan.", Kind: km.KindBad})
	for _, n := range []int{1, 3} {
		if n > 1 {
			splitInto(t, n)
			if _, err := f.ix.Rebuild(context.Background(), f.st, nil); err != nil {
				t.Fatal(err)
			}
		}
		if got := f.keys(f.search(t, Request{Kind: string(km.KindGood), Limit: 20})); got != strings.Join(keys, ",") {
			t.Errorf("%d shards: listing [%s], want [%s]", n, got, strings.Join(keys, ","))
		}
		if got := f.keys(f.search(t, Request{Kind: string(km.KindGood), Limit: 5, Offset: 5})); got != strings.Join(keys[5:10], ",") {
			t.Errorf("%d shards: second page [%s], want [%s]", n, got, strings.Join(keys[5:10], ","))
		}
		// With words, newest first on request (by relevance, the one whose
		// title is all "praktik" words would lead).
		if got := f.keys(f.search(t, Request{Text: "praktik", Newest: true, Limit: 4, Offset: 1})); got != strings.Join([]string{"p11", "p10", "p09", "p08"}, ",") {
			t.Errorf("%d shards: newest with words [%s], want [p11,p10,p09,p08]", n, got)
		}
	}
}

// TestRelatedRequest: a practice's related-practices query is made of its
// rarest words that other practices also hold, not of its first words:
// common words match half the index, and a word only it holds finds
// nothing.
func TestRelatedRequest(t *testing.T) {
	f := newFixture(t)
	for i := range 6 {
		f.add(t, fmt.Sprintf("common%d", i), km.Practice{OrgID: f.a.ID, Title: fmt.Sprintf("Pelayanan warga %d", i), Summary: "Pelayanan warga di kantor."})
	}
	f.add(t, "other", km.Practice{OrgID: f.b.ID, Title: "Bank sampah kelurahan", Summary: "Warga menabung sampah plastik."})
	f.add(t, "this", km.Practice{OrgID: f.a.ID, Title: "Pelayanan warga lewat bank sampah",
		Summary: "Pelayanan warga: sampah ditukar dengan layanan kantor. Zyxwvut."})
	if _, err := f.ix.CatchUp(context.Background(), f.st); err != nil {
		t.Fatal(err)
	}
	p, err := f.st.Practice(context.Background(), f.ids["this"])
	if err != nil {
		t.Fatal(err)
	}
	req := f.ix.RelatedRequest(p, km.Visibility{}, 5)
	words := strings.Fields(req.Text)
	// bank and sampah (in one other practice) first; then kantor, warga,
	// pelayanan, in seven; not zyxwvut (here alone), nor dengan (a stop word).
	if len(words) < 2 || !slices.Equal(sortStrings(words[:2]), []string{"bank", "sampah"}) || slices.Contains(words, "zyxwvut") || slices.Contains(words, "dengan") {
		t.Errorf("related query %q, want bank and sampah first, without zyxwvut and dengan", req.Text)
	}
	if len(req.Exclude) != 1 || req.Exclude[0] != p.ID || !req.NoFuzzy {
		t.Errorf("related request %+v: want the practice excluded and no typo tolerance", req)
	}
	if got := f.keys(f.search(t, req)); !strings.HasPrefix(got, "other") {
		t.Errorf("related practices [%s], want the bank sampah one first", got)
	}
}

func TestOffsetBounded(t *testing.T) {
	f := seed(t)
	for _, off := range []int{-1, MaxOffset + 1} {
		if _, err := f.ix.Search(context.Background(), Request{Text: "pasar", Offset: off}, nil); !errors.Is(err, ErrBadQuery) {
			t.Errorf("offset %d: %v, want ErrBadQuery", off, err)
		}
	}
	if _, err := f.ix.Search(context.Background(), Request{Text: "pasar", Offset: MaxOffset}, nil); err != nil {
		t.Errorf("offset %d: %v", MaxOffset, err)
	}
}
