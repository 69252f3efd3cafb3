package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/xuri/excelize/v2"

	"lumbung/internal/app"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

func runImport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "practices" && args[0] != "--help" && args[0] != "-h") {
		return usageErr("want: import practices FILE.jsonl [--org CODE] [--skip-invalid] [--data DIR]")
	}
	if args[0] != "practices" {
		fmt.Fprintln(env.Stderr, "Usage: lumbung import practices FILE.jsonl [--org CODE] [--skip-invalid] [--data DIR]")
		return nil
	}
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "import practices", "import practices FILE.jsonl [--org CODE] [--skip-invalid] [--data DIR]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	org := fs.String("org", "", "organisation `CODE` for records without \"org\" (default: the root)")
	skip := fs.Bool("skip-invalid", false, "import the valid lines even when some are invalid")
	// Accept flags after the file name too: import practices FILE --org X.
	rest := args[1:]
	var file string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		file, rest = rest[0], rest[1:]
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	if file == "" {
		return usageErr("missing FILE.jsonl (use - for standard input)")
	}
	var r io.Reader = env.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("open %s: %w", file, err)
		}
		defer f.Close()
		r = f
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	opt := app.ImportOptions{DefaultOrg: *org, SkipInvalid: *skip}
	var bar *progressbar.ProgressBar
	if isTerminal(env.Stderr) {
		opt.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(env.Stderr),
					progressbar.OptionSetDescription("importing practices"), progressbar.OptionShowCount(),
					progressbar.OptionShowIts(), progressbar.OptionSetItsString("practices"), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	res, err := a.ImportPractices(ctx, app.System, r, opt)
	if bar != nil {
		bar.Finish()
	}
	for i, e := range res.Errors {
		if i == 200 {
			fmt.Fprintf(env.Stderr, "… and %d more problems\n", len(res.Errors)-200)
			break
		}
		msg := e.Message
		if i18n.Has(msg) {
			msg = i18n.T("en", msg)
		}
		if e.Field != "" {
			fmt.Fprintf(env.Stderr, "line %d: %s: %s\n", e.Line, e.Field, msg)
		} else {
			fmt.Fprintf(env.Stderr, "line %d: %s\n", e.Line, msg)
		}
	}
	if errors.Is(err, app.ErrInvalidImport) {
		return fmt.Errorf("%d invalid lines; nothing imported (use --skip-invalid to import the rest)", countLines(res.Errors))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %d practices: %d created, %d updated", res.Created+res.Updated, res.Created, res.Updated)
	if n := countLines(res.Errors); n > 0 {
		fmt.Fprintf(env.Stdout, ", %d invalid lines skipped", n)
	}
	fmt.Fprintln(env.Stdout)
	return nil
}

func countLines(errs []app.LineError) int {
	seen := map[int]bool{}
	for _, e := range errs {
		seen[e.Line] = true
	}
	return len(seen)
}

func runExport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "practices" && args[0] != "--help" && args[0] != "-h") {
		return usageErr("want: export practices [--format jsonl|xlsx] [--out FILE] [--as EMAIL | --all] [--data DIR]")
	}
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "export practices", "export practices [--format jsonl|xlsx] [--out FILE] [--as EMAIL | --all] [--data DIR]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	format := fs.String("format", "jsonl", "jsonl or xlsx")
	out := fs.String("out", "", "output `FILE` (default standard output; required for xlsx)")
	as := fs.String("as", "", "export what the user with this `EMAIL` may read")
	all := fs.Bool("all", false, "export everything, whatever its access level (operator)")
	if args[0] != "practices" {
		fs.Usage()
		return nil
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *format != "jsonl" && *format != "xlsx" {
		return usageErr("--format %q: want jsonl or xlsx", *format)
	}
	if *format == "xlsx" && *out == "" {
		return usageErr("--format xlsx needs --out FILE")
	}
	if *as != "" && *all {
		return usageErr("--as and --all exclude each other")
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	// Without --as or --all the export holds only what the public may read:
	// access levels apply to exports too.
	actor := app.Actor{}
	switch {
	case *all:
		actor = app.System
	case *as != "":
		u, err := a.Store.UserByEmail(ctx, *as)
		if err != nil {
			return fmt.Errorf("--as %s: no such user", *as)
		}
		actor.User = &u
	}
	var w io.Writer = env.Stdout
	var file *os.File
	if *out != "" && *format == "jsonl" {
		if file, err = os.Create(*out); err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	var practices []km.Practice
	err = eachPractice(ctx, a, actor, func(p km.Practice) error {
		if *format == "jsonl" {
			b, err := json.Marshal(app.RecordFromPractice(p))
			if err != nil {
				return err
			}
			_, err = w.Write(append(b, '\n'))
			return err
		}
		practices = append(practices, p)
		return nil
	})
	if err != nil {
		return err
	}
	if *format == "xlsx" {
		if err := writeXLSX(*out, practices); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "exported %d practices to %s\n", len(practices), *out)
	}
	if file != nil {
		return file.Close()
	}
	return nil
}

// eachPractice pages through everything actor may read, in id order.
func eachPractice(ctx context.Context, a *app.App, actor app.Actor, fn func(km.Practice) error) error {
	for offset := 0; ; offset += 500 {
		ps, _, err := a.Practices(ctx, actor, store.PracticeFilter{Order: "id", Limit: 500, Offset: offset})
		if err != nil {
			return err
		}
		for _, p := range ps {
			if err := fn(p); err != nil {
				return err
			}
		}
		if len(ps) < 500 {
			return nil
		}
	}
}

func writeXLSX(path string, ps []km.Practice) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Praktik"
	f.SetSheetName("Sheet1", sheet)
	head := []string{"id", "external_id", "org", "kind", "status", "access", "title", "summary", "affair", "year", "tags", "authors",
		"problem", "actions", "results", "lessons", "replication", "verifier", "review_by", "updated_at", "demo"}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	row := make([]any, len(head))
	for i, h := range head {
		row[i] = h
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for i, p := range ps {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		err := sw.SetRow(cell, []any{p.ID, p.ExternalID, p.OrgCode, string(p.Kind), string(p.Status), string(p.Access), p.Title,
			p.Summary, p.Affair, p.Year, strings.Join(p.Tags, ", "), strings.Join(p.Authors, "; "), p.Problem, p.Actions,
			p.Results, p.Lessons, p.Replication, p.Verifier, p.ReviewBy, p.UpdatedAt.Format("2006-01-02 15:04"), p.Demo})
		if err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	// A second sheet lists the impact metrics, one row each, with the
	// computed change, so they can be summed and charted in a spreadsheet.
	const msheet = "Dampak"
	if _, err := f.NewSheet(msheet); err != nil {
		return err
	}
	mhead := []any{"practice_id", "title", "indicator", "unit", "baseline", "baseline_date", "value", "value_date", "change", "percent", "scope", "source", "verified"}
	if err := f.SetSheetRow(msheet, "A1", &mhead); err != nil {
		return err
	}
	r := 2
	for _, p := range ps {
		for _, m := range p.Metrics {
			var pct any = ""
			if v, ok := m.Percent(); ok {
				pct = v
			}
			vals := []any{p.ID, p.Title, m.Indicator, m.Unit, m.Baseline, m.BaselineDate, m.Value, m.ValueDate, m.Change(), pct, m.Scope, m.Source, m.Verified}
			if err := f.SetSheetRow(msheet, "A"+strconv.Itoa(r), &vals); err != nil {
				return err
			}
			r++
		}
	}
	return f.SaveAs(path)
}
