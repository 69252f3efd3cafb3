package web

// awardRoutes lists the pages of this capability.
func (w *Web) awardRoutes() []route { return nil }
