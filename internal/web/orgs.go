package web

import (
	"net/http"
	"sort"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// orgNode is an organisation with its sub-units, for the tree.
type orgNode struct {
	Org      km.Org
	Children []*orgNode
	// ShowDemo marks the top of a demonstration subtree; repeating the
	// badge on every unit below it would only be noise.
	ShowDemo bool
}

// buildTree nests orgs (in path order) under their parents.
func buildTree(orgs []km.Org) []*orgNode {
	byID := map[int64]*orgNode{}
	var roots []*orgNode
	for _, o := range orgs {
		n := &orgNode{Org: o, ShowDemo: o.Demo}
		byID[o.ID] = n
		if parent, ok := byID[o.ParentID]; ok && o.ParentID != 0 {
			parent.Children = append(parent.Children, n)
			n.ShowDemo = o.Demo && !parent.Org.Demo
		} else {
			roots = append(roots, n)
		}
	}
	// Paths sort as text ("/1/10/" before "/1/2/"); ids keep the order in
	// which the organisations were set up, which is the official one.
	for _, n := range byID {
		sort.Slice(n.Children, func(i, j int) bool { return n.Children[i].Org.ID < n.Children[j].Org.ID })
	}
	return roots
}

type treeData struct {
	Roots []*orgNode
	Count int
	Demo  bool
}

func (w *Web) orgTree(rw http.ResponseWriter, r *http.Request) {
	orgs, err := w.App.Store.Orgs(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := treeData{Roots: buildTree(orgs), Count: len(orgs)}
	for _, o := range orgs {
		d.Demo = d.Demo || o.Demo
	}
	w.render(rw, r, http.StatusOK, "orgs", w.newView(r, "orgs", d))
}

type orgData struct {
	Org       km.Org
	Ancestors []km.Org
	Children  []km.Org
	SubCount  int // every organisation below, not only the direct ones
	List      listData
	// Adoptions of its practices by others, and its adoptions of others'.
	Given, Received []km.Adoption
}

func (w *Web) orgPage(rw http.ResponseWriter, r *http.Request) {
	orgs, err := w.App.Store.Orgs(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	code := r.PathValue("code")
	var d orgData
	found := false
	for _, o := range orgs {
		if o.Code == code {
			d.Org, found = o, true
		}
	}
	if !found {
		w.fail(rw, r, km.ErrNotFound)
		return
	}
	byID := map[int64]km.Org{}
	for _, o := range orgs {
		byID[o.ID] = o
	}
	for id := d.Org.ParentID; id != 0; {
		p, ok := byID[id]
		if !ok {
			break
		}
		d.Ancestors = append([]km.Org{p}, d.Ancestors...)
		id = p.ParentID
	}
	for _, o := range orgs {
		if o.ParentID == d.Org.ID {
			d.Children = append(d.Children, o)
		}
		if o.ID != d.Org.ID && strings.HasPrefix(o.Path, d.Org.Path) {
			d.SubCount++
		}
	}
	sort.Slice(d.Children, func(i, j int) bool { return d.Children[i].ID < d.Children[j].ID })
	actor := auth.Actor(r)
	page := pageParam(r)
	items, total, err := w.App.Practices(r.Context(), actor, store.PracticeFilter{
		OrgPath: d.Org.Path, Status: km.StatusPublished, Limit: pageSize, Offset: (page - 1) * pageSize})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if d.Given, d.Received, err = w.App.AgencyAdoptions(r.Context(), actor, d.Org.Path); err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	d.List = listData{Items: items, Pager: newPager(r, page, total), Empty: i18n.T(lang, "web.org.empty"), Today: app.Today()}
	v := w.newView(r, "orgs", d)
	v.announce(feedLink{Title: i18n.T(lang, "feed.title.org", d.Org.Name), URL: orgFeedURL(d.Org.Code)})
	w.render(rw, r, http.StatusOK, "org", v)
}
