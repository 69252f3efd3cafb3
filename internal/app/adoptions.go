package app

import (
	"context"
	"errors"
	"fmt"

	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// ErrAdoptionExists refuses a second active adoption of a practice by one
// organisation (a 409); it is a km.ErrConflict.
var ErrAdoptionExists = fmt.Errorf("%w: the organisation already adopts this practice", km.ErrConflict)

// AdoptionInput is what a coordinator records when the agency adopts a
// practice.
type AdoptionInput struct {
	OrgCode           string
	Status            km.AdoptionStatus
	Started           string
	Adapted           string
	Reason            string
	Regulation        string
	DerivedPracticeID int64
	Metrics           []km.Metric
}

// AdoptionPatch changes some of an adoption's fields; nil ones stay.
type AdoptionPatch struct {
	Status            *km.AdoptionStatus
	Started           *string
	Adapted           *string
	Reason            *string
	Regulation        *string
	DerivedPracticeID *int64
	Metrics           *[]km.Metric
}

// Adoptions lists the adoptions of a practice the actor may read.
func (a *App) Adoptions(ctx context.Context, actor Actor, practiceID int64) ([]km.Adoption, error) {
	if _, err := a.Practice(ctx, actor, practiceID); err != nil {
		return nil, err
	}
	as, err := a.Store.AdoptionsOf(ctx, practiceID)
	if err != nil {
		return nil, err
	}
	return as, a.hideDerived(ctx, actor, as)
}

// hideDerived leaves out the derived practices the actor may not read, so
// that an adoption does not tell the title (or the existence) of an
// agency's restricted practice.
func (a *App) hideDerived(ctx context.Context, actor Actor, as []km.Adoption) error {
	var ids []int64
	for _, ad := range as {
		if ad.DerivedPracticeID != 0 {
			ids = append(ids, ad.DerivedPracticeID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	ps, err := a.Store.PracticesByID(ctx, ids)
	if err != nil {
		return err
	}
	vis := actor.visibility()
	ok := map[int64]bool{}
	for i := range ps {
		ok[ps[i].ID] = vis.Allows(&ps[i])
	}
	for i := range as {
		if as[i].DerivedPracticeID != 0 && !ok[as[i].DerivedPracticeID] {
			as[i].DerivedPracticeID, as[i].DerivedTitle = 0, ""
		}
	}
	return nil
}

// Adoption returns an adoption whose source practice the actor may read;
// another is not found, so that neither leaks.
func (a *App) Adoption(ctx context.Context, actor Actor, id int64) (km.Adoption, error) {
	ad, err := a.Store.Adoption(ctx, id)
	if err != nil {
		return ad, err
	}
	if !actor.visibility().Allows(&ad.Source) {
		return km.Adoption{}, km.ErrNotFound
	}
	as := []km.Adoption{ad}
	err = a.hideDerived(ctx, actor, as)
	return as[0], err
}

// CanManageAdoption reports whether the actor may change ad.
func (a *App) CanManageAdoption(actor Actor, ad km.Adoption) bool {
	return km.CanManageAdoption(actor.User, ad.OrgPath)
}

// AdoptingOrgs lists the organisations the actor may record an adoption of
// p for: those it coordinates (or administers), outside p's agency.
func (a *App) AdoptingOrgs(ctx context.Context, actor Actor, p km.Practice) ([]km.Org, error) {
	if actor.User == nil || p.Status != km.StatusPublished {
		return nil, nil
	}
	orgs, err := a.Store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []km.Org
	for _, o := range orgs {
		if km.CanManageAdoption(actor.User, o.Path) && !km.SameAgency(o.Path, p.OrgPath) {
			out = append(out, o)
		}
	}
	return out, nil
}

// CreateAdoption records that an organisation adopts a published practice
// of another agency. Its coordinators (or admins over it) may; the source
// must be published and readable by the actor; one organisation holds one
// active adoption of a practice.
func (a *App) CreateAdoption(ctx context.Context, actor Actor, practiceID int64, in AdoptionInput) (km.Adoption, error) {
	if actor.User == nil {
		return km.Adoption{}, km.ErrUnauthorized
	}
	ad := km.Adoption{PracticeID: practiceID, Status: in.Status, Started: in.Started, Adapted: in.Adapted, Reason: in.Reason,
		Regulation: in.Regulation, DerivedPracticeID: in.DerivedPracticeID, Metrics: in.Metrics, CreatedBy: actor.User.ID}
	if ad.Metrics == nil {
		ad.Metrics = []km.Metric{}
	}
	ad.Normalize()
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		src, err := tx.Practice(practiceID)
		if err != nil {
			return err
		}
		vis := actor.visibility()
		if !vis.Allows(&src) {
			return km.ErrNotFound
		}
		var v km.ValidationError
		if in.OrgCode == "" {
			v.Add("org", "required")
			return &v
		}
		org, err := tx.OrgByCode(in.OrgCode)
		if errors.Is(err, km.ErrNotFound) {
			v.Add("org", "unknown_org")
			return &v
		} else if err != nil {
			return err
		}
		if !km.CanManageAdoption(actor.User, org.Path) {
			return km.ErrForbidden
		}
		ad.OrgID = org.ID
		if err := adoptionRules(tx, vis, &ad, src, org, asValidation(ad.Validate())); err != nil {
			return err
		}
		if err := tx.CreateAdoption(&ad); err != nil {
			if errors.Is(err, km.ErrConflict) {
				return ErrAdoptionExists
			}
			return err
		}
		return tx.Audit(actor.event("adoption.create", "adoption", ad.ID, org.ID, map[string]any{
			"practice": practiceID, "org": org.Code, "status": ad.Status, "started": ad.Started,
			"regulation": ad.Regulation, "reason": ad.Reason, "derived_practice": ad.DerivedPracticeID}))
	})
	if err != nil {
		return km.Adoption{}, err
	}
	return a.Store.Adoption(ctx, ad.ID)
}

// adoptionRules checks what involves other records: the source is
// published and of another agency, and the derived practice is fitting.
func adoptionRules(tx *store.Tx, vis km.Visibility, ad *km.Adoption, src km.Practice, org km.Org, v *km.ValidationError) error {
	if src.Status != km.StatusPublished {
		v.Add("practice", "adoption.not_published")
	}
	if km.SameAgency(org.Path, src.OrgPath) {
		v.Add("org", "adoption.own_agency")
	}
	if err := checkDerived(tx, vis, ad, org.Path, v); err != nil {
		return err
	}
	return v.Err()
}

// checkDerived checks that the derived practice (if any) is one of the
// adopter's agency, other than the source, that the actor may read.
func checkDerived(tx *store.Tx, vis km.Visibility, ad *km.Adoption, orgPath string, v *km.ValidationError) error {
	if ad.DerivedPracticeID < 0 {
		v.Add("derived_practice", "invalid")
		return nil
	}
	if ad.DerivedPracticeID == 0 {
		return nil
	}
	d, err := tx.Practice(ad.DerivedPracticeID)
	switch {
	case errors.Is(err, km.ErrNotFound) || (err == nil && !vis.Allows(&d)):
		v.Add("derived_practice", "adoption.unknown_practice")
	case err != nil:
		return err
	case d.ID == ad.PracticeID || !km.SameAgency(d.OrgPath, orgPath):
		v.Add("derived_practice", "adoption.derived_not_own")
	}
	return nil
}

// UpdateAdoption changes an adoption's status or fields, along the
// lifecycle km.AdoptionCanMove allows. The adopter's coordinators (or
// admins over it) may; others who can read the source are refused, the
// rest are told it does not exist.
func (a *App) UpdateAdoption(ctx context.Context, actor Actor, id int64, p AdoptionPatch) (km.Adoption, error) {
	if actor.User == nil {
		return km.Adoption{}, km.ErrUnauthorized
	}
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		ad, err := tx.Adoption(id)
		if err != nil {
			return err
		}
		vis := actor.visibility()
		if !vis.Allows(&ad.Source) {
			return km.ErrNotFound
		}
		if !km.CanManageAdoption(actor.User, ad.OrgPath) {
			return km.ErrForbidden
		}
		from := ad.Status
		changed := []string{}
		set := func(name string, dst *string, src *string) {
			if src != nil && *src != *dst {
				*dst = *src
				changed = append(changed, name)
			}
		}
		if p.Status != nil && *p.Status != ad.Status {
			ad.Status = *p.Status
			changed = append(changed, "status")
		}
		set("started", &ad.Started, p.Started)
		set("adapted", &ad.Adapted, p.Adapted)
		set("reason", &ad.Reason, p.Reason)
		set("regulation", &ad.Regulation, p.Regulation)
		if p.DerivedPracticeID != nil && *p.DerivedPracticeID != ad.DerivedPracticeID {
			ad.DerivedPracticeID = *p.DerivedPracticeID
			changed = append(changed, "derived_practice")
		}
		if p.Metrics != nil {
			ad.Metrics = *p.Metrics
			if ad.Metrics == nil {
				ad.Metrics = []km.Metric{}
			}
			changed = append(changed, "metrics")
		}
		ad.Normalize() // an empty status would read as planned: refuse it below
		v := asValidation(ad.Validate())
		if p.Status != nil && !p.Status.Valid() {
			v.Add("status", "invalid")
		}
		if ad.Status.Valid() && !km.AdoptionCanMove(from, ad.Status) {
			v.Add("status", "adoption.bad_move")
		}
		if p.DerivedPracticeID != nil {
			if err := checkDerived(tx, vis, &ad, ad.OrgPath, v); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.UpdateAdoption(&ad); err != nil {
			if errors.Is(err, km.ErrConflict) {
				return ErrAdoptionExists
			}
			return err
		}
		return tx.Audit(actor.event("adoption.update", "adoption", ad.ID, ad.OrgID, map[string]any{
			"practice": ad.PracticeID, "org": ad.OrgCode, "from": from, "status": ad.Status, "changed": changed,
			"reason": ad.Reason, "regulation": ad.Regulation}))
	})
	if err != nil {
		return km.Adoption{}, err
	}
	return a.Store.Adoption(ctx, id)
}

// Lineage returns the tree of adoptions a practice belongs to, from its
// earliest readable ancestor down (the practice it derives from, and that
// one's, and so on), and the id of its root. Every walk ends on a cycle.
func (a *App) Lineage(ctx context.Context, actor Actor, practiceID int64) (*km.LineageNode, error) {
	p, err := a.Practice(ctx, actor, practiceID)
	if err != nil {
		return nil, err
	}
	vis := actor.visibility()
	cache := map[int64]*km.Practice{p.ID: &p}
	readable := func(id int64) bool {
		q, ok := cache[id]
		if !ok {
			x, err := a.Store.Practice(ctx, id)
			if err != nil {
				cache[id] = nil
				return false
			}
			q = &x
			cache[id] = q
		}
		return q != nil && vis.Allows(q)
	}
	root := p
	seen := map[int64]bool{p.ID: true}
	for range km.LineageLimit {
		parents, err := a.Store.AdoptionsDeriving(ctx, root.ID)
		if err != nil {
			return nil, err
		}
		moved := false
		for _, ad := range parents {
			if seen[ad.PracticeID] || !readable(ad.PracticeID) {
				continue
			}
			seen[ad.PracticeID] = true
			root, moved = *cache[ad.PracticeID], true
			break
		}
		if !moved {
			break
		}
	}
	node := &km.LineageNode{PracticeID: root.ID, Title: root.Title, OrgName: root.OrgName}
	err = km.BuildLineage(node, func(id int64) ([]km.Adoption, error) { return a.Store.AdoptionsOf(ctx, id) }, readable)
	return node, err
}

// AgencyAdoptions lists, for the organisation at path and its units, the
// adoptions of its practices by others (given) and its adoptions of
// others' practices (received), each only where the actor may read the
// source practice.
func (a *App) AgencyAdoptions(ctx context.Context, actor Actor, path string) (given, received []km.Adoption, err error) {
	vis := actor.visibility()
	keep := func(as []km.Adoption) []km.Adoption {
		var out []km.Adoption
		for _, ad := range as {
			if vis.Allows(&ad.Source) {
				out = append(out, ad)
			}
		}
		return out
	}
	g, err := a.Store.AdoptionsGiven(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	r, err := a.Store.AdoptionsReceived(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	given, received = keep(g), keep(r)
	if err := a.hideDerived(ctx, actor, given); err != nil {
		return nil, nil, err
	}
	return given, received, a.hideDerived(ctx, actor, received)
}

// The validation messages of adoptions, shared by the pages, the API and
// the command line.
func init() {
	i18n.Add("id", map[string]string{
		"adoption.reason_required":     "wajib diisi: sebutkan alasan adopsi dihentikan",
		"adoption.regulation_required": "wajib diisi: sebutkan regulasi yang melembagakannya (mis. nomor Pergub atau SK)",
		"adoption.not_published":       "hanya praktik yang sudah terbit yang dapat diadopsi",
		"adoption.own_agency":          "instansi tidak dapat mengadopsi praktiknya sendiri; pilih organisasi dari instansi lain",
		"adoption.unknown_practice":    "praktik tidak ditemukan",
		"adoption.derived_not_own":     "praktik turunan harus milik instansi pengadopsi sendiri",
		"adoption.bad_move":            "perubahan status ini tidak diizinkan",
		"adoption.org_fixed":           "organisasi pengadopsi tidak dapat diganti; catat adopsi baru untuk organisasi lain",
		"err.adoption_exists":          "Organisasi ini sudah mengadopsi praktik ini dan adopsinya masih aktif.",
	})
	i18n.Add("en", map[string]string{
		"adoption.reason_required":     "is required: say why the adoption stopped",
		"adoption.regulation_required": "is required: name the regulation that made it permanent (e.g. a Pergub or SK number)",
		"adoption.not_published":       "only a published practice can be adopted",
		"adoption.own_agency":          "an agency cannot adopt its own practice; choose an organisation of another agency",
		"adoption.unknown_practice":    "practice not found",
		"adoption.derived_not_own":     "the derived practice must belong to the adopting agency",
		"adoption.bad_move":            "this status change is not allowed",
		"adoption.org_fixed":           "the adopting organisation cannot change; record a new adoption for another one",
		"err.adoption_exists":          "This organisation already adopts this practice and the adoption is still active.",
	})
}
