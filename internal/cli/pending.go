package cli

import "errors"

// These commands are being built (see the open issues); until then they
// say so instead of pretending.
var errNotYet = errors.New("not available yet in this version")
