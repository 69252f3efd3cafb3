package server

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
)

// Corking: net/http writes a page larger than its 4 KB buffer in two
// writes, the header with the first 4 KB and then the rest, and on a busy
// server each write costs a TCP transmission. A GET answer is therefore sent
// with the socket corked (TCP_CORK, what nginx's tcp_nopush does), and
// uncorked when the connection goes idle after the response, which sends it
// in one go. Only GET and HEAD are corked: a request with a body may be
// waiting for "100 Continue", which a cork would hold back.

type connKey struct{}

// corkListener hands out connections that can be corked.
type corkListener struct{ net.Listener }

func (l corkListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok && err == nil {
		return &corkConn{TCPConn: tc}, nil
	}
	return c, err
}

type corkConn struct {
	*net.TCPConn
	corked atomic.Bool
}

func (c *corkConn) set(on bool) {
	if c.corked.Swap(on) == on {
		return
	}
	setCork(c.TCPConn, on)
}

// connContext keeps the connection in each request's context.
func connContext(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// corkGets corks the connection of a GET or HEAD request.
func corkGets(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			if c, ok := r.Context().Value(connKey{}).(*corkConn); ok {
				c.set(true)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// uncorkWhenIdle sends what a corked connection holds once its response is
// complete.
func uncorkWhenIdle(c net.Conn, state http.ConnState) {
	if cc, ok := c.(*corkConn); ok && (state == http.StateIdle || state == http.StateHijacked) {
		cc.set(false)
	}
}
