package api

// searchRoutes lists the search API.
func (h *API) searchRoutes() []route { return nil }
