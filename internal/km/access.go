package km

// Visibility is what one viewer may read, expressed as organisation subtrees
// so that the store can turn it into a WHERE clause and the app can check a
// single practice with the very same rule (Allows).
type Visibility struct {
	UserID        int64
	Authenticated bool
	AgencyScopes  []string // agency-level practices under these paths
	ReviewScopes  []string // restricted practices and every unpublished one
	DraftScopes   []string // unpublished, non-restricted practices
}

// ViewerVisibility derives what u may read; a nil u is the anonymous public.
//
// Published practices: public to anyone, internal to anyone signed in,
// agency to members of the owning agency and to anyone holding a role over
// it, restricted to its creator, coordinators over it and admins.
// Unpublished practices: the creator, contributors and coordinators over
// the owning organisation (restricted ones: the creator and coordinators).
func ViewerVisibility(u *User) Visibility {
	if u == nil {
		return Visibility{}
	}
	v := Visibility{UserID: u.ID, Authenticated: true}
	if u.OrgPath != "" {
		v.AgencyScopes = append(v.AgencyScopes, AgencyPath(u.OrgPath))
	}
	for _, g := range u.Grants {
		v.AgencyScopes = append(v.AgencyScopes, g.OrgPath)
	}
	v.ReviewScopes = u.scopes(RoleCoordinator)
	v.DraftScopes = u.scopes(RoleContributor, RoleCoordinator)
	return v
}

// Allows reports whether the viewer may read p.
func (v Visibility) Allows(p *Practice) bool {
	if v.Authenticated && p.CreatedBy == v.UserID {
		return true
	}
	if anyContains(v.ReviewScopes, p.OrgPath) {
		return true
	}
	if !p.Status.Released() {
		return p.Access != AccessRestricted && anyContains(v.DraftScopes, p.OrgPath)
	}
	switch p.Access {
	case AccessPublic:
		return true
	case AccessInternal:
		return v.Authenticated
	case AccessAgency:
		return anyContains(v.AgencyScopes, p.OrgPath)
	}
	return false
}

func anyContains(scopes []string, p string) bool {
	for _, s := range scopes {
		if Contains(s, p) {
			return true
		}
	}
	return false
}

// CanCreateIn reports whether u may write a practice owned by the
// organisation at path.
func CanCreateIn(u *User, path string) bool {
	return u.Has(RoleContributor, path) || u.Has(RoleCoordinator, path)
}

// CanPublishDirectly reports whether u may create or import a practice that
// is published at once, skipping review.
func CanPublishDirectly(u *User, path string) bool { return u.Has(RoleCoordinator, path) }

// CanEdit reports whether u may change p's content. Coordinators edit any
// practice in their scope that is not archived; contributors edit their
// agency's drafts and returned practices (restricted ones only if theirs).
func CanEdit(u *User, p *Practice) bool {
	if u == nil || p.Status == StatusArchived {
		return false
	}
	if u.Has(RoleCoordinator, p.OrgPath) {
		return true
	}
	if p.Status != StatusDraft && p.Status != StatusReturned {
		return false
	}
	if p.CreatedBy == u.ID {
		return true
	}
	return p.Access != AccessRestricted && u.Has(RoleContributor, p.OrgPath)
}
