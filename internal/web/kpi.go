package web

// kpiRoutes lists the pages of this capability.
func (w *Web) kpiRoutes() []route { return nil }
