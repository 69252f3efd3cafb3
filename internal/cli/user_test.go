package cli_test

import (
	"context"
	"strings"
	"testing"

	"lumbung/internal/config"
	"lumbung/internal/server"
	"lumbung/internal/store/storetest"
)

// TestUserResetLink: `user reset-link` prints one link at the base URL,
// which sets the password once; a new one replaces it; an unknown e-mail
// is an error.
func TestUserResetLink(t *testing.T) {
	dir := t.TempDir()
	dbURL := storetest.SchemaURL(t)
	if code, _, stderr := run(t, dbURL, "sandi-lama-sekali\n", "user", "add", "--data", dir, "--email", "ani@dinas.go.id", "--name", "Ani",
		"--org", "root", "--role", "contributor", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %d %s", code, stderr)
	}
	link := func() string {
		t.Helper()
		code, out, stderr := run(t, dbURL, "", "user", "reset-link", "--data", dir, "--email", "Ani@dinas.go.id", "--base-url", "https://km.example.go.id/")
		if code != 0 || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "https://km.example.go.id/undangan/") || !strings.Contains(stderr, "ani@dinas.go.id") {
			t.Fatalf("reset-link: exit %d, stdout %q, stderr %q", code, out, stderr)
		}
		return strings.TrimSpace(out)
	}
	first, second := link(), link()
	if first == second {
		t.Fatal("two reset links are the same")
	}
	if code, _, stderr := run(t, dbURL, "", "user", "reset-link", "--data", dir, "--email", "siapa@dinas.go.id"); code == 0 || !strings.Contains(stderr, "no user") {
		t.Errorf("unknown e-mail: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := run(t, dbURL, "", "user", "reset-link", "--data", dir); code == 0 {
		t.Error("no --email: exit 0")
	}

	cfg := config.Defaults()
	cfg.DataDir, cfg.DatabaseURL = dir, dbURL
	a, err := server.OpenApp(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Store.Close()
	a.BcryptCost = 4
	tok := func(u string) string { return u[strings.LastIndex(u, "/")+1:] }
	ctx := context.Background()
	if _, err := a.UseLink(ctx, tok(first), "sandi-baru-sekali", ""); err == nil {
		t.Error("the replaced link still works")
	}
	if _, err := a.UseLink(ctx, tok(second), "sandi-baru-sekali", ""); err != nil {
		t.Fatalf("the newest link: %v", err)
	}
	if _, err := a.Login(ctx, "ani@dinas.go.id", "sandi-baru-sekali", ""); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
}
