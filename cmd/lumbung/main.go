// Command lumbung is Lumbung's single binary: the web server and the
// operator's tools (see `lumbung help`).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"lumbung/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
