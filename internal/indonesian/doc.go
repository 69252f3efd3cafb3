// Package indonesian owns the language side of Indonesian search: the
// root-word lexicon shipped with the binary (generated from hunspell-id, see
// LEXICON.md), a dictionary-checked confix-stripping stemmer in the
// Nazief–Adriani / Enhanced Confix Stripping family, a tokenizer that keeps
// reduplications and acronyms whole (and splits numbers at their
// separators, so that 10,23 and 10, 23 meet), the stop-word list,
// and StemLines, the streaming word→root converter behind `lumbung stem`.
//
// It has no I/O of its own beyond readers and writers handed to it, and no
// dependency outside the standard library: the bleve analyzer in
// internal/search wraps it.
package indonesian
