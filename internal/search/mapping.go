package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion names the index layout. Opening an index built with
// another version asks for a rebuild rather than returning wrong results.
const MappingVersion = "lumbung-practices-v1"

// Field names in the index.
const (
	fTitle     = "title"
	fSummary   = "summary"
	fBody      = "body"
	fContent   = "content" // problem, actions, results, replication
	fLessons   = "lessons"
	fTags      = "tags"
	fAttach    = "attachments"
	fRaw       = "raw" // unstemmed title and summary, for suggestions
	fOrg       = "org"
	fAgency    = "agency"
	fAncestors = "ancestors"
	fKind      = "kind"
	fAffair    = "affair"
	fYear      = "year"
	fStatus    = "status"
	fAccess    = "access"
	fCreator   = "creator"
)

// textFields are searched for the words of a query, with their weights.
var textFields = []struct {
	name  string
	boost float64
}{
	{fTitle, 2.0}, {fSummary, 1.5}, {fBody, 1.0}, {fContent, 1.0}, {fLessons, 1.0}, {fTags, 1.5}, {fAttach, 0.6},
}

// newMapping is the explicit mapping: no dynamic fields, no _all field,
// BM25 scoring, term vectors only where highlights are shown.
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
		f.DocValues = true // facets
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fTitle, text(true, true))
	doc.AddFieldMappingsAt(fSummary, text(true, true))
	doc.AddFieldMappingsAt(fBody, text(true, true))
	doc.AddFieldMappingsAt(fContent, text(false, false))
	doc.AddFieldMappingsAt(fLessons, text(false, false))
	doc.AddFieldMappingsAt(fTags, text(false, false))
	doc.AddFieldMappingsAt(fAttach, text(false, false))
	raw := text(false, false)
	raw.Analyzer = AnalyzerRaw
	doc.AddFieldMappingsAt(fRaw, raw)
	for _, k := range []string{fOrg, fAgency, fAncestors, fKind, fAffair, fYear, fStatus, fAccess, fCreator} {
		doc.AddFieldMappingsAt(k, keyword())
	}
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = AnalyzerStem
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m
}
