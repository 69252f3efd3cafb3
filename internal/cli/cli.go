// Package cli implements the lumbung command: it parses arguments, opens
// what each subcommand needs and reports failures as one line on stderr
// with a non-zero exit code.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"golang.org/x/term"

	"lumbung/internal/app"
	"lumbung/internal/config"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/server"
)

// Env is what a subcommand may use from its surroundings.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	name, summary string
	run           func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the web application and JSON API", runServe},
		{"migrate", "create or upgrade the database schema", runMigrate},
		{"org", "manage the organisation tree (add, list)", runOrg},
		{"user", "manage accounts (add, grant, list, reset-link)", runUser},
		{"token", "create API tokens", runToken},
		{"import", "import practices from JSONL", runImport},
		{"search", "search practices from the command line (also --batch)", runSearch},
		{"reindex", "rebuild the search index", runReindex},
		{"kpi", "KPI competitions: import data, print leaderboards", runKPI},
		{"award", "KM Award: import an edition, print results", runAward},
		{"audit", "audit log: verify the hash chain", runAudit},
		{"stem", "stem Indonesian words from standard input (word<TAB>root)", runStem},
		{"export", "export practices as JSONL or XLSX", runExport},
	}
}

// errUsage marks a mistake in the command line: exit code 2.
var errUsage = errors.New("usage")

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// Run executes the command line args and returns the exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := Env{Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				fmt.Fprintf(stderr, "lumbung %s: %s\n", c.name, strings.TrimPrefix(err.Error(), "usage: "))
				return 2
			default:
				fmt.Fprintf(stderr, "lumbung %s: %s\n", c.name, oneLine(err))
				return 1
			}
		}
	}
	fmt.Fprintf(stderr, "lumbung: unknown command %q (see lumbung help)\n", args[0])
	return 2
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Lumbung — lumbung pengetahuan: the knowledge-management platform for Indonesian government.")
	fmt.Fprintln(w, "\nUsage: lumbung COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --help. The database is DIR/lumbung.db (SQLite) unless LUMBUNG_DATABASE_URL=postgres://… is set.")
}

// oneLine flattens an error (validation errors become "field: message" in English).
func oneLine(err error) string {
	var ve *km.ValidationError
	if errors.As(err, &ve) {
		keys := make([]string, 0, len(ve.Fields))
		for k := range ve.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " " + i18n.T("en", ve.Fields[k])
		}
		return "invalid input: " + strings.Join(parts, "; ")
	}
	switch {
	case errors.Is(err, km.ErrForbidden):
		return "not allowed: " + err.Error()
	}
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

// newFlags makes a flag set whose errors and help go to env.Stderr.
func newFlags(env Env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: lumbung %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning a flag error into a usage error.
// The flag package prints the usage on any error; we print it only for
// --help, so a mistake gets the one-line reason alone.
func parse(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(out)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return err
		}
		return usageErr("%v", err)
	}
	return nil
}

// baseConfig reads the environment into a config with the given data dir flag.
func baseConfig(env Env) (config.Config, error) {
	cfg := config.Defaults()
	if err := cfg.FromEnv(env.Getenv); err != nil {
		return cfg, usageErr("%v", err)
	}
	return cfg, nil
}

func quietLogger(env Env) *slog.Logger {
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// openApp opens the data directory for a command-line tool.
func openApp(ctx context.Context, env Env, cfg config.Config) (*app.App, error) {
	if cfg.DataDir == "" {
		return nil, usageErr("--data DIR is required")
	}
	return server.OpenApp(ctx, cfg, quietLogger(env))
}

// openData is the start of a subcommand whose only flag is --data: it
// parses args and opens the data directory. The caller closes the store.
func openData(ctx context.Context, env Env, name, usage string, args []string) (*app.App, error) {
	cfg, err := baseConfig(env)
	if err != nil {
		return nil, err
	}
	fs := newFlags(env, name, usage)
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	return openApp(ctx, env, cfg)
}

// isTerminal reports whether w is a terminal, for progress bars.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
