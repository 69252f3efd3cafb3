package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// Index is the search index of one node.
type Index struct {
	dir      string // DataDir/index
	mu       sync.RWMutex
	idx      bleve.Index
	name     string // the directory in use under dir
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
		idx, name, err := ix.create()
		if err != nil {
			return nil, err
		}
		if err := ix.setCurrent(name); err != nil {
			idx.Close()
			return nil, err
		}
		ix.idx, ix.name = idx, name
		return ix, nil
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ix.name = strings.TrimSpace(string(name))
	idx, err := bleve.OpenUsing(filepath.Join(ix.dir, ix.name), map[string]any{"read_only": readOnly, "bolt_timeout": "3s"})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("search: open index %s: %w", ix.name, err)
	}
	v, err := idx.GetInternal([]byte(keyVersion))
	if err != nil || string(v) != MappingVersion {
		idx.Close()
		return nil, ErrNeedsRebuild
	}
	ix.idx = idx
	return ix, nil
}

// Fresh starts a new empty index under dataDir/index whatever is there
// (an index of another version is replaced on the next Rebuild).
func Fresh(dataDir string) (*Index, error) {
	ix := &Index{dir: filepath.Join(dataDir, "index")}
	if err := os.MkdirAll(ix.dir, 0o750); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	idx, name, err := ix.create()
	if err != nil {
		return nil, err
	}
	ix.idx, ix.name = idx, name
	return ix, nil
}

func (ix *Index) create() (bleve.Index, string, error) {
	name := "idx-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	idx, err := bleve.New(filepath.Join(ix.dir, name), newMapping())
	if err != nil {
		return nil, "", fmt.Errorf("search: create index: %w", err)
	}
	if err := idx.SetInternal([]byte(keyVersion), []byte(MappingVersion)); err != nil {
		idx.Close()
		return nil, "", err
	}
	return idx, name, nil
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

func (ix *Index) cursor() int64 {
	v, err := ix.idx.GetInternal([]byte(keyCursor))
	if err != nil || len(v) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(string(v), 10, 64)
	return n
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
		cur := ix.cursor()
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

// indexIDs (re)indexes the practices with these ids in one batch, deletes
// those that no longer exist, and stores the cursor with them.
func (ix *Index) indexIDs(ctx context.Context, idx bleve.Index, st *store.Store, ids []int64, cursor int64) error {
	if len(ids) == 0 {
		return idx.SetInternal([]byte(keyCursor), []byte(strconv.FormatInt(cursor, 10)))
	}
	for start := 0; start < len(ids); start += 500 {
		end := min(start+500, len(ids))
		part := ids[start:end]
		ps, err := st.PracticesByID(ctx, part)
		if err != nil {
			return err
		}
		texts, err := st.AttachmentTexts(ctx, part)
		if err != nil {
			return err
		}
		b := idx.NewBatch()
		found := map[int64]bool{}
		for i := range ps {
			found[ps[i].ID] = true
			if err := b.Index(docID(ps[i].ID), document(&ps[i], texts[ps[i].ID])); err != nil {
				return fmt.Errorf("search: index practice %d: %w", ps[i].ID, err)
			}
		}
		for _, id := range part {
			if !found[id] {
				b.Delete(docID(id))
			}
		}
		if end == len(ids) && cursor > 0 {
			b.SetInternal([]byte(keyCursor), []byte(strconv.FormatInt(cursor, 10)))
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("search: write batch: %w", err)
		}
	}
	return nil
}

func docID(id int64) string { return strconv.FormatInt(id, 10) }

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
	return map[string]any{
		fTitle: title, fLead: leadOf(p.Body), fText: strings.Join(nonEmpty(p.Summary, p.Body, content, p.Lessons, attachments), "\n\n"),
		fTags: strings.Join(p.Tags, " "), fRaw: strings.Join(nonEmpty(title, p.Summary, p.Body, content, p.Lessons), "\n\n"),
		fOrg: p.OrgCode, fAgency: agencyOf(p.OrgPath), fAncestors: ancestors(p.OrgPath),
		fKind: string(p.Kind), fAffair: p.Affair, fYear: year, fStatus: string(p.Status), fAccess: string(p.Access),
		fCreator: creator,
	}
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
// called with (done, total).
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
	idx, name, err := ix.create()
	if err != nil {
		return 0, err
	}
	done := 0
	var after int64
	for {
		ids, err := st.PracticeIDs(ctx, after, 2000)
		if err != nil {
			idx.Close()
			return done, err
		}
		if len(ids) == 0 {
			break
		}
		if err := ix.indexIDs(ctx, idx, st, ids, 0); err != nil {
			idx.Close()
			return done, err
		}
		after = ids[len(ids)-1]
		done += len(ids)
		if progress != nil {
			progress(done, max(total, done))
		}
	}
	if err := idx.SetInternal([]byte(keyCursor), []byte(strconv.FormatInt(cursor, 10))); err != nil {
		idx.Close()
		return done, err
	}
	ix.mu.Lock()
	old, oldName := ix.idx, ix.name
	if err := ix.setCurrent(name); err != nil {
		ix.mu.Unlock()
		idx.Close()
		return done, err
	}
	ix.idx, ix.name = idx, name
	ix.mu.Unlock()
	if old != nil {
		old.Close()
		os.RemoveAll(filepath.Join(ix.dir, oldName))
	}
	return done, nil
}

// leadOf is the first dozen words of a text.
func leadOf(body string) string {
	w := strings.Fields(body)
	if len(w) > 12 {
		w = w[:12]
	}
	return strings.Join(w, " ")
}
