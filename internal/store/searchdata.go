package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// LogQuery records a search for analytics, with the organisation path of
// the person who searched ("" for the public).
func (s *Store) LogQuery(ctx context.Context, query, norm string, results int, userID int64, orgPath, surface string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO search_queries (at, query, norm, results, user_id, org_path, surface) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		Now(ctx), query, norm, results, userID, orgPath, surface)
	if err != nil {
		return fmt.Errorf("store: log query: %w", err)
	}
	return nil
}

// QueryStat is how often a (normalised) query was asked in a period.
type QueryStat struct {
	Query    string // the most recent spelling
	Count    int
	Zero     int // how many of those found nothing
	LastSeen time.Time
}

// TopQueries lists the most frequent queries in [from, to); with zeroOnly,
// only queries that found nothing (what knowledge is missing). scopes, when
// not nil, keeps the queries of people in those organisation subtrees.
func (s *Store) TopQueries(ctx context.Context, from, to time.Time, zeroOnly bool, limit int, scopes []string) ([]QueryStat, error) {
	args := []any{from.UTC(), to.UTC(), limit}
	cond := ""
	if zeroOnly {
		cond = " AND results = 0"
	}
	if scopes != nil {
		parts := []string{"FALSE"}
		for _, sc := range scopes {
			if sc == "" {
				continue
			}
			args = append(args, sc+"%")
			parts = append(parts, fmt.Sprintf("org_path LIKE $%d", len(args)))
		}
		cond += " AND (" + strings.Join(parts, " OR ") + ")"
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT norm, MAX(query), COUNT(*), SUM(CASE WHEN results = 0 THEN 1 ELSE 0 END), MAX(at)
		FROM search_queries WHERE at >= $1 AND at < $2`+cond+` GROUP BY norm ORDER BY COUNT(*) DESC, norm LIMIT $3`,
		args...)
	if err != nil {
		return nil, fmt.Errorf("store: top queries: %w", err)
	}
	defer rows.Close()
	var out []QueryStat
	for rows.Next() {
		var q QueryStat
		var norm string
		var last any
		if err := rows.Scan(&norm, &q.Query, &q.Count, &q.Zero, &last); err != nil {
			return nil, err
		}
		q.LastSeen = asTime(last)
		out = append(out, q)
	}
	return out, rows.Err()
}

// asTime reads an aggregate of a time column: PostgreSQL gives a time,
// SQLite the stored text.
func asTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano} {
			if p, err := time.Parse(layout, t); err == nil {
				return p
			}
		}
	}
	return time.Time{}
}

// LexiconWords lists the root words admins added.
func (s *Store) LexiconWords(ctx context.Context) ([]string, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT word FROM lexicon_words ORDER BY word`)
	if err != nil {
		return nil, fmt.Errorf("store: lexicon words: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// AddLexiconWord records a root word; adding it twice is harmless.
func (t *Tx) AddLexiconWord(word string, by int64) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO lexicon_words (word, added_by, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		word, by, Now(t.ctx))
	return translate(err)
}

// RemoveLexiconWord deletes an admin's root word; ErrNotFound when there is
// none.
func (t *Tx) RemoveLexiconWord(word string) error {
	res, err := t.tx.ExecContext(t.ctx, `DELETE FROM lexicon_words WHERE word = $1`, word)
	if err != nil {
		return translate(err)
	}
	return mustAffect(res)
}

// Synonyms returns the admin-defined expansions: term → equivalent terms.
func (s *Store) Synonyms(ctx context.Context) (map[string][]string, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT term, expands FROM synonyms ORDER BY term`)
	if err != nil {
		return nil, fmt.Errorf("store: synonyms: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var term, exp string
		if err := rows.Scan(&term, &exp); err != nil {
			return nil, err
		}
		out[term] = strings.Split(exp, ",")
	}
	return out, rows.Err()
}

// SetSynonym defines (or replaces) a term's expansions; none removes it.
func (t *Tx) SetSynonym(term string, expands []string, by int64) error {
	if len(expands) == 0 {
		_, err := t.tx.ExecContext(t.ctx, `DELETE FROM synonyms WHERE term = $1`, term)
		return err
	}
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO synonyms (term, expands, added_by, added_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (term) DO UPDATE SET expands = excluded.expands, added_by = excluded.added_by, added_at = excluded.added_at`,
		term, strings.Join(expands, ","), by, Now(t.ctx))
	return translate(err)
}
