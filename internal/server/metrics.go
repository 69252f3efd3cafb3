package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	requests  *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	cacheHits prometheus.Counter
	// The resolved series per route and code, so that the hot path does not
	// hash label values on every request.
	counters  sync.Map // route + " " + code → prometheus.Counter
	observers sync.Map // route → prometheus.Observer
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lumbung_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "lumbung_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	m.cacheHits = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "lumbung_page_cache_hits_total", Help: "Anonymous page views answered from the page cache (not in lumbung_http_requests_total).",
	})
	reg.MustRegister(m.requests, m.duration, m.cacheHits)
	return m
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// wrap counts requests by the mux pattern that served them (not the raw
// path, which would let clients blow up the label space).
func (m *metrics) wrap(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		_, route := mux.Handler(r)
		next.ServeHTTP(sw, r)
		if route == "" {
			route = "unmatched"
		}
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		key := route + " " + strconv.Itoa(sw.code)
		c, ok := m.counters.Load(key)
		if !ok {
			c, _ = m.counters.LoadOrStore(key, m.requests.WithLabelValues(route, strconv.Itoa(sw.code)))
		}
		c.(prometheus.Counter).Inc()
		o, ok := m.observers.Load(route)
		if !ok {
			o, _ = m.observers.LoadOrStore(route, m.duration.WithLabelValues(route))
		}
		o.(prometheus.Observer).Observe(time.Since(start).Seconds())
	})
}
