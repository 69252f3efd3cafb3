package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// Index is the search index of one node.
type Index struct {
	dir      string // DataDir/index
	mu       sync.RWMutex
	idx      *shards
	name     string // the directory in use under dir
	version  string // what the index in use was built with (indexVersion)
	readOnly bool
	// recent holds the change ids applied within the replay window, so a
	// replay skips what this process already applied.
	recent map[int64]time.Time
}

const (
	currentFile = "CURRENT"
	keyVersion  = "lumbung_mapping_version"
	keyCursor   = "lumbung_change_cursor"
	// replayWindow is how far back the change feed is read again on every
	// catch-up, to pick up entries committed out of id order (see store.Changes).
	replayWindow = time.Minute
)

// ErrBusy means another process (a running server) holds the index.
var ErrBusy = errors.New("search: the index is in use by another process (a running server); search through it, or stop it first")

// ErrNeedsRebuild means the index on disk has another mapping version.
var ErrNeedsRebuild = errors.New("search: the index was built by another version; run lumbung reindex")

// Open opens the index under dataDir/index, creating an empty one if there
// is none. readOnly opens it without taking the writer's lock, for command
// line searches beside a running server.
func Open(dataDir string, readOnly bool) (*Index, error) {
	ix := &Index{dir: filepath.Join(dataDir, "index"), readOnly: readOnly}
	if err := os.MkdirAll(ix.dir, 0o750); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	name, err := os.ReadFile(filepath.Join(ix.dir, currentFile))
	if os.IsNotExist(err) {
		if readOnly {
			return nil, errors.New("search: no index yet (start the server or run lumbung reindex)")
		}
		idx, name, version, err := ix.create(1)
		if err != nil {
			return nil, err
		}
		if err := ix.setCurrent(name); err != nil {
			idx.Close()
			return nil, err
		}
		ix.idx, ix.name, ix.version = idx, name, version
		return ix, nil
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ix.name = strings.TrimSpace(string(name))
	idx, err := openShards(filepath.Join(ix.dir, ix.name), map[string]any{"read_only": readOnly, "bolt_timeout": "3s"})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("search: open index %s: %w", ix.name, err)
	}
	v, err := idx.internal(keyVersion)
	if err != nil || v != indexVersion() {
		idx.Close()
		return nil, ErrNeedsRebuild
	}
	ix.idx, ix.version = idx, v
	if n, err := idx.DocCount(); err == nil {
		tuneGC(n)
	}
	return ix, nil
}

// Fresh starts a new empty index under dataDir/index whatever is there
// (an index of another version is replaced on the next Rebuild).
func Fresh(dataDir string) (*Index, error) {
	ix := &Index{dir: filepath.Join(dataDir, "index")}
	if err := os.MkdirAll(ix.dir, 0o750); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	idx, name, version, err := ix.create(1)
	if err != nil {
		return nil, err
	}
	ix.idx, ix.name, ix.version = idx, name, version
	return ix, nil
}

// create makes a new empty index of n shards in a directory of its own and
// records the version it is built with.
func (ix *Index) create(n int) (*shards, string, string, error) {
	name := "idx-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	idx, err := createShards(filepath.Join(ix.dir, name), n)
	if err != nil {
		return nil, "", "", fmt.Errorf("search: create index: %w", err)
	}
	version := indexVersion()
	if err := idx.setInternal(keyVersion, version); err != nil {
		idx.Close()
		return nil, "", "", err
	}
	return idx, name, version, nil
}

// Stale reports whether the index in use was built with other stems than
// the stemmer now makes: an admin has added root words since. Searches
// still work, but a word whose root changed no longer meets the documents
// indexed before; Rebuild fixes that.
func (ix *Index) Stale() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.version != indexVersion()
}

// setCurrent points CURRENT at name atomically (write a temp file, rename).
func (ix *Index) setCurrent(name string) error {
	tmp := filepath.Join(ix.dir, currentFile+".tmp")
	if err := os.WriteFile(tmp, []byte(name+"\n"), 0o640); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return os.Rename(tmp, filepath.Join(ix.dir, currentFile))
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	err := ix.idx.Close()
	ix.idx = nil
	return err
}

// DocCount is the number of indexed practices.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.idx.DocCount()
}

// CatchUp applies the change feed since the last call and returns how many
// practices it (re)indexed. Safe to call often; a no-op when nothing changed.
func (ix *Index) CatchUp(ctx context.Context, st *store.Store) (int, error) {
	if ix.readOnly {
		return 0, nil
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	done := 0
	since := time.Now().Add(-replayWindow)
	for {
		cur := ix.idx.cursor()
		changes, err := st.Changes(ctx, cur, since, 2000)
		if err != nil {
			return done, err
		}
		since = time.Now().Add(time.Hour) // only the first page replays the window
		if len(changes) == 0 {
			return done, nil
		}
		seen := map[int64]bool{}
		var ids []int64
		last := cur
		if ix.recent == nil {
			ix.recent = map[int64]time.Time{}
		}
		for _, c := range changes {
			last = max(last, c.ID)
			if _, ok := ix.recent[c.ID]; ok {
				continue
			}
			ix.recent[c.ID] = c.At
			if !seen[c.PracticeID] {
				seen[c.PracticeID] = true
				ids = append(ids, c.PracticeID)
			}
		}
		for id, at := range ix.recent {
			if time.Since(at) > 2*replayWindow {
				delete(ix.recent, id)
			}
		}
		if len(ids) > 0 || last > cur {
			if err := ix.indexIDs(ctx, ix.idx, st, ids, last); err != nil {
				return done, err
			}
		}
		done += len(ids)
		if len(changes) < 2000 {
			return done, nil
		}
	}
}

// indexIDs (re)indexes the practices with these ids, deletes those that no
// longer exist, and stores the cursor with the last of them.
func (ix *Index) indexIDs(ctx context.Context, idx *shards, st *store.Store, ids []int64, cursor int64) error {
	if len(ids) == 0 {
		return idx.apply(batch{cursor: cursor})
	}
	step := indexBatch * len(idx.parts)
	for start := 0; start < len(ids); start += step {
		end := min(start+step, len(ids))
		b, err := loadBatch(ctx, st, ids[start:end])
		if err != nil {
			return err
		}
		if end == len(ids) {
			b.cursor = cursor
		}
		if err := idx.apply(b); err != nil {
			return fmt.Errorf("search: write batch: %w", err)
		}
	}
	return nil
}

// loadBatch reads the practices with these ids, their attachments' text
// and their questions into a batch; ids no longer in the database become deletions.
func loadBatch(ctx context.Context, st *store.Store, ids []int64) (batch, error) {
	ps, err := st.PracticesByID(ctx, ids)
	if err != nil {
		return batch{}, err
	}
	texts, err := st.AttachmentTexts(ctx, ids)
	if err != nil {
		return batch{}, err
	}
	// Questions on a practice (and their accepted answers) are searched
	// with it, under its access rule: a word only asked about still finds
	// the practice, and only for those who may read it.
	qa, err := st.QuestionTexts(ctx, ids)
	if err != nil {
		return batch{}, err
	}
	for id, text := range qa {
		texts[id] = strings.Join(nonEmpty(texts[id], text), "\n\n")
	}
	b := batch{docs: make(map[int64]map[string]any, len(ps))}
	for i := range ps {
		b.docs[ps[i].ID] = document(&ps[i], texts[ps[i].ID])
	}
	for _, id := range ids {
		if _, ok := b.docs[id]; !ok {
			b.deletes = append(b.deletes, id)
		}
	}
	return b, nil
}

func docID(id int64) string { return strconv.FormatInt(id, 10) }

// seqOf is the sortable form of an id (see fSeq).
func seqOf(id int64) string { return fmt.Sprintf("%019d", id) }

// document is what the index holds of a practice.
func document(p *km.Practice, attachments string) map[string]any {
	content := strings.Join(nonEmpty(p.Problem, p.Actions, p.Results, p.Replication), "\n\n")
	year := ""
	if p.Year != 0 {
		year = strconv.Itoa(p.Year)
	}
	creator := ""
	if p.CreatedBy != 0 {
		creator = strconv.FormatInt(p.CreatedBy, 10)
	}
	title := p.Title
	if lead := strings.TrimSuffix(title, "…"); lead != "" && strings.HasPrefix(p.Body, lead) {
		// A title that only repeats the body's opening (imports without
		// titles get one made that way) would weigh those words twice.
		title = ""
	}
	doc := map[string]any{
		fTitle: title, fLead: leadOf(p.Body), fText: strings.Join(nonEmpty(p.Summary, p.Body, content, p.Lessons, attachments), "\n\n"),
		fTags: strings.Join(p.Tags, " "), fForm: strings.Join(nonEmpty(title, p.Summary, p.Body, content, p.Lessons), "\n\n"),
		fOrg: p.OrgCode, fAgency: agencyOf(p.OrgPath), fAncestors: ancestors(p.OrgPath),
		fKind: string(p.Kind), fAffair: p.Affair, fYear: year, fStatus: string(p.Status), fAccess: string(p.Access),
		fCreator: creator, fReaders: readers(p), fSeq: seqOf(p.ID),
	}
	var facets []string
	for _, f := range facetFields {
		if v, _ := doc[f].(string); v != "" {
			facets = append(facets, f+"="+v)
		}
	}
	doc[fFacets] = facets
	return doc
}

// Reader classes of a practice, the terms of fReaders.
const (
	readPublic   = "public"   // released and public: anyone
	readInternal = "internal" // released, public or internal: anyone signed in
	readAgency   = "agency"   // released, agency-only: people of its agency
	readDraft    = "draft"    // not released, not restricted: its drafters
	readHidden   = "hidden"   // anything the public may not read
)

// readers precomputes the status-and-access half of km.Visibility.Allows
// as terms, so that the access filter is one or two term lookups rather
// than a nest of conjunctions over status and access, which a query
// advanced for every document its words matched (a quarter of its time at
// a million practices).
func readers(p *km.Practice) []string {
	if !p.Status.Released() {
		if p.Access == km.AccessRestricted {
			return []string{readHidden}
		}
		return []string{readDraft, readHidden}
	}
	switch p.Access {
	case km.AccessPublic:
		return []string{readPublic, readInternal}
	case km.AccessInternal:
		return []string{readInternal, readHidden}
	case km.AccessAgency:
		return []string{readAgency, readHidden}
	}
	return []string{readHidden}
}

func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ancestors lists the subtree paths an organisation path lies in:
// "/1/5/23/" → "/1/", "/1/5/", "/1/5/23/". A scope check is then a term query.
func ancestors(path string) []string {
	var out []string
	for i := 1; i < len(path); i++ {
		if path[i] == '/' {
			out = append(out, path[:i+1])
		}
	}
	return out
}

// agencyOf is the agency path, used as the agency facet key.
func agencyOf(path string) string { return km.AgencyPath(path) }

// Rebuild indexes every practice into a fresh directory and swaps it in;
// searches keep using the old index until the swap. progress, if set, is
// called with (done, total). Reading the database and indexing overlap: the
// next page of practices is read while the shards index the last one.
func (ix *Index) Rebuild(ctx context.Context, st *store.Store, progress func(done, total int)) (int, error) {
	if ix.readOnly {
		return 0, errors.New("search: index opened read-only")
	}
	cursor, err := st.LastChangeID(ctx)
	if err != nil {
		return 0, err
	}
	total, err := st.CountPractices(ctx)
	if err != nil {
		return 0, err
	}
	idx, name, version, err := ix.create(shardCount(total))
	if err != nil {
		return 0, err
	}
	// A rebuild allocates in bursts that are short-lived (analysis, segment
	// building); collecting half as often made it 20% faster at 100,000
	// practices (2,330 → 2,790/s) for 25% more peak memory. A higher
	// setting of the operator's own (GOGC) is kept.
	if old := debug.SetGCPercent(rebuildGCPercent); old < 0 || old > rebuildGCPercent {
		debug.SetGCPercent(old)
	} else {
		defer debug.SetGCPercent(old)
	}
	done, err := fill(ctx, idx, st, func(n int) {
		if progress != nil {
			progress(n, max(total, n))
		}
	})
	if err == nil {
		err = idx.setInternal(keyCursor, strconv.FormatInt(cursor, 10))
	}
	if err != nil {
		idx.Close()
		os.RemoveAll(filepath.Join(ix.dir, name))
		return done, err
	}
	ix.mu.Lock()
	old, oldName := ix.idx, ix.name
	if err := ix.setCurrent(name); err != nil {
		ix.mu.Unlock()
		idx.Close()
		return done, err
	}
	ix.idx, ix.name, ix.version = idx, name, version
	ix.mu.Unlock()
	tuneGC(uint64(done))
	if old != nil {
		old.Close()
		os.RemoveAll(filepath.Join(ix.dir, oldName))
	}
	return done, nil
}

// fill indexes every practice of the database into idx, reading the next
// page while the last one is indexed, and reports the running count.
func fill(ctx context.Context, idx *shards, st *store.Store, progress func(int)) (int, error) {
	type page struct {
		b   batch
		n   int
		err error
	}
	pages := make(chan page, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(pages)
		var after int64
		for {
			ids, err := st.PracticeIDs(ctx, after, indexBatch*len(idx.parts))
			if err == nil && len(ids) == 0 {
				return
			}
			var b batch
			if err == nil {
				b, err = loadBatch(ctx, st, ids)
			}
			select {
			case pages <- page{b: b, n: len(ids), err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			after = ids[len(ids)-1]
		}
	}()
	done := 0
	for p := range pages {
		if p.err != nil {
			return done, p.err
		}
		if err := idx.apply(p.b); err != nil {
			return done, fmt.Errorf("search: write batch: %w", err)
		}
		done += p.n
		progress(done)
	}
	return done, ctx.Err()
}

// leadOf is the first dozen words of a text.
func leadOf(body string) string {
	w := strings.Fields(body)
	if len(w) > 12 {
		w = w[:12]
	}
	return strings.Join(w, " ")
}

const rebuildGCPercent = 200

// A process serving a large index collects garbage a third as often:
// queries there walk long posting lists and allocate as they go, and the
// collector's share of two cores showed in the slowest ones. At 1,000,000
// practices, five alternating runs each: p99 72–89 ms (median 76) against
// 79–89 (median 84) with the default, p50 a tenth lower, the same peak
// RSS (the index is mapped; the heap stays small).
// Small deployments keep the default, and so their small idle footprint;
// an operator's own GOGC is left alone.
const (
	largeIndexDocs      = 200_000
	largeIndexGCPercent = 300
)

// tuneGC applies largeIndexGCPercent when the index holds n practices or
// more.
func tuneGC(n uint64) {
	if n < largeIndexDocs || os.Getenv("GOGC") != "" {
		return
	}
	if old := debug.SetGCPercent(largeIndexGCPercent); old < 0 || old > largeIndexGCPercent {
		debug.SetGCPercent(old)
	}
}

// indexBatch is how many practices go into one shard's bleve batch (one
// segment).
const indexBatch = 500
