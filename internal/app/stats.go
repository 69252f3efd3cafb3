package app

import (
	"context"
	"errors"
	"time"

	"lumbung/internal/km"
)

// ReadershipTarget is the programme's target: knowledge used by at least
// half of each agency's staff.
const ReadershipTarget = 0.5

// AgencyReadership is one agency's readers against its headcount.
type AgencyReadership struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Headcount int      `json:"headcount"`
	Readers   int      `json:"readers"`
	Share     *float64 `json:"share"` // readers ÷ headcount; null when the headcount is 0
}

// Readership is the report of GET /api/v1/stats/readership.
type Readership struct {
	From          string             `json:"from"`
	To            string             `json:"to"`
	Organisations []AgencyReadership `json:"organisations"`
}

// Readership reports, for every OPD under the root (or under org), how
// many distinct signed-in people of the agency and its units read at
// least one published practice from one day to another (YYYY-MM-DD, WIB,
// inclusive), against its headcount. Leaders, the secretariat and admins
// over the root see every agency; a coordinator sees the agencies they
// coordinate; anyone else is refused.
func (a *App) Readership(ctx context.Context, actor Actor, from, to, org string) (Readership, error) {
	var v km.ValidationError
	f, ferr := time.Parse(time.DateOnly, from)
	t, terr := time.Parse(time.DateOnly, to)
	switch {
	case ferr != nil:
		v.Add("from", "invalid_date")
	case terr != nil:
		v.Add("to", "invalid_date")
	case t.Before(f):
		v.Add("to", "stats.to_before_from")
	case t.Sub(f) > 3*366*24*time.Hour:
		v.Add("to", "stats.period_too_long")
	}
	if err := v.Err(); err != nil {
		return Readership{}, err
	}
	if actor.User == nil || actor.User.ID == 0 && !actor.isSystem() {
		return Readership{}, km.ErrUnauthorized
	}
	root, err := a.Store.OrgByCode(ctx, km.RootOrgCode)
	if err != nil {
		return Readership{}, err
	}
	under := root
	if org != "" {
		if under, err = a.Store.OrgByCode(ctx, org); errors.Is(err, km.ErrNotFound) {
			return Readership{}, &km.ValidationError{Fields: map[string]string{"org": "unknown_org"}}
		} else if err != nil {
			return Readership{}, err
		}
	}
	all := actor.User.Has(km.RoleLeader, root.Path) || actor.User.Has(km.RoleSecretariat, root.Path) || actor.User.Has(km.RoleAdmin, root.Path)
	rows, err := a.Store.Readership(ctx, under.Path, from, to)
	if err != nil {
		return Readership{}, err
	}
	out := Readership{From: from, To: to, Organisations: []AgencyReadership{}}
	for _, r := range rows {
		if !all && !actor.User.Has(km.RoleCoordinator, r.Path) && !actor.User.Has(km.RoleLeader, r.Path) {
			continue
		}
		x := AgencyReadership{Code: r.Code, Name: r.Name, Headcount: r.Headcount, Readers: r.Readers}
		if r.Headcount > 0 {
			share := float64(r.Readers) / float64(r.Headcount)
			x.Share = &share
		}
		out.Organisations = append(out.Organisations, x)
	}
	if !all && len(out.Organisations) == 0 {
		return Readership{}, km.ErrForbidden
	}
	return out, nil
}
