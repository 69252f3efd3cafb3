package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lumbung/internal/indonesian"
	"lumbung/internal/km"
)

// Request is a search.
type Request struct {
	Text       string
	Visibility km.Visibility
	// Filters; empty matches everything.
	Org     string // organisation code: that organisation and its units (an ancestor path)
	OrgPath string
	Kind    string
	Affair  string
	Year    string
	Status  string
	Exclude []int64 // practice ids to leave out (the practice itself, for "related")
	Limit   int
	Offset  int
	// Newest lists the matches newest first rather than by relevance.
	Newest bool
	Facets bool
	// Highlight asks for the query's terms in the result (Result.Terms), for
	// cutting snippets with Highlight.
	Highlight bool
	// Fuzzy turns on typo tolerance: when exact matching finds fewer than
	// FuzzyBelow results, longer words are also matched within an edit
	// distance. 0 uses the default (5).
	FuzzyBelow int
	NoFuzzy    bool
}

// relatedWords is how many words of a practice make its related-practices
// query, chosen from its title, tags, summary and the first relatedPool
// words of its body.
const (
	relatedWords = 12
	relatedPool  = 100
)

// RelatedRequest asks for practices like p, p itself left out: the
// relatedWords rarest words of its title, tags, summary and the body's
// opening that other practices also hold, as a query (the idea of
// Lucene's MoreLikeThis). The
// rare words carry the topic; the common ones matched most of the index,
// and a query of a text's first 30 words took 25 ms at 100,000 practices
// where a person's question takes 2. No typo tolerance: the words come
// from a text, not from typing.
func (ix *Index) RelatedRequest(p km.Practice, vis km.Visibility, n int) Request {
	type word struct {
		tok string
		df  int
	}
	var words []word
	seen := map[string]bool{}
	add := func(text string, limit int, fields ...string) {
		for i, f := range strings.Fields(text) {
			if i == limit {
				return
			}
			for _, tok := range indonesian.Tokenize(f) {
				stem := stems.get(tok)
				if seen[stem] || indonesian.IsStopWord(tok) || indonesian.IsStopWord(stem) {
					continue
				}
				seen[stem] = true
				df := 0
				for _, field := range fields {
					df = max(df, ix.termCount(field, stem))
				}
				// In this practice alone (or nowhere yet): it finds
				// nothing else.
				if df > 1 {
					words = append(words, word{tok, df})
				}
			}
		}
	}
	ix.mu.RLock()
	// A title's or tag's word may be in no other practice's text: its
	// count is the larger of the two fields'.
	add(p.Title, -1, fText, fTitle)
	add(strings.Join(p.Tags, " "), -1, fText, fTags)
	add(p.Summary, -1, fText)
	add(p.Body, relatedPool, fText)
	ix.mu.RUnlock()
	slices.SortStableFunc(words, func(a, b word) int { return cmp.Compare(a.df, b.df) })
	toks := make([]string, 0, relatedWords)
	for _, w := range words[:min(len(words), relatedWords)] {
		toks = append(toks, w.tok)
	}
	return Request{Text: strings.Join(toks, " "), Visibility: vis, Limit: n, Exclude: []int64{p.ID}, NoFuzzy: true}
}

// Hit is one result.
type Hit struct {
	ID        int64
	Score     float64
	Fragments map[string][]string // field → highlighted HTML fragments (escaped, with <mark>)
}

// Facet is the count of results per value of one field.
type Facet struct {
	Field  string
	Values []FacetValue
}

// FacetValue is one value of a facet and how many results have it.
type FacetValue struct {
	Value string
	Count int
}

// Result is what a search found.
type Result struct {
	Total      uint64
	Hits       []Hit
	Facets     []Facet
	Suggestion string // "did you mean", empty when none
	Fuzzy      bool   // typo tolerance was used
	Terms      Terms  // what the query looks for, for highlighting
}

// ErrBadQuery is a query that cannot be run (too long, nothing searchable
// after cleaning is not an error: it returns no hits).
var ErrBadQuery = errors.New("search: bad query")

// MaxQueryBytes bounds a query; longer ones are refused rather than cut.
const MaxQueryBytes = 1024

// MaxOffset is the deepest result a page may start at. Ranking keeps every
// result before the page in memory, so a page at the millionth result
// would hold a million; nobody reads that far.
const MaxOffset = 1000

// maxTerms bounds the number of terms a query expands to, so a pasted
// paragraph cannot make a query that runs for seconds.
const maxTerms = 48

// parsed is a query split into what the user asked for.
type parsed struct {
	words    []string // free words, lowercased and folded
	phrases  []string
	prefixes []string // folded, without the *
	excluded []string
}

// parse splits a query: "quoted phrases", word* prefixes, -excluded words,
// and free words. Unbalanced quotes close at the end; control characters
// are dropped; lone operators are ignored.
func parse(text string) parsed {
	var p parsed
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, text)
	for len(text) > 0 {
		i := strings.IndexByte(text, '"')
		if i < 0 {
			p.addWords(text)
			break
		}
		p.addWords(text[:i])
		rest := text[i+1:]
		j := strings.IndexByte(rest, '"')
		if j < 0 {
			j = len(rest)
		}
		if ph := strings.TrimSpace(rest[:j]); ph != "" {
			p.phrases = append(p.phrases, ph)
		}
		if j == len(rest) {
			break
		}
		text = rest[j+1:]
	}
	return p
}

// phrasesRank reports whether the query's quoted phrases rank results
// rather than restrict them. A phrase searched alone, or beside one word,
// is a requirement ("pasar digital" finds nothing else). Quoted inside a
// longer question (a book's title, a saying) it is part of what the
// question is about: passages holding it come first, but one that answers
// the question in other words is not lost; so its words also count as
// free words. On the news collection five questions quoting titles found
// nothing with the phrase required (bench/searcheval -diff).
func (p *parsed) phrasesRank() bool { return len(p.phrases) > 0 && len(p.words) >= 2 }

func (p *parsed) addWords(s string) {
	for _, f := range strings.Fields(s) {
		switch {
		case strings.HasPrefix(f, "-") && len(f) > 1:
			p.excluded = append(p.excluded, strings.TrimLeft(f, "-"))
		case strings.HasSuffix(f, "*"):
			w := indonesian.Normalize(strings.Trim(f, "*"))
			if toks := indonesian.Tokenize(w); len(toks) > 0 && len(toks[0]) >= 2 {
				p.prefixes = append(p.prefixes, toks[0])
			}
		default:
			p.words = append(p.words, f)
		}
	}
}

// Search runs a request.
func (ix *Index) Search(ctx context.Context, req Request, syn *Synonyms) (Result, error) {
	if len(req.Text) > MaxQueryBytes {
		return Result{}, fmt.Errorf("%w: longer than %d bytes", ErrBadQuery, MaxQueryBytes)
	}
	if req.Offset < 0 || req.Offset > MaxOffset {
		return Result{}, fmt.Errorf("%w: offset %d outside 0 to %d", ErrBadQuery, req.Offset, MaxOffset)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p := parse(req.Text)
	q, terms := textQuery(p, syn, nil, ix.commonTerms())
	if q == nil && strings.TrimSpace(req.Text) != "" {
		// Something was typed but nothing in it is searchable (a lone *,
		// emoji, stop words only): that finds nothing, not everything.
		return Result{}, nil
	}
	res, err := ix.run(ctx, req, q)
	if err != nil {
		return res, err
	}
	res.Terms = queryTerms(p, terms)
	below := req.FuzzyBelow
	if below == 0 {
		below = 5
	}
	if res.Total >= uint64(below) || len(terms) == 0 {
		return res, nil
	}
	// Exact matching found little: if some words are not in the index at
	// all, they are likely misspelt — retry with typo tolerance, and
	// suggest the corrected query.
	fixes := ix.corrections(p)
	if len(fixes) == 0 {
		return res, nil
	}
	if !req.NoFuzzy {
		if fq, _ := textQuery(p, syn, fixes, ix.commonTerms()); fq != nil {
			fres, err := ix.run(ctx, req, fq)
			if err == nil && fres.Total > res.Total {
				fres.Fuzzy = true
				res = fres
			}
		}
	}
	res.Suggestion = suggestion(p, fixes)
	return res, nil
}

func (ix *Index) run(ctx context.Context, req Request, text query.Query) (Result, error) {
	// Access and the facet filters narrow the results without scoring
	// them: as a bleve filter they are evaluated unscored, as OR-ed and
	// AND-ed posting bitmaps, and only checked against the documents the
	// text matches. As scored conjuncts they cost most of the query's time
	// (advancing "status = published", which nearly every document has)
	// and added a near-constant to every score.
	b := bleve.NewBooleanQuery()
	var filters []query.Query
	if text != nil && ix.publicByExclusion(req.Visibility) {
		// Most of a knowledge base is usually public: leaving out the few
		// documents the public may not read skips through a short list,
		// where checking that each match is public advanced a long one
		// (15% of a query's time at a million practices).
		b.AddMustNot(term(fReaders, readHidden))
	} else {
		filters = append(filters, visibilityQuery(req.Visibility))
	}
	for field, v := range map[string]string{fOrg: req.Org, fKind: req.Kind, fAffair: req.Affair, fYear: req.Year, fStatus: req.Status, fAncestors: req.OrgPath} {
		if v != "" {
			filters = append(filters, term(field, v))
		}
	}
	if text != nil {
		b.AddMust(text)
	}
	switch len(filters) {
	case 0:
	case 1:
		b.AddFilter(filters[0])
	default:
		b.AddFilter(bleve.NewConjunctionQuery(filters...))
	}
	if len(req.Exclude) > 0 {
		ids := make([]string, 0, len(req.Exclude))
		for _, id := range req.Exclude {
			ids = append(ids, docID(id))
		}
		b.AddMustNot(bleve.NewDocIDQuery(ids))
	}
	var q query.Query = b
	limit := req.Limit
	if limit <= 0 {
		limit = 20
	}
	offset, size := max(req.Offset, 0), min(limit, 1000)
	// Ranked results are fetched from the top, with tieSlack more than
	// asked, so that equal scores can be put in a fixed order (see
	// orderTies) before the page is cut.
	ranked := text != nil && !req.Newest
	sr := bleve.NewSearchRequestOptions(q, offset+size+tieSlack, 0, false)
	if !ranked {
		// A listing (filters only, or asked for): the newest practices
		// first.
		sr = bleve.NewSearchRequestOptions(q, size, offset, false)
		sr.SortBy([]string{"-" + fSeq})
	}
	var facets *facetCounter
	if req.Facets {
		ctx, facets = withFacetCounter(ctx)
	}
	r, err := ix.idx.SearchInContext(ctx, sr)
	if err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		return Result{}, fmt.Errorf("search: %w", err)
	}
	out := Result{Total: r.Total}
	for _, h := range r.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil {
			continue
		}
		out.Hits = append(out.Hits, Hit{ID: id, Score: h.Score})
	}
	if ranked {
		out.Hits = orderTies(out.Hits)
		out.Hits = out.Hits[min(offset, len(out.Hits)):min(offset+size, len(out.Hits))]
	}
	if facets != nil {
		out.Facets = splitFacets(facets.result())
	}
	return out, nil
}

// tieSlack is how many hits past the page are fetched to order ties that
// straddle its end.
const tieSlack = 8

// orderTies sorts hits by score, and equal scores by id, the practice
// documented first before later ones: bleve leaves ties in the order of
// its segments, which changes with merges and shards, so the same query
// could list two copies of a text either way round from one day to the
// next.
func orderTies(hits []Hit) []Hit {
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return hits
}

// facetValues is how many values of each facet field are returned.
const facetValues = 50

// splitFacets turns the counts of "field=value" terms into one facet per
// field, the most frequent values first.
func splitFacets(counts map[string]int) []Facet {
	by := map[string][]FacetValue{}
	for t, n := range counts {
		field, value, ok := strings.Cut(t, "=")
		if ok {
			by[field] = append(by[field], FacetValue{Value: value, Count: n})
		}
	}
	var out []Facet
	for _, name := range facetFields {
		vs, ok := by[name]
		if !ok {
			continue
		}
		slices.SortFunc(vs, func(a, b FacetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		out = append(out, Facet{Field: name, Values: vs[:min(len(vs), facetValues)]})
	}
	return out
}

func term(field, v string) query.Query {
	q := bleve.NewTermQuery(v)
	q.SetField(field)
	return q
}

func anyTerm(field string, vals ...string) query.Query {
	if len(vals) == 1 {
		return term(field, vals[0])
	}
	qs := make([]query.Query, len(vals))
	for i, v := range vals {
		qs[i] = term(field, v)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// textQuery builds the scored part of a query from the parsed text: every
// word (and its synonyms) in every text field with the field's weight,
// phrases as phrase queries, prefixes as prefix queries on the stems. It
// returns nil when nothing searchable is left. With fixes (typo tolerance),
// stems of five letters or more also match within one edit (two from eight
// letters), and each misspelt word also counts as its correction, whose
// stem then matches affixed forms too (pelayanann → pelayanan → layan).
//
// common, when set, reports stems too frequent to be worth scoring; they
// are left out unless nothing else is left (see Index.commonTerms).
func textQuery(p parsed, syn *Synonyms, fixes map[string]string, common func(string) bool) (query.Query, []string) {
	fuzzy := fixes != nil
	var should []query.Query
	var terms []string
	seen := map[string]bool{}
	dropped := false
	// addTerm adds a stem in every text field; exact, when the word was
	// typed as its own root, also weighs the exact-form bonus on the text
	// field's match (the form field holds affixed words only).
	addTerm := func(stem string, boost, exact float64) bool {
		if stem == "" || seen[stem] || len(terms) >= maxTerms {
			return false
		}
		seen[stem] = true
		if common != nil && common(stem) {
			dropped = true
			return false
		}
		terms = append(terms, stem)
		for _, f := range textFields {
			tq := bleve.NewTermQuery(stem)
			tq.SetField(f.name)
			tq.SetBoost(f.boost * boost)

			should = append(should, tq)
			if f.name == fText && exact > 0 {
				// A clause of its own, not a higher boost: the disjunction
				// scales a document's score by the share of clauses it
				// matches, as it did when this was a separate field.
				eq := bleve.NewTermQuery(stem)
				eq.SetField(fText)
				eq.SetBoost(exact)
				should = append(should, eq)
			}
			if fuzzy && utf8.RuneCountInString(stem) >= 5 {
				fq := bleve.NewFuzzyQuery(stem)
				fq.SetField(f.name)
				fq.Fuzziness = 1
				if utf8.RuneCountInString(stem) >= 8 {
					fq.Fuzziness = 2
				}
				fq.SetBoost(f.boost * boost * 0.5)
				should = append(should, fq)
			}
		}
		return true
	}
	words := p.words
	if p.phrasesRank() {
		// A copy: appending to p.words could write into the parsed
		// query's spare capacity, which the fuzzy retry parses again.
		words = slices.Clone(p.words)
		for _, ph := range p.phrases {
			words = append(words, strings.Fields(ph)...)
		}
	}
	for wi, w := range words {
		wb := 1.0
		if r, _ := utf8.DecodeRuneInString(w); wi > 0 && unicode.IsUpper(r) {
			wb = nameBoost
		}
		for _, tok := range indonesian.Tokenize(w) {
			if indonesian.IsStopWord(tok) || indonesian.IsStopWord(stems.get(tok)) {
				continue
			}
			stem := stems.get(tok)
			if stem == tok {
				addTerm(stem, wb, formBoost*wb)
			} else if addTerm(stem, wb, 0) {
				tq := bleve.NewTermQuery(tok)
				tq.SetField(fForm)
				tq.SetBoost(formBoost * wb)
				should = append(should, tq)
			}
			if fix, ok := fixes[tok]; ok {
				addTerm(stems.get(fix), 0.7, 0)
			}
			for _, alt := range syn.Expand(tok) {
				toks := indonesian.Tokenize(alt)
				if len(toks) == 1 {
					addTerm(stems.get(toks[0]), 0.8, 0)
					continue
				}
				// A multi-word expansion counts only as the whole phrase:
				// "perangkat daerah", not every "daerah".
				if len(terms) < maxTerms && !seen[alt] {
					seen[alt] = true
					terms = append(terms, alt)
					for _, f := range []string{fTitle, fText} {
						mq := bleve.NewMatchPhraseQuery(alt)
						mq.SetField(f)
						mq.Analyzer = AnalyzerStem
						mq.SetBoost(0.8)
						should = append(should, mq)
					}
				}
			}
		}
	}
	for _, ph := range p.phrases {
		if len(indonesian.Tokenize(ph)) == 0 {
			continue
		}
		var alts []query.Query
		for _, f := range []struct {
			name  string
			boost float64
		}{{fTitle, 3}, {fText, 1.5}} {
			mq := bleve.NewMatchPhraseQuery(ph)
			mq.SetField(f.name)
			mq.Analyzer = AnalyzerStem
			mq.SetBoost(f.boost)
			alts = append(alts, mq)
		}
		// A phrase must occur somewhere: it is a requirement, not a hint.
		should = append(should, bleve.NewDisjunctionQuery(alts...))
		terms = append(terms, ph)
	}
	for _, pre := range p.prefixes {
		var alts []query.Query
		for _, f := range textFields {
			// The prefix is matched against the stems as typed: "layan*"
			// finds layan (pelayanan, melayani) and layanan alike.
			pq := bleve.NewPrefixQuery(pre)
			pq.SetField(f.name)
			pq.SetBoost(f.boost)
			alts = append(alts, pq)
		}
		should = append(should, bleve.NewDisjunctionQuery(alts...))
		terms = append(terms, pre+"*")
	}
	if len(should) == 0 {
		if dropped {
			return textQuery(p, syn, fixes, nil)
		}
		return nil, nil
	}
	q := bleve.NewDisjunctionQuery(should...)
	var result query.Query = q
	if len(p.phrases) > 0 || len(p.excluded) > 0 {
		b := bleve.NewBooleanQuery()
		b.AddShould(q)
		for _, ph := range p.phrases {
			var alts []query.Query
			for _, f := range []string{fTitle, fText} {
				mq := bleve.NewMatchPhraseQuery(ph)
				mq.SetField(f)
				mq.Analyzer = AnalyzerStem
				alts = append(alts, mq)
			}
			if !p.phrasesRank() {
				b.AddMust(bleve.NewDisjunctionQuery(alts...))
			}
		}
		for _, ex := range p.excluded {
			for _, tok := range indonesian.Tokenize(ex) {
				for _, f := range textFields {
					tq := bleve.NewTermQuery(stems.get(tok))
					tq.SetField(f.name)
					b.AddMustNot(tq)
				}
			}
		}
		if len(p.words) == 0 && len(p.prefixes) == 0 && len(p.phrases) == 0 {
			return nil, nil
		}
		result = b
	}
	return result, terms
}

// visibilityQuery is the bleve twin of store.visibilitySQL and
// km.Visibility.Allows (TestVisibilityMatchesStore pins all three together).
func visibilityQuery(v km.Visibility) query.Query {
	open := readPublic
	if v.Authenticated {
		open = readInternal
	}
	either := []query.Query{term(fReaders, open)}
	if len(v.AgencyScopes) > 0 {
		either = append(either, bleve.NewConjunctionQuery(term(fReaders, readAgency), anyTerm(fAncestors, v.AgencyScopes...)))
	}
	if v.Authenticated {
		if v.UserID > 0 {
			either = append(either, term(fCreator, strconv.FormatInt(v.UserID, 10)))
		}
		if len(v.ReviewScopes) > 0 {
			either = append(either, anyTerm(fAncestors, v.ReviewScopes...))
		}
		if len(v.DraftScopes) > 0 {
			either = append(either, bleve.NewConjunctionQuery(term(fReaders, readDraft), anyTerm(fAncestors, v.DraftScopes...)))
		}
	}
	if len(either) == 1 {
		// The public's filter: one term, skipped through as a bitmap.
		return either[0]
	}
	return bleve.NewDisjunctionQuery(either...)
}

// publicByExclusion reports whether the public's access rule is cheaper
// applied as "not hidden" than as "public": when fewer documents are
// hidden from the public than open to it.
func (ix *Index) publicByExclusion(v km.Visibility) bool {
	if v.Authenticated || len(v.AgencyScopes) > 0 {
		return false
	}
	return ix.termCount(fReaders, readHidden) < ix.termCount(fReaders, readPublic)
}

// corrections maps each query word that is not in the index to the most
// frequent indexed word within one edit (two from seven letters) that
// starts with the same letter; words that are known or have no close
// neighbour are left out.
func (ix *Index) corrections(p parsed) map[string]string {
	fixes := map[string]string{}
	for _, w := range p.words {
		toks := indonesian.Tokenize(w)
		if len(toks) != 1 || utf8.RuneCountInString(toks[0]) < 4 || indonesian.IsStopWord(toks[0]) {
			continue
		}
		tok := toks[0]
		if ix.known(tok) {
			continue
		}
		if best := ix.closest(tok); best != "" {
			fixes[tok] = best
		}
	}
	return fixes
}

// known reports whether a word occurs in the index: its stem in the text,
// or the word itself among the affixed forms.
func (ix *Index) known(tok string) bool {
	return ix.termCount(fText, stems.get(tok)) > 0 || ix.termCount(fForm, tok) > 0
}

// closest is the most frequent word in the index, as a stem (roots, names)
// or an affixed form, within the edit limit of tok.
func (ix *Index) closest(tok string) string {
	limit := 2
	if utf8.RuneCountInString(tok) < 7 {
		limit = 1
	}
	best, bestCount := "", 0
	near := func(t string) bool { return levenshtein(tok, t, limit) <= limit }
	consider := func(t string, count int) {
		if count > bestCount || (count == bestCount && t < best) {
			best, bestCount = t, count
		}
	}
	ix.idx.termsWithPrefix(fText, tok[:1], near, consider)
	ix.idx.termsWithPrefix(fForm, tok[:1], near, consider)
	return best
}

// suggestion is the query with misspelt words corrected ("did you mean");
// empty when nothing changes.
func suggestion(p parsed, fixes map[string]string) string {
	changed := false
	out := make([]string, 0, len(p.words))
	for _, w := range p.words {
		toks := indonesian.Tokenize(w)
		if len(toks) == 1 && fixes[toks[0]] != "" {
			out = append(out, fixes[toks[0]])
			changed = true
		} else {
			out = append(out, w)
		}
	}
	if !changed {
		return ""
	}
	for _, ph := range p.phrases {
		out = append(out, `"`+ph+`"`)
	}
	return strings.Join(out, " ")
}

// commonShare is the share of documents above which a query term is left
// out of the scored query. Such a term adds little to BM25 (its idf is near
// zero: ln 2 at one half, against 11 for a rare term in 100,000 documents)
// yet makes the query walk most of the index; dropping it is the classic
// stop-word-by-frequency pruning. Measured with bench/searchload and
// bench/searcheval.
const commonShare = 0.2

// commonTerms returns a check for stems found in more than commonShare of
// the documents, for indexes large enough for that to matter.
func (ix *Index) commonTerms() func(string) bool {
	n, err := ix.idx.DocCount()
	if err != nil || n < 20000 {
		return nil
	}
	limit := int(float64(n) * commonShare)
	return func(stem string) bool { return ix.termCount(fText, stem) > limit }
}

func (ix *Index) termCount(field, t string) int { return ix.idx.termCount(field, t) }

// levenshtein is the edit distance of a and b, or limit+1 once it is
// certain to exceed limit (which keeps scanning a dictionary cheap).
func levenshtein(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
