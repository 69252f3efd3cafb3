// Package jobs owns Lumbung's durable background work: a River job queue
// (github.com/riverqueue/river) in the application's own database. A job
// survives a restart, is retried with backoff when it fails, is worked by
// exactly one node of a PostgreSQL deployment, and can be listed for
// admins. The package knows nothing of the jobs themselves: the use cases
// (internal/app) define their arguments and workers, and the server starts
// a Queue that works them; the command line opens one that only inserts.
package jobs
