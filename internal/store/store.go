package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"               // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"lumbung/internal/km"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the SQL database behind a Store.
type Dialect string

// The two supported databases.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database. Reads go through rdb; writes go through db, which
// on SQLite is a single connection whose transactions begin IMMEDIATE, so
// writers queue instead of failing with SQLITE_BUSY halfway through.
type Store struct {
	db      *sql.DB
	rdb     *sql.DB
	dialect Dialect
	gen     atomic.Uint64 // committed write transactions in this process
}

// Open connects to PostgreSQL when databaseURL is set, otherwise to SQLite in
// dataDir/lumbung.db, and applies pending migrations.
func Open(ctx context.Context, databaseURL, dataDir string) (*Store, error) {
	var s *Store
	var err error
	if databaseURL != "" {
		s, err = openPostgres(databaseURL)
	} else {
		s, err = openSQLite(dataDir)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func openSQLite(dataDir string) (*Store, error) {
	if dataDir == "" {
		return nil, errors.New("store: no data directory")
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	path := filepath.Join(dataDir, "lumbung.db")
	dsn := sqliteDSN(dataDir)
	wdb, err := sql.Open("sqlite", SQLiteWriterDSN(dataDir))
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetConnMaxIdleTime(0)
	rdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	rdb.SetMaxOpenConns(8)
	// Fail now, with a clear message, if the file cannot be opened.
	if err := wdb.Ping(); err != nil {
		wdb.Close()
		rdb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Store{db: wdb, rdb: rdb, dialect: SQLite}, nil
}

// sqliteDSN is the data source name of dataDir/lumbung.db with the
// pragmas every connection gets.
func sqliteDSN(dataDir string) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	return "file:" + filepath.Join(dataDir, "lumbung.db") + "?" + q.Encode()
}

// SQLiteWriterDSN is the data source name the store's writer uses for the
// SQLite database in dataDir: the same pragmas, and transactions that begin
// IMMEDIATE. A library that writes to the same file from its own pool (the
// job queue) opens it with this, so that it queues behind the store's
// writer instead of failing with SQLITE_BUSY.
func SQLiteWriterDSN(dataDir string) string { return sqliteDSN(dataDir) + "&_txlock=immediate" }

func openPostgres(databaseURL string) (*Store, error) {
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxLifetime(30 * time.Minute)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return &Store{db: db, rdb: db, dialect: Postgres}, nil
}

// Close releases the connections.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.rdb != s.db {
		err = errors.Join(err, s.rdb.Close())
	}
	return err
}

// Dialect says which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB is the writer pool, for libraries that keep their own tables (sessions).
func (s *Store) DB() *sql.DB { return s.db }

// Ping checks the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error { return s.rdb.PingContext(ctx) }

// migrate applies the embedded migrations not yet recorded. On PostgreSQL an
// advisory lock keeps two starting nodes from migrating at once.
func (s *Store) migrate(ctx context.Context) error {
	dir := "migrations/" + string(s.dialect)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return fmt.Errorf("store: read migrations: %w", err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return s.write(ctx, func(tx *sql.Tx) error {
		if s.dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7426348)`); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
			return fmt.Errorf("store: create schema_migrations: %w", err)
		}
		for _, n := range names {
			var x string
			err := tx.QueryRowContext(ctx, `SELECT name FROM schema_migrations WHERE name = $1`, n).Scan(&x)
			if err == nil {
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: check migration %s: %w", n, err)
			}
			body, err := migrations.ReadFile(dir + "/" + n)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("store: migration %s: %w", n, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// write runs fn in a write transaction and commits it when fn returns nil.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", translate(err))
	}
	s.gen.Add(1)
	return nil
}

// Generation counts the write transactions this process has committed, so
// caches of derived pages can tell that something changed.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Tx is a write transaction. Everything a use case changes, including its
// audit event, goes through one Tx so that it lands whole or not at all.
type Tx struct {
	tx  *sql.Tx
	s   *Store
	ctx context.Context
}

// Write runs fn in one write transaction.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	return s.write(ctx, func(tx *sql.Tx) error { return fn(&Tx{tx: tx, s: s, ctx: ctx}) })
}

// SQL is the transaction itself, for a library that writes in it (the job
// queue inserts a job that commits or rolls back with the use case).
func (t *Tx) SQL() *sql.Tx { return t.tx }

// Context is the context the transaction runs under.
func (t *Tx) Context() context.Context { return t.ctx }

// querier is what both a pool and a transaction offer.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// insertID runs an INSERT … RETURNING id.
func insertID(ctx context.Context, q querier, query string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, translate(err)
}

// translate maps driver errors to domain errors: a unique violation is a
// conflict, a foreign-key violation is a missing referent, text PostgreSQL
// cannot hold is an unreadable request (see BadText).
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return km.ErrNotFound
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", km.ErrConflict, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %v", km.ErrNotFound, err)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return fmt.Errorf("%w: %v", km.ErrConflict, err)
		case "23503":
			return fmt.Errorf("%w: %v", km.ErrNotFound, err)
		case pgBadText:
			return fmt.Errorf("%w: %v", km.ErrUnreadable, err)
		}
	}
	return err
}

// pgBadText is PostgreSQL's SQLSTATE for a string its text type cannot
// hold: a NUL character, or bytes that are not UTF-8.
const pgBadText = "22021"

// BadText reports whether err is PostgreSQL refusing such a string, on a
// write or in a lookup (a code typed with %00). The text came from the
// request, so it is the client's mistake, a 400: SQLite stores the same
// text, PostgreSQL cannot, and the statement (its transaction with it) is
// rolled back whole.
func BadText(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == pgBadText
}

// clockKey is the context key of a clock set by WithClock.
type clockKey struct{}

// WithClock returns a context whose writes are stamped by clock instead of
// the wall clock. The demo data uses it to tell a past award edition's
// story with the dates it happened on; nothing else should.
func WithClock(ctx context.Context, clock func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, clock)
}

// Now is the time stamp stored for a write made with ctx: the clock of
// WithClock if ctx has one, the wall clock otherwise; UTC, to the
// microsecond, which both databases keep exactly.
func Now(ctx context.Context) time.Time {
	t := time.Now()
	if clock, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		t = clock()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// Now is the time stamp of this transaction's writes (see Now).
func (t *Tx) Now() time.Time { return Now(t.ctx) }

// Setting reads a key from the settings table; ok is false when absent.
func (s *Store) Setting(ctx context.Context, key string) (value string, ok bool, err error) {
	err = s.rdb.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return value, err == nil, err
}

// SetSetting writes a key in the settings table.
func (t *Tx) SetSetting(key, value string) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
