package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"lumbung/internal/extract"
	"lumbung/internal/indonesian"
	"lumbung/internal/km"
	"lumbung/internal/search"
	"lumbung/internal/store"
)

// ErrNoIndex means the search index is not open on this node.
var ErrNoIndex = errors.New("search index not available")

// SearchQuery is what a person asked the search for.
type SearchQuery struct {
	Text                            string
	Org, Kind, Affair, Year, Status string
	Limit, Offset                   int
	Newest                          bool   // newest first rather than by relevance
	Surface                         string // "web" or "api": recorded with the query for analytics
	// Unlogged keeps the query out of the analytics: a feed reader polling
	// a search feed is not a person searching.
	Unlogged bool
}

// SearchResult is a search's results, loaded for display.
type SearchResult struct {
	search.Result
	Practices map[int64]km.Practice
}

// OpenSearch opens (or creates) this node's index and loads the admins'
// root words and synonyms.
func (a *App) OpenSearch(ctx context.Context, dataDir string) error {
	// The admins' root words first: they are part of the index's version.
	if err := a.LoadRootWords(ctx); err != nil {
		return err
	}
	ix, err := search.Open(dataDir, false)
	if errors.Is(err, search.ErrNeedsRebuild) {
		a.Log.Warn("search index is from another version: rebuilding")
		if ix, err = search.Fresh(dataDir); err == nil {
			_, err = ix.Rebuild(ctx, a.Store, nil)
		}
	}
	if err != nil {
		return err
	}
	syn, err := a.Synonyms(ctx)
	if err != nil {
		ix.Close()
		return err
	}
	a.Index, a.synonyms = ix, syn
	_, err = ix.CatchUp(ctx, a.Store)
	return err
}

// LoadRootWords gives the stemmer the root words admins added. Every
// process that indexes or searches loads them before opening the index, so
// that its stems are the ones the index was built with.
func (a *App) LoadRootWords(ctx context.Context) error {
	words, err := a.Store.LexiconWords(ctx)
	if err != nil {
		return fmt.Errorf("load root words: %w", err)
	}
	search.SetRootWords(words)
	return nil
}

// IndexStale reports whether root words were added since the index in use
// was built (RefreshIndex will rebuild it).
func (a *App) IndexStale() bool {
	return a.Index != nil && a.Index.Stale()
}

// RefreshIndex rebuilds the index when admins have added root words since
// it was built and the last addition is at least settle old (a burst of
// additions costs one rebuild). Searches use the old index until the new
// one is swapped in. It reports whether it rebuilt.
func (a *App) RefreshIndex(ctx context.Context, settle time.Duration) (bool, error) {
	if !a.IndexStale() || time.Since(search.RootWordsChangedAt()) < settle {
		return false, nil
	}
	n, err := a.Index.Rebuild(ctx, a.Store, nil)
	if err != nil {
		return false, fmt.Errorf("rebuild the search index for new root words: %w", err)
	}
	a.Log.Info("search index rebuilt with the admins' root words", "practices", n)
	return true, nil
}

// CatchUpIndex applies the change feed to this node's index.
func (a *App) CatchUpIndex(ctx context.Context) (int, error) {
	if a.Index == nil {
		return 0, ErrNoIndex
	}
	return a.Index.CatchUp(ctx, a.Store)
}

// Search runs a full-text search with the actor's access level applied
// inside the query, and records it for the secretariat's analytics.
func (a *App) Search(ctx context.Context, actor Actor, q SearchQuery) (SearchResult, error) {
	var out SearchResult
	if a.Index == nil {
		return out, ErrNoIndex
	}
	if len(q.Text) > search.MaxQueryBytes {
		return out, &km.ValidationError{Fields: map[string]string{"q": "too_long"}}
	}
	if q.Offset < 0 || q.Offset > search.MaxOffset {
		return out, &km.ValidationError{Fields: map[string]string{"offset": "invalid"}}
	}
	// Read your own writes: apply what changed since the last search.
	if _, err := a.Index.CatchUp(ctx, a.Store); err != nil {
		a.Log.Warn("search catch-up", "err", err)
	}
	req := search.Request{Text: q.Text, Visibility: actor.visibility(), Kind: q.Kind, Affair: q.Affair, Year: q.Year,
		Status: q.Status, Limit: q.Limit, Offset: q.Offset, Newest: q.Newest, Facets: true, Highlight: true}
	if q.Org != "" {
		org, err := a.Store.OrgByCode(ctx, q.Org)
		if err != nil {
			return out, &km.ValidationError{Fields: map[string]string{"org": "unknown_org"}}
		}
		req.OrgPath = org.Path
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	res, err := a.Index.Search(ctx, req, a.synonyms)
	if errors.Is(err, search.ErrBadQuery) {
		return out, &km.ValidationError{Fields: map[string]string{"q": "invalid"}}
	}
	if err != nil {
		return out, err
	}
	out.Result = res
	if out.Practices, err = a.loadHits(ctx, actor, res.Hits); err != nil {
		return out, err
	}
	for i, h := range out.Hits {
		p, ok := out.Practices[h.ID]
		if !ok {
			continue
		}
		frs := map[string][]string{}
		for _, f := range []struct {
			name, text string
			width      int
		}{{"title", p.Title, 1000}, {"summary", p.Summary, 40}, {"body", p.Body, 40}} {
			if s, ok := search.Highlight(f.text, res.Terms, f.width); ok {
				frs[f.name] = []string{s}
			}
		}
		out.Hits[i].Fragments = frs
	}
	if strings.TrimSpace(q.Text) != "" && q.Offset == 0 && !q.Unlogged {
		norm := strings.Join(indonesian.Tokenize(q.Text), " ")
		orgPath := ""
		if actor.User != nil {
			orgPath = actor.User.OrgPath
		}
		if err := a.Store.LogQuery(context.WithoutCancel(ctx), q.Text, norm, int(res.Total), actor.id(), orgPath, q.Surface); err != nil {
			a.Log.Warn("log search query", "err", err)
		}
	}
	return out, nil
}

// loadHits loads the practices behind hits, checking the access rule once
// more on the stored record (the index may lag a change of access by a
// moment).
func (a *App) loadHits(ctx context.Context, actor Actor, hits []search.Hit) (map[int64]km.Practice, error) {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	ps, err := a.PracticeSummaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	v := actor.visibility()
	for id, p := range ps {
		if !v.Allows(&p) {
			delete(ps, id)
		}
	}
	return ps, nil
}

// Related finds practices like the given one: its title, tags and summary
// as a query, the practice itself left out.
func (a *App) Related(ctx context.Context, actor Actor, p km.Practice, n int) ([]km.Practice, error) {
	if a.Index == nil {
		return nil, nil
	}
	req := a.Index.RelatedRequest(p, actor.visibility(), n)
	if req.Text == "" {
		return nil, nil // no word it shares with another practice
	}
	res, err := a.Index.Search(ctx, req, a.synonyms)
	if err != nil {
		return nil, err
	}
	ps, err := a.loadHits(ctx, actor, res.Hits)
	if err != nil {
		return nil, err
	}
	var out []km.Practice
	for _, h := range res.Hits {
		if p, ok := ps[h.ID]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// AnalyticsScope is whose searches a reader of the analytics sees:
// everyone's, or those of the people of some organisations (their
// subtrees).
type AnalyticsScope struct {
	All  bool
	Orgs []km.Grant // the organisations, when not All
}

// analyticsRoles may read search analytics over the organisations they
// hold them for (admin always counts): leadership and admins for their
// organisation's subtree, an OPD's KM coordinator for what their own
// agency's people look for. The award secretariat, which serves every
// agency, sees every search wherever it sits.
var analyticsRoles = []km.Role{km.RoleSecretariat, km.RoleLeader, km.RoleCoordinator, km.RoleAdmin}

// SearchAnalytics lists the top queries and those that found nothing in a
// period, over the reader's scope: every search for the secretariat and
// for those who hold an analytics role over the root organisation, else
// the searches of people in the organisations they hold one for.
// Anonymous searches count only in the whole-government view.
func (a *App) SearchAnalytics(ctx context.Context, actor Actor, from, to time.Time, limit int) (top, missing []store.QueryStat, scope AnalyticsScope, err error) {
	if actor.User == nil {
		return nil, nil, scope, km.ErrForbidden
	}
	var paths []string
	for _, g := range actor.User.Grants {
		if !slices.Contains(analyticsRoles, g.Role) {
			continue
		}
		if g.Role == km.RoleSecretariat || g.OrgCode == km.RootOrgCode || g.OrgPath == "/" {
			scope = AnalyticsScope{All: true}
			break
		}
		scope.Orgs = append(scope.Orgs, g)
		paths = append(paths, g.OrgPath)
	}
	if !scope.All && len(paths) == 0 {
		return nil, nil, scope, km.ErrForbidden
	}
	if scope.All {
		paths = nil
	}
	if top, err = a.Store.TopQueries(ctx, from, to, false, limit, paths); err != nil {
		return nil, nil, scope, err
	}
	missing, err = a.Store.TopQueries(ctx, from, to, true, limit, paths)
	return top, missing, scope, err
}

// CanEditDictionary reports whether actor may change the search
// dictionary. It serves every agency, so only admins over the root
// organisation may (an OPD's admin may not).
func (a *App) CanEditDictionary(ctx context.Context, actor Actor) bool {
	root, err := a.Store.OrgByCode(ctx, km.RootOrgCode)
	return err == nil && actor.User.Has(km.RoleAdmin, root.Path)
}

// AddRootWord extends the stemmer's lexicon (admins over the root).
func (a *App) AddRootWord(ctx context.Context, actor Actor, word string) error {
	if !a.CanEditDictionary(ctx, actor) {
		return km.ErrForbidden
	}
	w := indonesian.Normalize(strings.TrimSpace(word))
	if w == "" || len(w) > 40 || strings.ContainsAny(w, " \t") {
		return &km.ValidationError{Fields: map[string]string{"word": "invalid"}}
	}
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.AddLexiconWord(w, actor.id()); err != nil {
			return err
		}
		return tx.Audit(actor.event("search.lexicon_add", "lexicon", 0, 0, map[string]any{"word": w}))
	})
	if err == nil {
		search.AddRootWords(w)
	}
	return err
}

// RemoveRootWord takes a root word an admin added out of the lexicon
// (admins over the root); the index is rebuilt as after an addition. A
// word the shipped lexicon also holds stays a root.
func (a *App) RemoveRootWord(ctx context.Context, actor Actor, word string) error {
	if !a.CanEditDictionary(ctx, actor) {
		return km.ErrForbidden
	}
	w := indonesian.Normalize(strings.TrimSpace(word))
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.RemoveLexiconWord(w); err != nil {
			return err
		}
		return tx.Audit(actor.event("search.lexicon_remove", "lexicon", 0, 0, map[string]any{"word": w}))
	})
	if err == nil {
		search.RemoveRootWords(w)
	}
	return err
}

// SetSynonym defines what a query word also finds (admins); no expansions
// removes the entry.
func (a *App) SetSynonym(ctx context.Context, actor Actor, term string, expands []string) error {
	if !a.CanEditDictionary(ctx, actor) {
		return km.ErrForbidden
	}
	t := strings.Join(indonesian.Tokenize(term), " ")
	var clean []string
	for _, e := range expands {
		if e = strings.TrimSpace(e); e != "" && len(e) <= 100 {
			clean = append(clean, strings.ToLower(e))
		}
	}
	if t == "" || strings.Contains(t, " ") || len(clean) > 20 {
		return &km.ValidationError{Fields: map[string]string{"term": "invalid"}}
	}
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetSynonym(t, clean, actor.id()); err != nil {
			return err
		}
		return tx.Audit(actor.event("search.synonym_set", "synonym", 0, 0, map[string]any{"term": t, "expands": clean}))
	})
	if err == nil && a.synonyms != nil {
		a.synonyms.Set(t, clean)
	}
	return err
}

// ExtractPending extracts the text of attachments not processed yet (up to
// limit) so that search finds what is inside them. A file that cannot be
// read is marked failed with the reason and skipped: never fatal.
func (a *App) ExtractPending(ctx context.Context, limit int) (int, error) {
	atts, err := a.Store.PendingAttachments(ctx, limit)
	if err != nil {
		return 0, err
	}
	for _, att := range atts {
		status, text, reason := "done", "", ""
		path, err := a.Files.Path(att.SHA256)
		if err == nil {
			text, err = extract.Text(ctx, path, att.MIME)
		}
		switch {
		case errors.Is(err, extract.ErrUnsupported):
			status = "skipped"
		case err != nil:
			status, reason = "failed", err.Error()
			a.Log.Warn("attachment text extraction failed", "attachment", att.ID, "name", att.Name, "err", err)
		}
		if err := a.Store.Write(ctx, func(tx *store.Tx) error { return tx.SetAttachmentText(att, text, status, reason) }); err != nil {
			return 0, err
		}
	}
	return len(atts), nil
}
