// Package storetest opens a fresh, migrated store for a test: SQLite in a
// temporary directory, or, when LUMBUNG_TEST_DATABASE_URL is set, a schema
// of its own in that PostgreSQL database, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"lumbung/internal/store"
)

// EnvURL names the variable that points the tests at PostgreSQL.
const EnvURL = "LUMBUNG_TEST_DATABASE_URL"

// Open returns a migrated store with the root organisation, and a data
// directory for files.
func Open(t testing.TB) (*store.Store, string) {
	t.Helper()
	s, dir, _ := OpenURL(t)
	return s, dir
}

// OpenURL is Open, and also returns the database URL the store was opened
// with ("" on SQLite), for what opens its own connections to the same
// database (the job queue).
func OpenURL(t testing.TB) (*store.Store, string, string) {
	t.Helper()
	dir := t.TempDir()
	dbURL := SchemaURL(t)
	s, err := store.Open(context.Background(), dbURL, dir)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.EnsureRoot(context.Background()); err != nil {
		t.Fatalf("ensure root: %v", err)
	}
	return s, dir, dbURL
}

// SchemaURL returns "" (use SQLite) or a PostgreSQL URL whose search_path is
// a new schema that is dropped when t ends.
func SchemaURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		return ""
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres url: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Dialect says which database the tests run on, for log lines.
func Dialect() string {
	if os.Getenv(EnvURL) != "" {
		return "postgres"
	}
	return "sqlite"
}
