package indonesian

import (
	"bufio"
	_ "embed"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"sync"
	"sync/atomic"
)

//go:embed lexicon.txt
var embeddedLexicon string

// embeddedPlaces lists place names that look affixed (see its header); they
// join the roots so that Bekasi stays Bekasi.
//
//go:embed places.txt
var embeddedPlaces string

// embeddedLoans lists loanwords that look prefixed (see its header).
//
//go:embed loans.txt
var embeddedLoans string

// embeddedAcronyms lists government acronyms that look affixed (see its
// header): Perwali is not per-wali, Dispora not di-spora.
//
//go:embed acronyms.txt
var embeddedAcronyms string

// embeddedRoots lists roots KBBI has that hunspell-id only derives (see its
// header): mulai, which hunspell-id reads as mula-i.
//
//go:embed roots.txt
var embeddedRoots string

// embeddedExtra is what joins hunspell-id's roots: the reviewed lists.
var embeddedExtra = embeddedPlaces + embeddedLoans + embeddedAcronyms + embeddedRoots

// stemRevision counts changes to the stemming or tokenizing rules that
// change some word's terms. Bump it with such a change: indexes built by
// another revision are rebuilt rather than searched with terms they lack.
const stemRevision = 4

// Version names the stemmer's behaviour: its rule revision and a checksum
// of the embedded lexicon, place names, loans and acronyms. Words admins
// add at run time are not part of it.
func Version() string {
	return fmt.Sprintf("stem%d-lex%08x", stemRevision, crc32.ChecksumIEEE([]byte(embeddedLexicon+embeddedExtra)))
}

// Tags carried by a root (from hunspell-id's affix flags): which
// derivational suffixes the dictionary says the root takes, and which
// prefixes it takes on the bare root. A root with tagged set but without
// the affix's bit is a weaker candidate for a word carrying that affix
// (masakan is masak+an, not masa+kan; mengawal is meng-kawal, not
// meng-awal, which only takes meN- with -i).
const (
	tagged uint16 = 1 << iota
	takesAn
	takesI
	takesKan
	takesBer // ber-, be-
	takesMe  // meN-
	takesPe  // peN-, pe-
	takesPer // per-
	takesTer // ter-, te-
)

// Lexicon is a set of root words. Lookups are lock-free; Add copies the set
// (copy-on-write), so it is meant for occasional administrative extension,
// not for a stream of single words. A Lexicon is safe for concurrent use.
type Lexicon struct {
	mu    sync.Mutex // serialises writers
	words atomic.Pointer[map[string]uint16]
}

// NewLexicon returns a lexicon holding words (lowercased, trimmed).
func NewLexicon(words ...string) *Lexicon {
	l := &Lexicon{}
	m := make(map[string]uint16, len(words))
	l.words.Store(&m)
	l.Add(words...)
	return l
}

// EmbeddedLexicon returns a new copy of the root list shipped with the
// binary, place names, loans and acronyms included; adding to it does not
// change Default.
func EmbeddedLexicon() *Lexicon {
	l, err := ReadLexicon(strings.NewReader(embeddedLexicon + embeddedExtra))
	if err != nil {
		// The embedded files are generated or reviewed, and checked by tests.
		panic("indonesian: embedded lexicon: " + err.Error())
	}
	return l
}

// ReadLexicon reads a root list: one root per line, optionally followed by
// hunspell-derived tags after a slash: the suffixes the root takes
// ("masak/ak": -an and -kan; "masa/": tagged, takes none) and, in capitals,
// the prefixes it takes without a suffix (B ber-, M meN-, P peN-, R per-,
// T ter-: "kawal/aBMP"). Blank lines and lines starting with
// '#' are ignored.
func ReadLexicon(r io.Reader) (*Lexicon, error) {
	m := make(map[string]uint16, 32768)
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		word, tags, hasTags := strings.Cut(line, "/")
		word = strings.ToLower(strings.TrimSpace(word))
		if word == "" {
			return nil, fmt.Errorf("line %d: empty word", n)
		}
		var v uint16
		if hasTags {
			v = tagged
			for _, c := range tags {
				switch c {
				case 'a':
					v |= takesAn
				case 'i':
					v |= takesI
				case 'k':
					v |= takesKan
				case 'B':
					v |= takesBer
				case 'M':
					v |= takesMe
				case 'P':
					v |= takesPe
				case 'R':
					v |= takesPer
				case 'T':
					v |= takesTer
				default:
					return nil, fmt.Errorf("line %d: unknown tag %q", n, c)
				}
			}
		}
		m[word] |= v
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	l := &Lexicon{}
	l.words.Store(&m)
	return l, nil
}

// Add adds root words (lowercased and trimmed; empty strings are skipped).
// Added words are untagged: they are accepted with any suffix.
func (l *Lexicon) Add(words ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := *l.words.Load()
	m := make(map[string]uint16, len(old)+len(words))
	for k, v := range old {
		m[k] = v
	}
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" {
			continue
		}
		if _, ok := m[w]; !ok {
			m[w] = 0
		}
	}
	l.words.Store(&m)
}

// Remove removes root words (lowercased and trimmed).
func (l *Lexicon) Remove(words ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := *l.words.Load()
	m := make(map[string]uint16, len(old))
	for k, v := range old {
		m[k] = v
	}
	for _, w := range words {
		delete(m, strings.ToLower(strings.TrimSpace(w)))
	}
	l.words.Store(&m)
}

// Contains reports whether w is a root in the lexicon.
func (l *Lexicon) Contains(w string) bool {
	_, ok := (*l.words.Load())[w]
	return ok
}

// Len returns the number of roots.
func (l *Lexicon) Len() int {
	return len(*l.words.Load())
}

// Words returns the roots in no particular order.
func (l *Lexicon) Words() []string {
	m := *l.words.Load()
	out := make([]string, 0, len(m))
	for w := range m {
		out = append(out, w)
	}
	return out
}

func (l *Lexicon) snapshot() map[string]uint16 {
	return *l.words.Load()
}
