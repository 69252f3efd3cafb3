package cli

import (
	"context"
	"errors"
	"fmt"
)

func runAudit(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "-h" && args[0] != "--help") {
		return usageErr("want: audit verify --data DIR")
	}
	if args[0] != "verify" {
		fmt.Fprintln(env.Stderr, "Usage: lumbung audit verify --data DIR\n\nChecks the audit log's hash chain and reports the first broken link (exit 1).")
		return nil
	}
	a, err := openData(ctx, env, "audit verify", "audit verify --data DIR", args[1:])
	if err != nil {
		return err
	}
	defer a.Store.Close()
	rep, err := a.Store.VerifyAuditChain(ctx)
	if err != nil {
		return err
	}
	if !rep.OK() {
		return errors.New("chain broken at event " + fmt.Sprint(rep.BrokenID) + ": " + rep.Broken)
	}
	fmt.Fprintf(env.Stdout, "audit chain intact: %d events (%d from before the chain), last event %d, head %s\n",
		rep.Events, rep.Legacy, rep.LastID, rep.LastHash)
	return nil
}
