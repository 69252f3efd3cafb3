package km

import (
	"net/mail"
	"strings"
)

// Role is what a person may do within an organisation and its subtree.
type Role string

// Roles, from the narrowest to the widest.
const (
	RoleContributor Role = "contributor" // writes practices for their agency
	RoleCoordinator Role = "coordinator" // reviews and publishes their agency's practices
	RoleSecretariat Role = "secretariat" // runs the KM Award
	RoleJuror       Role = "juror"       // scores award entries
	RoleLeader      Role = "leader"      // reads dashboards and everything in scope
	RoleAdmin       Role = "admin"       // everything in scope, plus users and settings
)

// Roles lists every role in display order.
var Roles = []Role{RoleContributor, RoleCoordinator, RoleSecretariat, RoleJuror, RoleLeader, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Grant gives a user a role over an organisation and its subtree.
type Grant struct {
	Role    Role
	OrgID   int64
	OrgPath string
	OrgCode string
}

// User is a person with an account.
type User struct {
	ID       int64
	Email    string
	Name     string
	OrgID    int64
	OrgPath  string
	OrgCode  string
	Grants   []Grant
	Disabled bool
	Demo     bool
}

// NormalizeEmail lowercases and trims an address for storage and lookup.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// Validate checks a new user's own fields.
func (u *User) Validate() error {
	var v ValidationError
	u.Email = NormalizeEmail(u.Email)
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		v.Add("email", "invalid_email")
	}
	u.Name = strings.TrimSpace(u.Name)
	if u.Name == "" {
		v.Add("name", "required")
	} else if len(u.Name) > 200 {
		v.Add("name", "too_long")
	}
	return v.Err()
}

// Has reports whether u holds role r (or admin) over the organisation at path.
func (u *User) Has(r Role, path string) bool {
	if u == nil {
		return false
	}
	for _, g := range u.Grants {
		if (g.Role == r || g.Role == RoleAdmin) && Contains(g.OrgPath, path) {
			return true
		}
	}
	return false
}

// HasRole reports whether u holds role r anywhere.
func (u *User) HasRole(r Role) bool {
	if u == nil {
		return false
	}
	for _, g := range u.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// IsAdmin reports whether u is an admin anywhere.
func (u *User) IsAdmin() bool { return u.HasRole(RoleAdmin) }

// scopes returns the org paths over which u holds any of roles (admin always counts).
func (u *User) scopes(roles ...Role) []string {
	if u == nil {
		return nil
	}
	var out []string
	for _, g := range u.Grants {
		ok := g.Role == RoleAdmin
		for _, r := range roles {
			ok = ok || g.Role == r
		}
		if ok {
			out = append(out, g.OrgPath)
		}
	}
	return out
}

// ReviewScopes are the subtrees whose practices u reviews and publishes.
func (u *User) ReviewScopes() []string { return u.scopes(RoleCoordinator) }
