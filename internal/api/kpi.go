package api

// kpiRoutes lists the API routes of this capability.
func (h *API) kpiRoutes() []route { return nil }
