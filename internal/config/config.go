// Package config holds the server's settings, filled from flags and LUMBUNG_*
// environment variables, validated once, printable with secrets hidden.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"lumbung/internal/mail"
)

// Config is every setting of `lumbung serve`.
type Config struct {
	Addr            string // HOST:PORT to listen on
	DataDir         string // SQLite database, attachments
	DatabaseURL     string // postgres://… to use PostgreSQL instead of SQLite
	Demo            bool   // load demonstration data once
	MaxUploadMB     int64  // attachment size limit
	InsecureCookies bool   // allow session cookies over plain HTTP (development only)
	TrustedOrigins  []string
	// BaseURL is the site's public address (https://km.jakarta.go.id), the
	// only source of absolute URLs: certificates, QR codes, invitations,
	// e-mails and feeds. Never the request's Host header, which a client
	// chooses. Empty means http://ADDR, right for local development only.
	BaseURL string
	// SMTPURL (smtp://user:pass@host:port, STARTTLS when offered;
	// smtps://… for TLS from the start) and MailFrom turn e-mail on;
	// without them nothing is sent and one-time links are only shown.
	SMTPURL  string
	MailFrom string
	// IPRetentionDays is how long usage events keep the visitor's IP
	// address (UU 27/2022: no longer than needed).
	IPRetentionDays int
}

// Defaults returns the settings used when nothing is given.
func Defaults() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "data", MaxUploadMB: 25, IPRetentionDays: 30}
}

// FromEnv overlays LUMBUNG_* variables on c.
func (c *Config) FromEnv(getenv func(string) string) error {
	if v := getenv("LUMBUNG_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("LUMBUNG_DATA"); v != "" {
		c.DataDir = v
	}
	if v := getenv("LUMBUNG_DATABASE_URL"); v != "" {
		c.DatabaseURL = v
	}
	if v := getenv("LUMBUNG_MAX_UPLOAD_MB"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("LUMBUNG_MAX_UPLOAD_MB: %q is not a number", v)
		}
		c.MaxUploadMB = n
	}
	if v := getenv("LUMBUNG_INSECURE_COOKIES"); v == "1" || v == "true" {
		c.InsecureCookies = true
	}
	if v := getenv("LUMBUNG_BASE_URL"); v != "" {
		c.BaseURL = v
	}
	if v := getenv("LUMBUNG_IP_RETENTION_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("LUMBUNG_IP_RETENTION_DAYS: %q is not a number", v)
		}
		c.IPRetentionDays = n
	}
	if v := getenv("LUMBUNG_SMTP_URL"); v != "" {
		c.SMTPURL = v
	}
	if v := getenv("LUMBUNG_MAIL_FROM"); v != "" {
		c.MailFrom = v
	}
	if v := getenv("LUMBUNG_TRUSTED_ORIGINS"); v != "" {
		c.TrustedOrigins = strings.Split(v, ",")
	}
	return nil
}

// Flags registers the serve flags on fs, bound to c.
func (c *Config) Flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on, `HOST:PORT` (port 0 picks a free one)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data `DIR`: SQLite database and attachments")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load demonstration data (once)")
	fs.Int64Var(&c.MaxUploadMB, "max-upload-mb", c.MaxUploadMB, "attachment size limit in MiB")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public `URL` of the site, for links in certificates, QR codes and invitations")
	fs.StringVar(&c.SMTPURL, "smtp-url", c.SMTPURL, "SMTP server `URL` (smtp://user:pass@host:port or smtps://…) to send e-mail")
	fs.StringVar(&c.MailFrom, "mail-from", c.MailFrom, "From `address` of the e-mail sent")
	fs.BoolVar(&c.InsecureCookies, "insecure-cookies", c.InsecureCookies, "send session cookies over plain HTTP (development only)")
}

// Validate checks the settings once, at start.
func (c *Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr %q: want HOST:PORT", c.Addr))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data: a data directory is required"))
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("LUMBUNG_DATABASE_URL: want postgres://…"))
		}
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" || u.User != nil ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Opaque != "" {
			errs = append(errs, fmt.Errorf("LUMBUNG_BASE_URL %q: want http(s)://HOST[:PORT] with no path", c.BaseURL))
		}
	}
	if c.SMTPURL != "" {
		if _, err := mail.Parse(c.SMTPURL, c.MailFrom); err != nil {
			errs = append(errs, err)
		}
	} else if c.MailFrom != "" {
		errs = append(errs, errors.New("LUMBUNG_MAIL_FROM is set without LUMBUNG_SMTP_URL"))
	}
	if c.IPRetentionDays < 1 || c.IPRetentionDays > 3650 {
		errs = append(errs, fmt.Errorf("LUMBUNG_IP_RETENTION_DAYS %d: want 1 to 3650", c.IPRetentionDays))
	}
	if c.MaxUploadMB < 1 || c.MaxUploadMB > 1024 {
		errs = append(errs, fmt.Errorf("--max-upload-mb %d: want 1 to 1024", c.MaxUploadMB))
	}
	return errors.Join(errs...)
}

// PublicURL is BaseURL without a trailing slash, or http://ADDR when unset.
func (c *Config) PublicURL() string {
	if c.BaseURL != "" {
		return strings.TrimSuffix(c.BaseURL, "/")
	}
	return "http://" + c.Addr
}

// String prints the settings with the database password hidden.
func (c Config) String() string {
	db := "sqlite (" + c.DataDir + "/lumbung.db)"
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err == nil {
			db = u.Redacted()
		} else {
			db = "postgres (unparseable URL)"
		}
	}
	smtp := "off"
	if u, err := url.Parse(c.SMTPURL); err == nil && c.SMTPURL != "" {
		smtp = u.Redacted()
	}
	return fmt.Sprintf("addr=%s base_url=%s data=%s database=%s demo=%t max_upload=%dMiB insecure_cookies=%t smtp=%s",
		c.Addr, c.PublicURL(), c.DataDir, db, c.Demo, c.MaxUploadMB, c.InsecureCookies, smtp)
}
