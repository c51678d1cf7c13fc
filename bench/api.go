package bench

import "context"

// runAPI runs the web package's load test on SQLite when it offers one.
func runAPI(_ context.Context, _ *Config) *API {
	return &API{Backend: "SQLite", Skipped: "not available in this build: the web package has no load-test function"}
}
