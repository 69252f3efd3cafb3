// Package app holds Lumbung's use cases: each one checks who may act, applies
// the domain rules, writes through the store in one transaction and records
// an audit event in that same transaction. The web pages, the JSON API and
// the command line are thin edges over it.
package app
