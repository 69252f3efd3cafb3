package api

// awardRoutes lists the API routes of this capability.
func (h *API) awardRoutes() []route { return nil }
