package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/kpi"
	"lumbung/internal/kpi/report"
)

const kpiUsage = `kpi import FILE.json [--org CODE] [--data DIR]
       lumbung kpi leaderboard --competition CODE [--method percent|absolute|logratio] [--k K] [--group G] [--json] [--data DIR]
       lumbung kpi list [--data DIR]
       lumbung kpi export --competition CODE --format xlsx|pdf --out FILE [--data DIR]`

// runKPI dispatches the kpi subcommands. They run as the operator (the
// system actor): every competition, draft or not, is visible.
func runKPI(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageErr("want a subcommand: import, leaderboard, list or export (see lumbung kpi --help)")
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stderr, "Usage: lumbung "+kpiUsage)
		return nil
	case "import":
		return kpiImport(ctx, env, args[1:])
	case "leaderboard":
		return kpiLeaderboard(ctx, env, args[1:])
	case "list":
		return kpiList(ctx, env, args[1:])
	case "export":
		return kpiExport(ctx, env, args[1:])
	}
	return usageErr("unknown subcommand %q: want import, leaderboard, list or export", args[0])
}

// splitFile takes a leading non-flag argument as the file, so that both
// `kpi import FILE --data D` and `kpi import --data D FILE` work.
func splitFile(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

func kpiImport(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "kpi import", "kpi import FILE.json [--org CODE] [--data DIR]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	org := fs.String("org", "", "organiser's organisation `CODE` when the file names none (default: the root)")
	file, rest := splitFile(args)
	if err := parse(fs, rest); err != nil {
		return err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	if file == "" {
		return usageErr("missing FILE.json (use - for standard input)")
	}
	var data []byte
	if file == "-" {
		data, err = io.ReadAll(io.LimitReader(env.Stdin, 512<<20))
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", file, err)
	}
	f, err := app.DecodeKPIFile(data)
	if err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	if *org == "" {
		*org = "root"
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	c, err := a.ImportCompetition(ctx, app.System, f, app.KPIImportOptions{DefaultOrg: *org, Filename: filepath.Base(file), Source: "import"})
	var bad *app.KPIInputError
	if errors.As(err, &bad) {
		n := printInputError(env.Stderr, bad)
		return fmt.Errorf("%d problems in %s; nothing imported", n, file)
	}
	if err != nil {
		return err
	}
	ms, err := a.Store.Measurements(ctx, c.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported competition %s (%s): %d participants, %d measurements, status %s\n",
		c.Code, c.Name, len(c.Participants), len(ms), c.Status)
	return nil
}

// printInputError prints every problem of a refused file, fields first,
// and returns how many there were.
func printInputError(w io.Writer, e *app.KPIInputError) int {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "%s: %s\n", k, i18n.T("en", e.Fields[k]))
	}
	for _, l := range e.Lines {
		if l.Line > 0 {
			fmt.Fprintf(w, "measurements[%d]: %s\n", l.Line, app.LineMessage("en", l))
		} else {
			fmt.Fprintf(w, "measurements: %s\n", app.LineMessage("en", l))
		}
	}
	return len(keys) + len(e.Lines)
}

func kpiLeaderboard(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "kpi leaderboard", "kpi leaderboard --competition CODE [--method percent|absolute|logratio] [--k K] [--group G] [--json] [--data DIR]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	code := fs.String("competition", "", "competition `CODE`")
	method := fs.String("method", "", "ranking method: percent, absolute or logratio (default: the competition's)")
	kText := fs.String("k", "", "log-ratio offset `K` (default: the competition's, else the median baseline)")
	group := fs.String("group", "", "only the size group `G`")
	asJSON := fs.Bool("json", false, "print JSON (full precision) instead of a table")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	if *code == "" {
		return usageErr("--competition CODE is required")
	}
	m := kpi.Method(*method)
	if m != "" && !m.Valid() {
		return usageErr("--method %q: want percent, absolute or logratio", *method)
	}
	k, err := app.ParseK(*kText)
	if err != nil {
		return usageErr("--k %q: want a number, 0 or more", *kText)
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	st, err := a.Leaderboard(ctx, app.System, *code, app.LeaderboardOptions{Method: m, K: k, Group: *group})
	if err != nil {
		return explainKPI(err, *code)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st.Board.Report())
	}
	printBoard(env.Stdout, st)
	return nil
}

// explainKPI names the competition a lookup failed for; other errors
// (validation of --group, say) read well as they are.
func explainKPI(err error, code string) error {
	if errors.Is(err, km.ErrNotFound) {
		return fmt.Errorf("no competition %q (see lumbung kpi list)", code)
	}
	return err
}

func printBoard(w io.Writer, st app.Standings) {
	c, lb := st.Competition, st.Board
	title := c.Name + " (" + c.Code + ")"
	if lb.Group != "" {
		title += " — " + lb.Group
	}
	fmt.Fprintln(w, title)
	method := string(lb.Method)
	if lb.K != nil {
		method += ", k = " + num(*lb.K, 4)
	}
	fmt.Fprintf(w, "%s; method %s; baseline %s..%s, period %s..%s\n\n", c.Metric.Name, method,
		c.Baseline.From.Format(time.DateOnly), c.Baseline.To.Format(time.DateOnly),
		c.Period.From.Format(time.DateOnly), c.Period.To.Format(time.DateOnly))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rank\tparticipant\tname\tgroup\tB\tP\tchange\tpercent\tscore\t")
	for _, e := range lb.Participants {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Rank, e.Participant, e.Name, e.Group,
			num(e.Baseline, 2), num(e.Period, 2), num(e.Change, 2), opt(e.Percent, 2), opt(e.Score, 4), e.Flag)
	}
	tw.Flush()
	for _, u := range lb.Unranked {
		fmt.Fprintf(w, "not ranked: %s %s (%s)\n", u.Participant, u.Name, u.Reason)
	}
	s := lb.Summary
	fmt.Fprintf(w, "\nparticipants %d, ΣB %s, ΣP %s, percent %s", s.Participants, num(s.Baseline, 2), num(s.Period, 2), opt(s.Percent, 2))
	if s.Controls > 0 {
		fmt.Fprintf(w, "; controls %d, control percent %s, DiD %s points", s.Controls, opt(s.ControlPercent, 2), opt(s.DiD, 2))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, kpi.Sentence(c.Competition, s))
}

func num(x float64, dec int) string { return strconv.FormatFloat(x, 'f', dec, 64) }

func opt(x *float64, dec int) string {
	if x == nil {
		return "-"
	}
	return num(*x, dec)
}

func kpiList(ctx context.Context, env Env, args []string) error {
	a, err := openData(ctx, env, "kpi list", "kpi list [--data DIR]", args)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	cs, err := a.Competitions(ctx, app.System)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "code\tstatus\tparticipants\torganiser\tname")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", c.Code, c.Status, len(c.Participants), c.OrgCode, c.Name)
	}
	return tw.Flush()
}

func kpiExport(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "kpi export", "kpi export --competition CODE --format xlsx|pdf --out FILE [--data DIR]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	code := fs.String("competition", "", "competition `CODE`")
	format := fs.String("format", "xlsx", "xlsx or pdf")
	out := fs.String("out", "", "output `FILE`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" || *out == "" {
		return usageErr("--competition CODE and --out FILE are required")
	}
	if *format != "xlsx" && *format != "pdf" {
		return usageErr("--format %q: want xlsx or pdf", *format)
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	st, err := a.Leaderboard(ctx, app.System, *code, app.LeaderboardOptions{})
	if err != nil {
		return explainKPI(err, *code)
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	in := report.Input{Competition: st.Competition.Competition, Description: st.Competition.Description,
		Organiser: st.Competition.OrgName, Status: string(st.Competition.Status), Demo: st.Competition.Demo,
		Measurements: st.Measurements, Result: st.Result, Generated: time.Now()}
	if *format == "pdf" {
		err = report.PDF(f, in)
	} else {
		err = report.XLSX(f, in)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", *out)
	return nil
}
