package search

import (
	"html"
	"strings"

	"lumbung/internal/indonesian"
)

// Terms is what a query matches, for marking it in text: stems (which
// match every affixed form), and prefixes.
type Terms struct {
	Stems    map[string]bool
	Prefixes []string
}

func queryTerms(p parsed, stemsAndPhrases []string) Terms {
	t := Terms{Stems: map[string]bool{}}
	for _, s := range stemsAndPhrases {
		if strings.HasSuffix(s, "*") {
			continue
		}
		for _, tok := range indonesian.Tokenize(s) {
			if !indonesian.IsStopWord(tok) {
				t.Stems[stems.get(tok)] = true
			}
		}
	}
	t.Prefixes = append(t.Prefixes, p.prefixes...)
	return t
}

func (t Terms) match(term string) bool {
	if t.Stems[stems.get(term)] {
		return true
	}
	for _, p := range t.Prefixes {
		if strings.HasPrefix(term, p) || strings.HasPrefix(stems.get(term), p) {
			return true
		}
	}
	return false
}

// Highlight returns text escaped for HTML with the query's words marked
// (<mark>), cut to the window of about width words that holds the most
// matches (the whole text when it is short). ok is false when nothing
// matches.
func Highlight(text string, t Terms, width int) (snippet string, ok bool) {
	if len(t.Stems) == 0 && len(t.Prefixes) == 0 {
		return "", false
	}
	toks := tokenizer().Tokens(text)
	var hits []int // indexes into toks
	for i, tok := range toks {
		if t.match(tok.Term) {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 {
		return "", false
	}
	// The window [lo, lo+width) with the most hits.
	best, bestLo := 0, 0
	for i, h := range hits {
		lo := max(h-width/4, 0)
		n := 0
		for _, h2 := range hits[i:] {
			if h2 >= lo+width {
				break
			}
			n++
		}
		if n > best {
			best, bestLo = n, lo
		}
	}
	hi := min(bestLo+width, len(toks))
	start, end := 0, len(text)
	if bestLo > 0 {
		start = toks[bestLo].Start
	}
	if hi < len(toks) {
		end = toks[hi-1].End
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	pos := start
	for _, i := range hits {
		if i < bestLo || i >= hi {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:toks[i].Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[toks[i].Start:toks[i].End]))
		b.WriteString("</mark>")
		pos = toks[i].End
	}
	b.WriteString(html.EscapeString(text[pos:end]))
	if end < len(text) {
		b.WriteString(" …")
	}
	return b.String(), true
}
