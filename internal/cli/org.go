package cli

import (
	"context"
	"fmt"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

func runOrg(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprintln(env.Stderr, "Usage: lumbung org add|list [flags] (each takes --help)")
			return nil
		}
		return usageErr("want: org add --code C --name N --kind opd|unit|pemda --parent CODE, or org list")
	}
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	if args[0] == "list" {
		fs := newFlags(env, "org list", "org list --data DIR")
		fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		a, err := openApp(ctx, env, cfg)
		if err != nil {
			return err
		}
		defer a.Store.Close()
		orgs, err := a.Store.Orgs(ctx)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			depth := strings.Count(o.Path, "/") - 2
			fmt.Fprintf(env.Stdout, "%s%s\t%s\t%s\t%d\n", strings.Repeat("  ", max(depth, 0)), o.Code, o.Kind, o.Name, o.Headcount)
		}
		return nil
	}
	fs := newFlags(env, "org add", "org add --data DIR --code C --name N [--short S] --kind opd|unit|pemda --parent CODE [--headcount N]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	var n app.NewOrg
	kind := fs.String("kind", "opd", "pemda, opd or unit")
	fs.StringVar(&n.Code, "code", "", "short unique `CODE` (lowercase letters, digits, - and _)")
	fs.StringVar(&n.Name, "name", "", "full name")
	fs.StringVar(&n.Short, "short", "", "short name, e.g. Dinkes")
	fs.StringVar(&n.Parent, "parent", km.RootOrgCode, "parent organisation `CODE`")
	fs.IntVar(&n.Headcount, "headcount", 0, "number of staff")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	n.Kind = km.OrgKind(*kind)
	if n.Code == "" || n.Name == "" || !n.Kind.Valid() {
		return usageErr("--code, --name and a valid --kind (pemda, opd, unit) are required")
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	o, err := a.CreateOrg(ctx, app.System, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "created organisation %s (%s) under %s\n", o.Code, o.Name, n.Parent)
	return nil
}
