// Package mail sends the platform's e-mail over SMTP: one-time links now,
// notifications and digests later. It owns the settings' parsing
// (LUMBUNG_SMTP_URL, LUMBUNG_MAIL_FROM) and the message format (plain text
// with an HTML alternative); it knows nothing of what the messages say.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"

	gomail "github.com/wneessen/go-mail"
)

// Message is one e-mail to one person.
type Message struct {
	To      string
	Subject string
	Text    string // the plain-text body, always sent
	HTML    string // an HTML alternative, optional
	// Headers are extra headers, e.g. List-Unsubscribe.
	Headers map[string]string
}

// Sender sends messages through one SMTP server.
type Sender struct {
	host     string
	port     int
	implicit bool // smtps://: TLS from the first byte
	user     string
	pass     string
	from     string
	// Insecure accepts a server certificate that does not verify; only
	// tests set it.
	Insecure bool
}

// Parse checks an SMTP URL (smtp://user:pass@host:port, STARTTLS when the
// server offers it; smtps://… for TLS from the start) and a From address.
func Parse(rawURL, from string) (*Sender, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return nil, errors.New("LUMBUNG_SMTP_URL: want smtp://[user:password@]host[:port] or smtps://…")
	}
	s := &Sender{host: u.Hostname(), implicit: u.Scheme == "smtps", port: 587}
	if s.implicit {
		s.port = 465
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("LUMBUNG_SMTP_URL: port %q", p)
		}
		s.port = n
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("LUMBUNG_MAIL_FROM %q: not an e-mail address", from)
	}
	s.from = a.String()
	return s, nil
}

// Send delivers m. It dials the server for every call: messages are few
// (links, digests sent by a job), and a long-lived connection would need
// its own keep-alive and reconnect logic for nothing.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail: to %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for k, v := range m.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTLSPolicy(gomail.TLSOpportunistic)}
	if s.implicit {
		opts = append(opts, gomail.WithSSLPort(false))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.user), gomail.WithPassword(s.pass))
	}
	c, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("mail: client: %w", err)
	}
	if s.Insecure {
		if err := c.SetTLSConfig(insecureTLS()); err != nil {
			return err
		}
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", m.To, err)
	}
	return nil
}
