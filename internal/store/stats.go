package store

import (
	"context"
	"database/sql"
	"fmt"
)

// OrgReaders is one agency's readership in a period.
type OrgReaders struct {
	Code, Name, Path string
	Headcount        int
	Readers          int
}

// Readership counts, for every OPD at or below the organisation at
// under, the distinct people who read a published practice between the
// days from and to (YYYY-MM-DD in WIB, inclusive) while they belonged to
// it or one of its units. Sorted by name.
func (s *Store) Readership(ctx context.Context, under, from, to string) ([]OrgReaders, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT o.code, o.name, o.path, o.headcount, COUNT(DISTINCT r.user_id)
		FROM organisations o
		LEFT JOIN daily_readers r ON r.day >= $2 AND r.day <= $3 AND r.org_path LIKE o.path || '%'
		WHERE o.kind = 'opd' AND o.path LIKE $1 || '%'
		GROUP BY o.id, o.code, o.name, o.path, o.headcount
		ORDER BY o.name, o.code`, under, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: readership: %w", err)
	}
	defer rows.Close()
	var out []OrgReaders
	for rows.Next() {
		var o OrgReaders
		var n sql.NullInt64
		if err := rows.Scan(&o.Code, &o.Name, &o.Path, &o.Headcount, &n); err != nil {
			return nil, fmt.Errorf("store: readership: %w", err)
		}
		o.Readers = int(n.Int64)
		out = append(out, o)
	}
	return out, rows.Err()
}
