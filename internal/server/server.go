// Package server builds Lumbung's http.Handler: it opens the store, wires
// the use cases, mounts the pages, the JSON API, /healthz and /metrics, and
// wraps them in the middleware every request passes (panic recovery,
// security headers, metrics, cross-origin protection, sessions, auth).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"lumbung/internal/api"
	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/config"
	"lumbung/internal/demo"
	"lumbung/internal/files"
	"lumbung/internal/httperr"
	"lumbung/internal/jobs"
	"lumbung/internal/mail"
	"lumbung/internal/markdown"
	"lumbung/internal/ratelimit"
	"lumbung/internal/search"
	"lumbung/internal/store"
	"lumbung/internal/usage"
	"lumbung/internal/web"
)

// Server is a ready-to-run Lumbung instance.
type Server struct {
	Config  config.Config
	App     *app.App
	Handler http.Handler
	Log     *slog.Logger
	store   *store.Store
	usage   *usage.Recorder
	jobs    *jobs.Queue
}

// OpenApp opens the store named by cfg and wires the use cases; the command
// line uses it without the HTTP parts.
func OpenApp(ctx context.Context, cfg config.Config, log *slog.Logger) (*app.App, error) {
	s, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := s.EnsureRoot(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("create root organisation: %w", err)
	}
	fs := &files.Store{Dir: filepath.Join(cfg.DataDir)}
	a := app.New(s, fs, cfg.MaxUploadMB<<20, log)
	a.BaseURL = cfg.PublicURL()
	// The brief's adopters line: agencies whose adoption is not stopped.
	a.AdopterCount = func(ctx context.Context, practiceID int64) (int, error) {
		as, err := s.AdoptionsOf(ctx, practiceID)
		n := 0
		for _, x := range as {
			if x.Status.Active() {
				n++
			}
		}
		return n, err
	}
	if cfg.SMTPURL != "" {
		sender, err := mail.Parse(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			s.Close()
			return nil, err
		}
		a.Mailer = app.MailLinks(sender)
	}
	return a, nil
}

// New builds the server from cfg; Close releases it.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a, err := OpenApp(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	// The job queue, its tables brought up to date; Serve starts working.
	q, err := jobs.Open(ctx, a.Store, cfg.DatabaseURL, cfg.DataDir,
		jobs.Config{Workers: a.JobWorkers(), Periodic: a.PeriodicJobs(), Log: log})
	if err != nil {
		a.Store.Close()
		return nil, err
	}
	a.Queue = q
	srv := &Server{Config: cfg, App: a, Log: log, store: a.Store, jobs: q}
	if cfg.Demo {
		loaded, err := demo.Load(ctx, a, nil)
		if err != nil {
			srv.Close()
			return nil, fmt.Errorf("load demo data: %w", err)
		}
		if loaded {
			log.Info("demo data loaded")
		}
	}
	if err := a.OpenSearch(ctx, cfg.DataDir); err != nil {
		srv.Close()
		if errors.Is(err, search.ErrBusy) {
			return nil, fmt.Errorf("search index: %w", err)
		}
		return nil, fmt.Errorf("open search index: %w", err)
	}
	httperr.MaxUploadText = strconv.FormatInt(cfg.MaxUploadMB, 10) + " MiB"

	var sessStore scs.Store
	if a.Store.Dialect() == store.Postgres {
		sessStore = postgresstore.NewWithCleanupInterval(a.Store.DB(), 30*time.Minute)
	} else {
		sessStore = sqlite3store.NewWithCleanupInterval(a.Store.DB(), 30*time.Minute)
	}
	proxies, err := cfg.Proxies()
	if err != nil {
		a.Store.Close()
		return nil, err
	}
	auth.SetTrustedProxies(proxies)
	sessions := auth.NewSessions(sessStore, cfg.InsecureCookies)
	au := &auth.Auth{App: a, Sessions: sessions}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg)

	mux := http.NewServeMux()
	api.New(a, log).Register(mux)
	w, err := web.New(web.Deps{App: a, Auth: au, Markdown: markdown.New(), Log: log, LoginLimiter: ratelimit.New(time.Minute, 10),
		LoginIPLimiter: ratelimit.New(time.Second, 60), LoginBackoff: ratelimit.NewBackoff(5, 3, 100*time.Millisecond, 2*time.Second, 15*time.Minute)})
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("pages: %w", err)
	}
	w.Register(mux)
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		rw.Header().Set("Content-Type", "application/json")
		rw.Header().Set("Cache-Control", "no-store")
		if err := a.Store.Ping(ctx); err != nil {
			rw.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(rw, `{"status":"unavailable","database":%q}`+"\n", "down")
			return
		}
		fmt.Fprintf(rw, `{"status":"ok","database":%q}`+"\n", a.Store.Dialect())
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))

	cop := http.NewCrossOriginProtection()
	for _, o := range cfg.TrustedOrigins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			srv.Close()
			return nil, fmt.Errorf("LUMBUNG_TRUSTED_ORIGINS: %w", err)
		}
	}
	writes := ratelimit.New(100*time.Millisecond, 200) // per address: bursts of 200, then 10 writes/s
	var h http.Handler = mux
	h = au.Middleware(h)
	h = sessions.LoadAndSave(h)
	h = limitWrites(writes, h)
	h = cop.Handler(h)
	h = m.wrap(mux, h)
	h = securityHeaders(h)
	h = recoverer(log, h)
	// Outermost: a cached page for an anonymous visitor is answered before
	// any other work (its stored headers include the security headers set
	// when it was rendered); hits are counted on their own.
	h = w.CacheAnonymous(mux, h, m.cacheHits.Inc)
	srv.Handler = h
	// Start-up (migrations, demo data, opening the index) leaves garbage
	// behind; hand it back so an idle server stays small.
	debug.FreeOSMemory()
	// Last, once nothing above can fail: it runs a goroutine until Close.
	srv.usage = usage.New(a.Store, log)
	a.Usage = srv.usage
	return srv, nil
}

// Close releases the search index, the job queue and the database; stop
// serving first.
func (s *Server) Close() error {
	if s.usage != nil {
		s.usage.Close() // what is buffered is written before the store closes
	}
	var err error
	if s.App.Index != nil {
		err = s.App.Index.Close()
	}
	return errors.Join(err, s.jobs.Close(), s.store.Close())
}

// StartJobs starts working the job queue (Serve does); StopJobs stops it.
func (s *Server) StartJobs(ctx context.Context) error { return s.jobs.Start(ctx) }

// StopJobs stops working jobs, giving running ones a few seconds to finish
// (those that do not run again later), and at most until ctx ends.
func (s *Server) StopJobs(ctx context.Context) error { return s.jobs.Stop(ctx) }

// background keeps derived data current until ctx ends: it extracts the
// text of new attachments, applies the change feed to the search index
// (searches also catch up themselves, so this only keeps them fast) and
// rebuilds the index when admins have added root words (on this node or,
// read every rootWordsReloadEvery, on another). Work that must happen once
// per deployment and survive a restart (the award's freeze at the
// deadline, e-mail) is a job in the queue instead (internal/jobs).
func (s *Server) background(ctx context.Context) {
	s.eraseOldIPs(ctx)
	lastWords, lastErase := time.Now(), time.Now()
	var refresh sync.WaitGroup // a search index rebuild for new root words
	var refreshing atomic.Bool
	defer refresh.Wait()
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if time.Since(lastErase) >= ipEraseEvery {
			s.eraseOldIPs(ctx)
			lastErase = time.Now()
		}
		if time.Since(lastWords) >= time.Duration(rootWordsReloadEvery.Load()) {
			// Root words added through another node of a PostgreSQL
			// deployment: loading them makes this node's index stale,
			// and the refresh below rebuilds it.
			if err := s.App.LoadRootWords(ctx); err != nil && ctx.Err() == nil {
				s.Log.Warn("load root words", "err", err)
			}
			lastWords = time.Now()
		}
		if _, err := s.App.ExtractPending(ctx, 20); err != nil && ctx.Err() == nil {
			s.Log.Warn("extract attachment text", "err", err)
		}
		if _, err := s.App.CatchUpIndex(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("search index catch-up", "err", err)
		}
		if !refreshing.Load() && s.App.IndexStale() {
			// A rebuild takes minutes on a large index: it runs beside
			// this loop, so that extraction, catch-up and the award
			// freeze go on meanwhile.
			refreshing.Store(true)
			refresh.Go(func() {
				defer refreshing.Store(false)
				if _, err := s.App.RefreshIndex(ctx, time.Duration(rootWordsSettle.Load())); err != nil && ctx.Err() == nil {
					s.Log.Warn("search index refresh", "err", err)
				}
			})
		}
	}
}

// rootWordsSettle is how long the background loop waits after an admin
// adds a root word before it rebuilds the search index with it, so that a
// list typed in one sitting costs one rebuild.
var rootWordsSettle atomic.Int64 // a time.Duration; tests shorten it

// rootWordsReloadEvery is how often the background loop reads the root
// words again, for those added through another node.
var rootWordsReloadEvery atomic.Int64 // a time.Duration; tests shorten it

func init() {
	rootWordsSettle.Store(int64(5 * time.Second))
	rootWordsReloadEvery.Store(int64(30 * time.Second))
}

// ipEraseEvery is how often the background loop erases the IP addresses
// of usage events older than the retention period.
const ipEraseEvery = time.Hour

func (s *Server) eraseOldIPs(ctx context.Context) {
	n, err := s.store.EraseUsageIPs(ctx, time.Now().AddDate(0, 0, -s.Config.IPRetentionDays))
	if err != nil && ctx.Err() == nil {
		s.Log.Warn("erase usage IP addresses", "err", err)
	}
	if n > 0 {
		s.Log.Info("usage IP addresses erased", "events", n, "retention_days", s.Config.IPRetentionDays)
	}
}

// Serve answers on ln until ctx ends, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           corkGets(s.Handler),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large uploads on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
		ConnState:         uncorkWhenIdle,
		ConnContext:       connContext,
	}
	if err := s.StartJobs(ctx); err != nil {
		return err
	}
	defer func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.StopJobs(stop); err != nil {
			s.Log.Warn("stop the job queue", "err", err)
		}
	}()
	bgCtx, stopBg := context.WithCancel(ctx)
	bgDone := make(chan struct{})
	go func() {
		defer close(bgDone)
		s.background(bgCtx)
	}()
	defer func() {
		stopBg()
		<-bgDone
	}()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(corkListener{ln}) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(shut)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) {
		err = errors.Join(err, e)
	}
	return err
}

// security are the headers every answer carries. The slices are shared
// (set, never appended to) so the hot path allocates nothing for them.
var security = map[string][]string{
	"X-Content-Type-Options":  {"nosniff"},
	"X-Frame-Options":         {"DENY"},
	"Referrer-Policy":         {"strict-origin-when-cross-origin"},
	"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range security {
			h[k] = v
		}
		next.ServeHTTP(w, r)
	})
}

func recoverer(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				http.Error(w, "Terjadi kesalahan pada server. / Internal server error.", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func limitWrites(l *ratelimit.Limiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !l.Allow(auth.ClientIP(r)) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "Terlalu banyak permintaan. / Too many requests.", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}
