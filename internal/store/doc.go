// Package store persists Lumbung's domain in SQL: SQLite (modernc.org/sqlite,
// no cgo) by default, PostgreSQL (pgx) at scale. The SQL is hand-written with
// $n placeholders, which both drivers bind by number, so one statement serves
// both dialects; the few differences live in dialect.go. Migrations for each
// dialect are embedded and applied on Open.
package store
