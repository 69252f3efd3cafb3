package web

// RoutePatterns lists the pattern of every page route, in the order
// Register mounts them, so that tests can sweep them all.
func RoutePatterns() []string {
	var ps []string
	for _, r := range (&Web{}).routes() {
		ps = append(ps, r.pattern)
	}
	return ps
}
