// Package search is Lumbung's full-text search: a bleve index over the
// practices with an Indonesian analyzer (package indonesian: tokenizer,
// stop words, confix-stripping stemmer over a root-word lexicon), government
// acronyms and synonyms expanded at query time, BM25 ranking, phrases,
// prefixes, typo tolerance, facets, highlights and "did you mean".
//
// The index is derived data. Each node keeps its own copy current by
// replaying the database's change feed (store.Changes), which writes fill in
// the same transaction as the change; Rebuild makes a fresh copy and swaps
// it in. Access levels are applied inside the query, with the same rule as
// the SQL lists (km.Visibility). A practice's document also holds the text
// of its attachments and of its visible questions with their accepted
// answers, so those words find the practice under its own access rule.
package search
