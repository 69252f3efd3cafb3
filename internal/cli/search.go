package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/search"
)

// openSearch opens the data directory's index and brings it up to date
// with the database, rebuilding it when its layout is from another version.
func openSearch(ctx context.Context, env Env, a *app.App, dataDir string) (*search.Index, error) {
	if err := a.LoadRootWords(ctx); err != nil {
		return nil, err
	}
	ix, err := search.Open(dataDir, false)
	if errors.Is(err, search.ErrNeedsRebuild) {
		return nil, errors.New("the search index was built by another version: run lumbung reindex")
	}
	if err != nil {
		return nil, err
	}
	if _, err := ix.CatchUp(ctx, a.Store); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

type searchResultJSON struct {
	ExternalID string  `json:"external_id"`
	ID         int64   `json:"id"`
	Score      float64 `json:"score"`
	Title      string  `json:"title,omitempty"`
}

func runSearch(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "search", "search --data DIR [--limit N] [--json] [--as EMAIL] (QUERY | --batch FILE)")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	limit := fs.Int("limit", 10, "results per query (1 to 1000)")
	asJSON := fs.Bool("json", false, "print JSON lines: {\"qid\",\"results\":[{\"external_id\",\"id\",\"score\"}]}")
	batch := fs.String("batch", "", "`FILE` of queries, one qid<TAB>query per line (- for standard input)")
	as := fs.String("as", "", "search as the user with this `EMAIL` (default: what the public may read)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *limit < 1 || *limit > 1000 {
		return usageErr("--limit %d: want 1 to 1000", *limit)
	}
	query := strings.Join(fs.Args(), " ")
	if (query == "") == (*batch == "") {
		return usageErr("give a QUERY or --batch FILE (one of them)")
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	actor := app.Actor{}
	if *as != "" {
		u, err := a.Store.UserByEmail(ctx, *as)
		if err != nil {
			return fmt.Errorf("--as %s: no such user", *as)
		}
		actor.User = &u
	}
	ix, err := openSearch(ctx, env, a, cfg.DataDir)
	if err != nil {
		return err
	}
	defer ix.Close()
	syn, err := a.Synonyms(ctx)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	one := func(qid, q string) error {
		req := search.Request{Text: q, Visibility: km.ViewerVisibility(actor.User), Limit: *limit, NoFuzzy: *batch != ""}
		res, err := ix.Search(ctx, req, syn)
		if errors.Is(err, search.ErrBadQuery) {
			res = search.Result{}
			fmt.Fprintf(env.Stderr, "query %s: %v\n", qid, err)
		} else if err != nil {
			return err
		}
		ids := make([]int64, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		byID, err := a.PracticeSummaries(ctx, ids)
		if err != nil {
			return err
		}
		if *asJSON {
			rs := make([]searchResultJSON, 0, len(res.Hits))
			for _, h := range res.Hits {
				p := byID[h.ID]
				rs = append(rs, searchResultJSON{ExternalID: p.ExternalID, ID: h.ID, Score: h.Score})
			}
			b, err := json.Marshal(map[string]any{"qid": qid, "results": rs})
			if err != nil {
				return err
			}
			out.Write(append(b, '\n'))
			return nil
		}
		if qid != "" {
			fmt.Fprintf(out, "# %s\t%s\n", qid, q)
		}
		fmt.Fprintf(out, "%d results\n", res.Total)
		for i, h := range res.Hits {
			p := byID[h.ID]
			fmt.Fprintf(out, "%3d. %.3f  #%d  %s  [%s]\n", i+1, h.Score, h.ID, p.Title, p.OrgCode)
		}
		if res.Suggestion != "" {
			fmt.Fprintf(out, "did you mean: %s\n", res.Suggestion)
		}
		return nil
	}
	if *batch == "" {
		return one("", query)
	}
	var r io.Reader = env.Stdin
	if *batch != "-" {
		f, err := os.Open(*batch)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		qid, q, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			return fmt.Errorf("%s line %d: want qid<TAB>query", *batch, line)
		}
		if line == 1 && (qid == "qid" || qid == "id") {
			continue // a header
		}
		if err := one(qid, q); err != nil {
			return err
		}
	}
	return sc.Err()
}

func runReindex(ctx context.Context, env Env, args []string) error {
	a, err := openData(ctx, env, "reindex", "reindex --data DIR   (rebuild the search index into a fresh directory and swap it in)", args)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	// The index is built with the admins' root words, as the server's is.
	if err := a.LoadRootWords(ctx); err != nil {
		return err
	}
	ix, err := search.Open(a.Files.Dir, false)
	if errors.Is(err, search.ErrNeedsRebuild) {
		ix, err = search.Fresh(a.Files.Dir)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	var bar *progressbar.ProgressBar
	progress := func(done, total int) {}
	if isTerminal(env.Stderr) {
		progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(env.Stderr), progressbar.OptionSetDescription("indexing"),
					progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("practices"))
			}
			bar.Set(done)
		}
	}
	n, err := ix.Rebuild(ctx, a.Store, progress)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "indexed %d practices\n", n)
	return nil
}
