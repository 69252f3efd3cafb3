package search

import (
	"context"
	"errors"
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
)

// facetCounter counts the fFacets terms ("field=value") of every document a
// query matches. It does the job of bleve's terms facet, which converts
// each term it visits to a new string before counting it: with five terms
// a document that was an allocation for every value of every match, and
// the collection that followed took a third of a faceted query's time
// (bench/searchload -cpuprofile at 100,000 practices). Here a value seen
// before is counted without allocating.
//
// It hooks into bleve's collector through search.MakeDocumentMatchHandlerKey,
// bleve's documented way to see every match: the handler reads the match's
// doc values, then passes the match on to the usual top-N handler. On a
// sharded index each shard's collector gets a handler of its own, and
// their counts are added up when each finishes.
type facetCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

// withFacetCounter returns a context under which a bleve search counts
// facets into the returned counter.
func withFacetCounter(ctx context.Context) (context.Context, *facetCounter) {
	fc := &facetCounter{counts: map[string]int{}}
	return context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(fc.handler)), fc
}

// handler is a bsearch.MakeDocumentMatchHandler: it is called once per
// collector (per shard) and returns the per-match callback.
func (fc *facetCounter) handler(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
	next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
	if err != nil {
		return nil, false, err
	}
	if next == nil {
		// bleve gives no handler for another kind of collector; none is
		// used here, but a silent nil would panic on the first match.
		return nil, false, errors.New("search: facets need bleve's top-N collector")
	}
	dv, err := sctx.IndexReader.DocValueReader([]string{fFacets})
	if err != nil {
		return nil, false, err
	}
	local := make(map[string]*int, 128)
	visit := func(_ string, term []byte) {
		if n := local[string(term)]; n != nil {
			*n++
			return
		}
		one := 1
		local[string(term)] = &one
	}
	return func(d *bsearch.DocumentMatch) error {
		if d == nil {
			// The collector is done: add this shard's counts.
			fc.mu.Lock()
			for k, n := range local {
				fc.counts[k] += *n
			}
			fc.mu.Unlock()
			return next(nil)
		}
		if err := dv.VisitDocValues(d.IndexInternalID, visit); err != nil {
			return err
		}
		return next(d)
	}, loadID, nil
}

// result returns the counts, after the search has returned.
func (fc *facetCounter) result() map[string]int {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return fc.counts
}
