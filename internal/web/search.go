package web

// searchRoutes lists the search pages.
func (w *Web) searchRoutes() []route { return nil }
