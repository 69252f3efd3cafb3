package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/award"
)

const awardUsage = "award import --data DIR FILE.json | award results --data DIR --edition CODE (--round CODE | --final) [--method zscore|raw|fitted] [--json]"

func runAward(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageErr("want: %s", awardUsage)
	}
	switch args[0] {
	case "import":
		return runAwardImport(ctx, env, args[1:])
	case "results":
		return runAwardResults(ctx, env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stderr, "Usage: lumbung "+awardUsage+"\n\nThe command line is the secretariat's tool: it reads the data directly and ignores the announcement embargo.")
		return nil
	}
	return usageErr("unknown subcommand %q; want: %s", args[0], awardUsage)
}

func runAwardImport(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "award import", "award import --data DIR FILE.json")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	// Accept the file before or after the flags.
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	if file == "" {
		return usageErr("missing FILE.json (use - for standard input)")
	}
	var body []byte
	if file == "-" {
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(env.Stdin); err != nil {
			return err
		}
		body = buf.Bytes()
	} else if body, err = os.ReadFile(file); err != nil {
		return fmt.Errorf("read %s: %w", file, err)
	}
	var in app.AwardImport
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("%s: invalid JSON: %v", file, err)
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	sum, err := a.ImportAward(ctx, app.System, in)
	var ie *app.AwardImportError
	if errors.As(err, &ie) {
		for _, p := range ie.Problems {
			fmt.Fprintln(env.Stderr, p.Message)
		}
		return fmt.Errorf("%d problems in %s, nothing imported", len(ie.Problems), file)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported edition %s: %d organisations created, %d categories, %d criteria, %d rounds, %d jurors, %d entries (%d frozen), %d assignments, %d scores\n",
		sum.Edition, sum.Organisations, sum.Categories, sum.Criteria, sum.Rounds, sum.Jurors, sum.Entries, sum.Frozen, sum.Assignments, sum.Scores)
	return nil
}

func runAwardResults(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "award results", "award results --data DIR --edition CODE (--round CODE | --final) [--method zscore|raw|fitted] [--json]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	edition := fs.String("edition", "", "edition `CODE`")
	round := fs.String("round", "", "rank one round, by `CODE`")
	final := fs.Bool("final", false, "the final ranking over all rounds")
	method := fs.String("method", "", "aggregation: zscore (default), raw or fitted")
	asJSON := fs.Bool("json", false, "print JSON (full precision)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *edition == "" {
		return usageErr("--edition CODE is required")
	}
	if (*round == "") == !*final {
		return usageErr("give exactly one of --round CODE and --final")
	}
	m, err := award.ParseMethod(*method)
	if err != nil {
		return usageErr("%v", err)
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	res, err := a.AwardResults(ctx, app.System, *edition, *round, m)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		return enc.Encode(res)
	}
	title := "final ranking"
	if res.Round != nil {
		title = "round " + *res.Round
	}
	fmt.Fprintf(env.Stdout, "%s — %s (method %s)\n", res.Edition, title, res.Method)
	// With categories the final ranking also gives each entry's place in
	// its category; winners are starred.
	byCategory := slices.ContainsFunc(res.Entries, func(l app.ResultLine) bool { return l.CategoryRank > 0 })
	if byCategory {
		fmt.Fprintf(env.Stdout, "%4s  %-12s %-12s %5s %9s %9s %6s  %s\n", "rank", "entry", "category", "place", "score", "raw mean", "jurors", "title")
	} else {
		fmt.Fprintf(env.Stdout, "%4s  %-12s %9s %9s %6s  %s\n", "rank", "entry", "score", "raw mean", "jurors", "title")
	}
	for _, l := range res.Entries {
		star := ""
		if l.Winner {
			star = " *"
		}
		if byCategory {
			fmt.Fprintf(env.Stdout, "%4d  %-12s %-12s %5d %9.3f %9.3f %6d  %s%s\n", l.Rank, l.Entry, l.Category, l.CategoryRank, l.Score, l.RawMean, l.Jurors, l.Title, star)
		} else {
			fmt.Fprintf(env.Stdout, "%4d  %-12s %9.3f %9.3f %6d  %s%s\n", l.Rank, l.Entry, l.Score, l.RawMean, l.Jurors, l.Title, star)
		}
	}
	if len(res.Winners) > 0 {
		cats := slices.Sorted(maps.Keys(res.Winners))
		for _, c := range cats {
			label := "winners"
			if c != "" {
				label += " in " + c
			}
			fmt.Fprintf(env.Stdout, "%s: %s\n", label, strings.Join(res.Winners[c], ", "))
		}
	}
	return nil
}
