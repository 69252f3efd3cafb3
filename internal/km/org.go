package km

import (
	"regexp"
	"strconv"
	"strings"
)

// OrgKind places an organisation in the government tree.
type OrgKind string

// The three levels of the tree: a regional government, its agencies and their units.
const (
	OrgPemda OrgKind = "pemda"
	OrgOPD   OrgKind = "opd"
	OrgUnit  OrgKind = "unit"
)

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool { return k == OrgPemda || k == OrgOPD || k == OrgUnit }

// RootOrgCode is the code of the organisation every empty database starts with.
const RootOrgCode = "root"

// Org is an organisation: a pemda, an OPD or a unit under one.
type Org struct {
	ID        int64
	Code      string
	Name      string
	Short     string
	Kind      OrgKind
	ParentID  int64 // 0 for a top-level organisation
	Path      string
	Headcount int
	Demo      bool
}

// Path encodes an organisation's place in the tree as its ancestors' ids and
// its own, "/1/5/23/". A subtree is then a prefix, which both SQL dialects
// match with LIKE and an index.
func OrgPath(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}

// Contains reports whether org path p lies in the subtree rooted at scope.
func Contains(scope, p string) bool { return scope != "" && strings.HasPrefix(p, scope) }

// AgencyPath returns the path of the agency an organisation belongs to: the
// second level of the tree (an OPD under its pemda), or the organisation
// itself when it sits at the top.
func AgencyPath(p string) string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) <= 2 {
		return p
	}
	return "/" + parts[0] + "/" + parts[1] + "/"
}

var orgCodeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// Validate checks an organisation's own fields.
func (o *Org) Validate() error {
	var v ValidationError
	if !orgCodeRE.MatchString(o.Code) {
		v.Add("code", "invalid_code")
	}
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" {
		v.Add("name", "required")
	} else if len(o.Name) > 200 {
		v.Add("name", "too_long")
	}
	if len(o.Short) > 60 {
		v.Add("short", "too_long")
	}
	if !o.Kind.Valid() {
		v.Add("kind", "invalid")
	}
	if o.Headcount < 0 {
		v.Add("headcount", "invalid_number")
	}
	return v.Err()
}

// Label is the short name when there is one.
func (o *Org) Label() string {
	if o.Short != "" {
		return o.Short
	}
	return o.Name
}
