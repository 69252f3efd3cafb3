package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"lumbung/internal/demo"
	"lumbung/internal/jobs"
	"lumbung/internal/server"
)

func runServe(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "serve", "serve [--addr HOST:PORT] [--data DIR] [--demo]")
	cfg.Flags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.Validate(); err != nil {
		return usageErr("%v", err)
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	srv, err := server.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	log.Info("starting", "config", cfg.String())
	fmt.Fprintf(env.Stdout, "Lumbung listening on http://%s\n", ln.Addr())
	if cfg.Demo {
		fmt.Fprintf(env.Stdout, "Demo accounts (password %q): %s, …\n", demo.Password, demo.Accounts[0].Email)
	}
	return srv.Serve(ctx, ln)
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "migrate", "migrate [--data DIR]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	// The job queue's tables too (serve would bring them up to date as
	// well); the queue is only opened, no job is worked here.
	q, err := jobs.Open(ctx, a.Store, cfg.DatabaseURL, cfg.DataDir, jobs.Config{Log: quietLogger(env)})
	if err != nil {
		return err
	}
	q.Close()
	fmt.Fprintf(env.Stdout, "database schema is up to date (%s)\n", a.Store.Dialect())
	return nil
}
