package search

import (
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"lumbung/internal/indonesian"
)

// Analyzer names registered with bleve. Every binary that opens the index
// registers them by importing this package.
const (
	AnalyzerStem = "lumbung_id"      // folded, stop words dropped, stemmed: the searchable text
	AnalyzerForm = "lumbung_id_form" // the affixed words only, as written: exact-form matches
)

func init() {
	registry.RegisterAnalyzer(AnalyzerStem, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return &idAnalyzer{stem: true}, nil
	})
	registry.RegisterAnalyzer(AnalyzerForm, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return &idAnalyzer{forms: true}, nil
	})
}

// idAnalyzer implements analysis.Analyzer directly rather than as a
// tokenizer plus filters: the Indonesian tokenizer already folds case and
// diacritics and keeps the positions, and one pass is faster.
type idAnalyzer struct {
	stem  bool
	forms bool // keep only words whose stem differs, unstemmed
}

func (a *idAnalyzer) Analyze(text []byte) analysis.TokenStream {
	toks := tokenizer().Tokens(string(text))
	out := make(analysis.TokenStream, 0, len(toks))
	for _, t := range toks {
		if indonesian.IsStopWord(t.Term) {
			continue
		}
		term := t.Term
		if a.forms && stems.get(term) == term {
			// A root as written is already its own stem in the stemmed
			// fields; only affixed forms need a term of their own. The
			// root still counts in the field's length, under one shared
			// mark, so BM25's length normalisation sees the whole text
			// (without it MRR@10 fell by 0.005 on tydiqa-id).
			out = append(out, &analysis.Token{Start: t.Start, End: t.End, Term: rootMark, Position: t.Position, Type: analysis.AlphaNumeric})
			continue
		}
		if a.stem {
			term = stems.get(term)
			// "siapakah", "dimanakah", "adanya": a stop word with a particle
			// or clitic is still a stop word.
			if indonesian.IsStopWord(term) {
				continue
			}
		}
		out = append(out, &analysis.Token{Start: t.Start, End: t.End, Term: []byte(term), Position: t.Position, Type: analysis.AlphaNumeric})
	}
	return out
}

// rootMark stands for every root in the form field: one short posting
// per document instead of one per root word.
var rootMark = []byte("_")

var tokenizer = sync.OnceValue(func() *indonesian.Tokenizer { return indonesian.NewTokenizer(indonesian.Default()) })

// Stem returns the index term of one word, as the analyzer makes it.
func Stem(word string) string { return stems.get(indonesian.Normalize(word)) }

// AddRootWords extends the stemmer's lexicon (admins add words the built-in
// lexicon lacks) and forgets cached stems. Documents indexed before keep
// their old terms until the index is rebuilt: the words are part of the
// index's version, so Index.Stale reports it and Open asks for a rebuild.
func AddRootWords(words ...string) {
	adminWords.Lock()
	defer adminWords.Unlock()
	addRootWords(words)
}

// SetRootWords makes the admins' root words exactly words: those missing
// are added, those no longer listed removed (unless the shipped lexicon
// has them). A process calls it with the database's list, which may have
// changed through another node.
func SetRootWords(words []string) {
	adminWords.Lock()
	defer adminWords.Unlock()
	keep := map[string]bool{}
	for _, w := range words {
		keep[indonesian.Normalize(w)] = true
	}
	var gone []string
	for w := range adminWords.set {
		if !keep[w] {
			gone = append(gone, w)
		}
	}
	removeRootWords(gone)
	addRootWords(words)
}

// RemoveRootWords takes admins' root words out of the stemmer's lexicon
// (the shipped ones stay) and forgets cached stems; like an addition, it
// makes the index stale.
func RemoveRootWords(words ...string) {
	adminWords.Lock()
	defer adminWords.Unlock()
	removeRootWords(words)
}

// addRootWords and removeRootWords do the work, adminWords locked. They
// copy the lexicon only when something changes, and a removal takes out
// only what an addition put in: a word the shipped lexicon already had
// stays a root.
func addRootWords(words []string) {
	if adminWords.set == nil {
		adminWords.set = map[string]bool{}
	}
	lex := indonesian.Default().Lexicon()
	var add []string
	for _, w := range words {
		w = indonesian.Normalize(w)
		if _, known := adminWords.set[w]; w == "" || known {
			continue
		}
		adminWords.set[w] = !lex.Contains(w) // true: the addition put it there
		if adminWords.set[w] {
			add = append(add, w)
		}
	}
	if len(add) > 0 {
		lex.Add(add...)
		stems.reset()
		adminWords.changed = time.Now()
	}
}

func removeRootWords(words []string) {
	var drop []string
	for _, w := range words {
		w = indonesian.Normalize(w)
		added, known := adminWords.set[w]
		if !known {
			continue
		}
		delete(adminWords.set, w)
		if added {
			drop = append(drop, w)
		}
	}
	if len(drop) > 0 {
		indonesian.Default().Lexicon().Remove(drop...)
		stems.reset()
		adminWords.changed = time.Now()
	}
}

// adminWords are the root words admins added, which the index's terms
// depend on as much as on the embedded lexicon: word → whether the
// addition put it in the lexicon (false when the lexicon had it already).
var adminWords struct {
	sync.Mutex
	set     map[string]bool
	changed time.Time
}

// RootWordsChangedAt is when the admins' root words last changed the
// lexicon (zero if never).
func RootWordsChangedAt() time.Time {
	adminWords.Lock()
	defer adminWords.Unlock()
	return adminWords.changed
}

// adminWordsVersion names the words admins added that changed the
// lexicon (those it already had change no stem): empty when there are
// none, else a checksum of the sorted list.
func adminWordsVersion() string {
	adminWords.Lock()
	defer adminWords.Unlock()
	var words []string
	for w, added := range adminWords.set {
		if added {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return ""
	}
	slices.Sort(words)
	return fmt.Sprintf("adm%d-%08x", len(words), crc32.ChecksumIEEE([]byte(strings.Join(words, "\n"))))
}

// stemCache memoises stems across goroutines: text repeats words so much
// that indexing spends most of its stemming time on a few thousand of them.
// It is sharded to keep lock contention low and cleared per shard when full
// to bound memory without per-entry bookkeeping.
type stemCache struct {
	seed   maphash.Seed
	shards [64]struct {
		sync.RWMutex
		m map[string]string
	}
}

const stemShardMax = 1 << 14

var stems = newStemCache()

func newStemCache() *stemCache {
	c := &stemCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string]string)
	}
	return c
}

func (c *stemCache) get(w string) string {
	sh := &c.shards[maphash.String(c.seed, w)%uint64(len(c.shards))]
	sh.RLock()
	r, ok := sh.m[w]
	sh.RUnlock()
	if ok {
		return r
	}
	r = indonesian.Default().Stem(w)
	sh.Lock()
	if len(sh.m) >= stemShardMax {
		clear(sh.m)
	}
	sh.m[w] = r
	sh.Unlock()
	return r
}

func (c *stemCache) reset() {
	for i := range c.shards {
		c.shards[i].Lock()
		clear(c.shards[i].m)
		c.shards[i].Unlock()
	}
}
