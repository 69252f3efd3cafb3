// Package mailtest runs a real SMTP server inside a test process
// (emersion/go-smtp) and keeps what it receives, so tests read the very
// messages the application sent.
package mailtest

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message as the server got it.
type Received struct {
	From string
	To   []string
	Data string // headers and body, as sent
}

// Server is a listening SMTP server; URL is its smtp:// address.
type Server struct {
	URL  string
	mu   sync.Mutex
	msgs []Received
}

// Start serves SMTP on a free loopback port until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: "smtp://" + l.Addr().String()}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Messages returns what arrived so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// WaitFor returns the first message to addr, waiting up to five seconds.
func (s *Server) WaitFor(t testing.TB, addr string) Received {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, m := range s.Messages() {
			for _, to := range m.To {
				if strings.EqualFold(to, addr) {
					return m
				}
			}
		}
	}
	t.Fatalf("no message to %s; got %d others", addr, len(s.Messages()))
	return Received{}
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s   *Server
	msg Received
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error { x.msg.From = from; return nil }
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.msg.To = append(x.msg.To, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.msg.Data = string(b)
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, x.msg)
	x.s.mu.Unlock()
	x.msg = Received{}
	return nil
}
func (x *session) Reset()        { x.msg = Received{} }
func (x *session) Logout() error { return nil }
