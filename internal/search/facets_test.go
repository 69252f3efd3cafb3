package search

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lumbung/internal/km"
)

// TestFacetCounterMatchesBleve: the facet counter counts exactly what
// bleve's own terms facet counts for the same request, and the collector
// still keeps the best hits, on one shard and across three.
func TestFacetCounterMatchesBleve(t *testing.T) {
	f := seed(t)
	kinds := []km.Kind{km.KindGood, km.KindBad, km.KindOrdinary}
	for i := range 40 {
		org := f.a.ID
		if i%3 == 0 {
			org = f.b.ID
		}
		f.add(t, fmt.Sprintf("x%d", i), km.Practice{OrgID: org, Title: fmt.Sprintf("Pelayanan pasar %d", i),
			Summary: "Warga dilayani di pasar.", Kind: kinds[i%3], Affair: []string{"kesehatan", "perdagangan"}[i%2], Year: 2020 + i%5})
	}
	ctx := context.Background()
	if _, err := f.ix.CatchUp(ctx, f.st); err != nil {
		t.Fatal(err)
	}
	match := func(field, text string) query.Query {
		q := bleve.NewMatchQuery(text)
		q.SetField(field)
		return q
	}
	queries := map[string]query.Query{
		"all":      bleve.NewMatchAllQuery(),
		"pasar":    match(fText, "pasar"),
		"layanan":  bleve.NewDisjunctionQuery(match(fTitle, "layan"), match(fText, "kesehatan")),
		"nothing":  match(fText, "zzzz"),
		"only bad": term(fKind, string(km.KindBad)),
	}
	for _, shards := range []int{1, 3} {
		if shards > 1 {
			splitInto(t, shards)
			if _, err := f.ix.Rebuild(ctx, f.st, nil); err != nil {
				t.Fatal(err)
			}
		}
		for name, q := range queries {
			want := bleve.NewSearchRequestOptions(q, 10, 0, false)
			want.AddFacet(fFacets, bleve.NewFacetRequest(fFacets, 1000))
			wr, err := f.ix.idx.SearchInContext(ctx, want)
			if err != nil {
				t.Fatal(err)
			}
			wantCounts := map[string]int{}
			for _, tf := range wr.Facets[fFacets].Terms.Terms() {
				wantCounts[tf.Term] = tf.Count
			}
			cctx, fc := withFacetCounter(ctx)
			gr, err := f.ix.idx.SearchInContext(cctx, bleve.NewSearchRequestOptions(q, 10, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			if got := fc.result(); !maps.Equal(got, wantCounts) {
				t.Errorf("%d shards, %s: counts %v, want %v", shards, name, got, wantCounts)
			}
			if gr.Total != wr.Total || len(gr.Hits) != len(wr.Hits) {
				t.Fatalf("%d shards, %s: %d hits of %d, want %d of %d", shards, name, len(gr.Hits), gr.Total, len(wr.Hits), wr.Total)
			}
			// Equal scores may come in either order from parallel shards
			// (Search puts them in id order afterwards): compare scores.
			for i := range gr.Hits {
				if gr.Hits[i].Score != wr.Hits[i].Score {
					t.Errorf("%d shards, %s: hit %d scores %g, want %g", shards, name, i, gr.Hits[i].Score, wr.Hits[i].Score)
				}
			}
			if name == "all" && wantCounts["kind=good"] < 10 {
				t.Errorf("%d shards: %d good practices counted, want the fixture's", shards, wantCounts["kind=good"])
			}
		}
	}
}
