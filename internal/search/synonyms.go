package search

import (
	_ "embed"
	"strings"
	"sync"

	"lumbung/internal/indonesian"
)

// synonymsFile holds the built-in groups (see its header): government
// acronyms and the words they stand for, and terms that mean the same in
// Indonesian public administration. It is a text file so that a KM
// coordinator can propose entries without reading Go.
//
//go:embed synonyms.txt
var synonymsFile string

// builtinSynonyms are the groups of synonymsFile; each is symmetric: any
// member finds the others.
var builtinSynonyms = parseSynonymGroups(synonymsFile)

// parseSynonymGroups reads one group per line, members separated by "|",
// skipping blank lines and # comments.
func parseSynonymGroups(text string) [][]string {
	var groups [][]string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g []string
		for _, m := range strings.Split(line, "|") {
			if m = strings.TrimSpace(m); m != "" {
				g = append(g, m)
			}
		}
		groups = append(groups, g)
	}
	return groups
}

// Synonyms expands query words to equivalent terms: the built-in groups
// plus what admins added.
type Synonyms struct {
	mu sync.RWMutex
	m  map[string][]string
}

// NewSynonyms builds the dictionary from the built-in groups and extra
// admin entries (term → expansions, one-way).
func NewSynonyms(extra map[string][]string) *Synonyms {
	s := &Synonyms{m: map[string][]string{}}
	for _, g := range builtinSynonyms {
		for _, a := range g {
			key := norm(a)
			for _, b := range g {
				if b != a {
					s.m[key] = append(s.m[key], b)
				}
			}
		}
	}
	for k, v := range extra {
		s.m[norm(k)] = append(s.m[norm(k)], v...)
	}
	return s
}

// Set replaces an admin entry.
func (s *Synonyms) Set(term string, expands []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[norm(term)] = expands
}

// Expand returns the alternatives of one (folded) word; nil when none.
func (s *Synonyms) Expand(word string) []string {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[word]
}

// Entries lists the dictionary, for the admin page.
func (s *Synonyms) Entries() map[string][]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string][]string, len(s.m))
	for k, v := range s.m {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func norm(s string) string { return strings.Join(indonesian.Tokenize(s), " ") }
