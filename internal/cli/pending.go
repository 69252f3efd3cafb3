package cli

import (
	"context"
	"errors"
)

// These commands are being built (see the open issues); until then they
// say so instead of pretending.
var errNotYet = errors.New("not available yet in this version")

func runKPI(context.Context, Env, []string) error   { return errNotYet }
func runAward(context.Context, Env, []string) error { return errNotYet }
func runAudit(context.Context, Env, []string) error { return errNotYet }
