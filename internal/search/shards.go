package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// shards is one logical index split over several bleve indexes, a
// practice going to shard id mod n. A bleve index builds and searches its
// segments on one goroutine; split in two, a query runs on both cores at
// once (through a bleve.IndexAlias, which searches its members in parallel
// and merges their top hits and facets) and indexing builds two segments at
// once. Small indexes stay in one shard: BM25 takes its statistics (idf,
// average length) per shard, which on a few thousand documents would let
// the split change the ranking; from shardMin documents up the shards'
// statistics agree closely, as Elasticsearch's query-then-fetch relies on.
//
// bleve's alias leaves dictionaries, batches and internal keys to the
// member indexes when there is more than one, so those are done here.
type shards struct {
	parts []bleve.Index
	alias bleve.IndexAlias
}

// shardMin is the size from which Rebuild splits the index.
const shardMin = 50000

// shardCount is the number of shards Rebuild gives an index of n practices:
// one per core from shardMin documents, at most maxShards. A variable so
// that tests can split small indexes.
// LUMBUNG_INDEX_SHARDS, when set, fixes the number instead.
var shardCount = func(n int) int {
	if v, err := strconv.Atoi(os.Getenv("LUMBUNG_INDEX_SHARDS")); err == nil && v >= 1 {
		return min(v, maxShards)
	}
	if n < shardMin {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), maxShards))
}

const maxShards = 8

// A single-shard index is a bleve index at the root of its directory (the
// layout before sharding, still read); a sharded one holds bleve indexes
// in the subdirectories 0, 1, … and a file naming how many there are.
const shardsFile = "SHARDS"

func newShards(parts []bleve.Index) *shards {
	return &shards{parts: parts, alias: bleve.NewIndexAlias(parts...)}
}

// createShards makes n empty shards under dir.
func createShards(dir string, n int) (*shards, error) {
	if n == 1 {
		idx, err := bleve.New(dir, newMapping())
		if err != nil {
			return nil, err
		}
		return newShards([]bleve.Index{idx}), nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	var parts []bleve.Index
	for i := range n {
		idx, err := bleve.New(filepath.Join(dir, strconv.Itoa(i)), newMapping())
		if err != nil {
			closeAll(parts)
			return nil, err
		}
		parts = append(parts, idx)
	}
	if err := os.WriteFile(filepath.Join(dir, shardsFile), []byte(strconv.Itoa(n)+"\n"), 0o640); err != nil {
		closeAll(parts)
		return nil, err
	}
	return newShards(parts), nil
}

// openShards opens the shards under dir.
func openShards(dir string, config map[string]any) (*shards, error) {
	b, err := os.ReadFile(filepath.Join(dir, shardsFile))
	if errors.Is(err, os.ErrNotExist) {
		idx, err := bleve.OpenUsing(dir, config)
		if err != nil {
			return nil, err
		}
		return newShards([]bleve.Index{idx}), nil
	}
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil || n < 1 || n > maxShards {
		return nil, fmt.Errorf("%s: bad shard count %q", shardsFile, b)
	}
	var parts []bleve.Index
	for i := range n {
		idx, err := bleve.OpenUsing(filepath.Join(dir, strconv.Itoa(i)), config)
		if err != nil {
			closeAll(parts)
			return nil, err
		}
		parts = append(parts, idx)
	}
	return newShards(parts), nil
}

func closeAll(parts []bleve.Index) error {
	var errs []error
	for _, p := range parts {
		errs = append(errs, p.Close())
	}
	return errors.Join(errs...)
}

func (s *shards) Close() error {
	s.alias.Close()
	return closeAll(s.parts)
}

// of is the shard of a practice.
func (s *shards) of(id int64) int { return int(uint64(id) % uint64(len(s.parts))) }

func (s *shards) DocCount() (uint64, error) { return s.alias.DocCount() }

func (s *shards) SearchInContext(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return s.alias.SearchInContext(ctx, sr)
}

// internal returns an internal key as the first shard holds it.
func (s *shards) internal(key string) (string, error) {
	v, err := s.parts[0].GetInternal([]byte(key))
	return string(v), err
}

// setInternal sets an internal key on every shard.
func (s *shards) setInternal(key, value string) error {
	for _, p := range s.parts {
		if err := p.SetInternal([]byte(key), []byte(value)); err != nil {
			return err
		}
	}
	return nil
}

// cursor is the change id every shard has applied: each stores the cursor
// in the batch that brings it up to date, so after a crash between two
// shards' batches the lowest is where the replay starts.
func (s *shards) cursor() int64 {
	var low int64 = -1
	for _, p := range s.parts {
		v, err := p.GetInternal([]byte(keyCursor))
		var n int64
		if err == nil && len(v) > 0 {
			n, _ = strconv.ParseInt(string(v), 10, 64)
		}
		if low < 0 || n < low {
			low = n
		}
	}
	return max(low, 0)
}

// termCount is the number of documents that hold t in field.
//
// It asks a term reader of each shard's snapshot for its count: a
// dictionary range of one term (bleve's FieldDictRange) came to the same
// figure in 116 µs a lookup at 100,000 practices, this way in 14 µs, and
// a query looks up each of its words (commonTerms), a related-practices
// query some eighty.
func (s *shards) termCount(field, t string) int {
	total := 0
	for _, p := range s.parts {
		a, err := p.Advanced()
		if err != nil {
			continue
		}
		r, err := a.Reader()
		if err != nil {
			continue
		}
		if tfr, err := r.TermFieldReader(context.Background(), []byte(t), field, false, false, false); err == nil {
			total += int(tfr.Count())
			tfr.Close()
		}
		r.Close()
	}
	return total
}

// termsWithPrefix calls fn with each term of field starting with prefix
// that keep accepts, and the number of documents holding it, summed over
// the shards. keep runs first so that only the few candidates are summed,
// not the whole dictionary under the prefix.
func (s *shards) termsWithPrefix(field, prefix string, keep func(term string) bool, fn func(term string, count int)) {
	if len(s.parts) == 1 {
		dict, err := s.parts[0].FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			return
		}
		defer dict.Close()
		for {
			e, err := dict.Next()
			if err != nil || e == nil {
				return
			}
			if keep(e.Term) {
				fn(e.Term, int(e.Count))
			}
		}
	}
	counts := map[string]int{}
	for _, p := range s.parts {
		dict, err := p.FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			continue
		}
		for {
			e, err := dict.Next()
			if err != nil || e == nil {
				break
			}
			if keep(e.Term) {
				counts[e.Term] += int(e.Count)
			}
		}
		dict.Close()
	}
	for t, n := range counts {
		fn(t, n)
	}
}

// batch is one write to every shard: documents to index and ids to delete,
// and optionally the change cursor the write brings the index up to.
type batch struct {
	docs    map[int64]map[string]any
	deletes []int64
	cursor  int64 // 0: leave the stored cursor alone
}

// apply writes b, each shard's part in a bleve batch of its own, the
// shards in parallel.
func (s *shards) apply(b batch) error {
	per := make([]*bleve.Batch, len(s.parts))
	for i, p := range s.parts {
		per[i] = p.NewBatch()
	}
	for id, doc := range b.docs {
		if err := per[s.of(id)].Index(docID(id), doc); err != nil {
			return fmt.Errorf("index practice %d: %w", id, err)
		}
	}
	for _, id := range b.deletes {
		per[s.of(id)].Delete(docID(id))
	}
	if b.cursor > 0 {
		for _, pb := range per {
			pb.SetInternal([]byte(keyCursor), []byte(strconv.FormatInt(b.cursor, 10)))
		}
	}
	if len(s.parts) == 1 {
		return s.parts[0].Batch(per[0])
	}
	errs := make([]error, len(s.parts))
	var wg sync.WaitGroup
	for i, p := range s.parts {
		if per[i].Size() == 0 && b.cursor == 0 {
			continue
		}
		wg.Go(func() { errs[i] = p.Batch(per[i]) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
