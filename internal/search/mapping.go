package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	"lumbung/internal/indonesian"
)

// MappingVersion names the index layout. Opening an index built with
// another version asks for a rebuild rather than returning wrong results.
const MappingVersion = "lumbung-practices-v7"

// indexVersion is what an index records and is checked against when
// opened: the mapping and the stemmer that produced its terms, with the
// root words admins added.
func indexVersion() string {
	v := MappingVersion + "+" + indonesian.Version()
	if a := adminWordsVersion(); a != "" {
		v += "+" + a
	}
	return v
}

// Field names in the index.
const (
	fTitle     = "title"
	fText      = "text" // summary, body, problem, actions, results, replication, lessons, attachments, questions and accepted answers
	fTags      = "tags"
	fLead      = "lead" // the body's first dozen words
	fForm      = "form" // affixed words of the title, summary and body as written: exact-form matches
	fOrg       = "org"
	fAgency    = "agency"
	fAncestors = "ancestors"
	fKind      = "kind"
	fAffair    = "affair"
	fYear      = "year"
	fStatus    = "status"
	fAccess    = "access"
	fCreator   = "creator"
	fReaders   = "readers" // who may read it, as the access filter asks (see readers)
	// fSeq is the practice id zero-padded to a fixed width, so that its
	// terms sort in number order: a listing without query words is sorted
	// on it, newest first (the document id, a string, put 10 before 9).
	fSeq = "seq"
	// fFacets holds every facet value of a document as "field=value", in
	// one doc-values column: counting facets visits each hit once instead
	// of once per facet field (at 100,000 practices: query with facets p50
	// 10.2 → 8.1 ms, against 2.6 ms without facets).
	fFacets = "facets"
)

// facetFields are the fields whose values are counted for facets.
var facetFields = []string{fAgency, fKind, fAffair, fYear, fStatus}

// textFields are searched for the words of a query, with their weights.
var textFields = []struct {
	name  string
	boost float64
}{
	{fTitle, 2.0}, {fText, 1.0}, {fTags, 1.5},
	// The opening words of a text usually name its subject; a slight weight
	// on them (bench/searcheval: 0.1 helps both collections, 0.3 and more
	// start to hurt the news one).
	{fLead, 0.1},
}

const (
	// formBoost weighs a match of the word as typed (unstemmed) on top of
	// its stem's match, so exact forms rank above mere relatives.
	formBoost = 2.0
	// nameBoost weighs capitalised words after the first (names, places,
	// acronyms: "Pasar Minggu", "QRIS"), which carry most of a question.
	nameBoost = 1.5
)

func init() {
	// BM25 with less length normalisation than the usual b = 0.75: practice
	// documents and passages vary in length mostly by how much context they
	// give, not by how diluted the topic is. Measured with
	// bench/searcheval: b = 0.3 beats 0.75 on both development collections.
	bsearch.BM25_b = 0.3
	// bleve merges the clauses of a disjunction with a heap from 10 of
	// them, a linear scan below. A query here has 5 clauses per word (the
	// text fields and the exact form), so most have 15–40; the scan over
	// that many is cheaper than the heap's bookkeeping: at a million
	// practices p99 fell from 97–101 ms to 77–89 ms (bench/searchload,
	// takeover 10 against 32, 64 and 128, same index, same run).
	searcher.DisjunctionHeapTakeover = 64
}

// newMapping is the explicit mapping: no dynamic fields, no _all field,
// BM25 scoring, term vectors only where phrases are matched.
func newMapping() mapping.IndexMapping {
	text := func(store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = AnalyzerStem
		f.Store = store
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	// Positions (term vectors) only where phrases are matched; nothing is
	// stored: snippets are cut from the database's text (Highlight), which
	// keeps the index small and indexing fast.
	doc.AddFieldMappingsAt(fTitle, text(false, true))
	doc.AddFieldMappingsAt(fText, text(false, true))
	doc.AddFieldMappingsAt(fTags, text(false, false))
	doc.AddFieldMappingsAt(fLead, text(false, false))
	form := text(false, false)
	form.Analyzer = AnalyzerForm
	doc.AddFieldMappingsAt(fForm, form)
	for _, k := range []string{fOrg, fAgency, fAncestors, fKind, fAffair, fYear, fStatus, fAccess, fCreator, fReaders} {
		doc.AddFieldMappingsAt(k, keyword())
	}
	facets := keyword()
	facets.DocValues = true
	doc.AddFieldMappingsAt(fFacets, facets)
	seq := keyword()
	seq.DocValues = true
	doc.AddFieldMappingsAt(fSeq, seq)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = AnalyzerStem
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m
}
