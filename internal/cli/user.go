package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintln(env.Stderr, "Usage: lumbung user add|grant|list|reset-link [flags] (each takes --help)")
		if len(args) == 0 {
			return usageErr("missing subcommand: add, grant, list or reset-link")
		}
		return nil
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, env, args[1:])
	case "grant":
		return userGrant(ctx, env, args[1:])
	case "list":
		return userList(ctx, env, args[1:])
	case "reset-link":
		return userResetLink(ctx, env, args[1:])
	}
	return usageErr("unknown subcommand %q: want add, grant, list or reset-link", args[0])
}

func roleList() string {
	s := make([]string, len(km.Roles))
	for i, r := range km.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

func userAdd(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "user add", "user add --data DIR --email E --name N --org CODE --role ROLE[,ROLE] --password-stdin")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	email := fs.String("email", "", "e-mail address (the login)")
	name := fs.String("name", "", "full name")
	org := fs.String("org", "", "organisation `CODE` the person belongs to")
	roles := fs.String("role", "", "role(s) over that organisation: "+roleList())
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *name == "" || *org == "" || *roles == "" {
		return usageErr("--email, --name, --org and --role are required")
	}
	var rs []km.Role
	for _, r := range strings.Split(*roles, ",") {
		role := km.Role(strings.TrimSpace(r))
		if !role.Valid() {
			return usageErr("unknown role %q: want one of %s", r, roleList())
		}
		rs = append(rs, role)
	}
	pw := ""
	if *pwStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageErr("--password-stdin: no password on standard input")
		}
		pw = strings.TrimRight(line, "\r\n")
		if pw == "" {
			return usageErr("--password-stdin: empty password")
		}
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	u, err := a.CreateUser(ctx, app.System, app.NewUser{Email: *email, Name: *name, OrgCode: *org, Password: pw, Roles: rs})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "created user %d %s (%s) in %s\n", u.ID, u.Email, *roles, *org)
	return nil
}

func userGrant(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "user grant", "user grant --data DIR --email E --org CODE --role ROLE")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	email := fs.String("email", "", "e-mail address")
	org := fs.String("org", "", "organisation `CODE` the role covers (with its units)")
	role := fs.String("role", "", "role: "+roleList())
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *org == "" || !km.Role(*role).Valid() {
		return usageErr("--email, --org and a valid --role (%s) are required", roleList())
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	if err := a.GrantRole(ctx, app.System, *email, km.Role(*role), *org); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "granted %s over %s to %s\n", *role, *org, *email)
	return nil
}

func userList(ctx context.Context, env Env, args []string) error {
	a, err := openData(ctx, env, "user list", "user list --data DIR", args)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	users, err := a.Store.Users(ctx, "")
	if err != nil {
		return err
	}
	for _, u := range users {
		var gs []string
		for _, g := range u.Grants {
			gs = append(gs, string(g.Role)+"@"+g.OrgCode)
		}
		fmt.Fprintf(env.Stdout, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.OrgCode, strings.Join(gs, ","))
	}
	return nil
}

// userResetLink prints a one-time link that sets a new password for the
// user: for the operator to pass on by hand, as long as the server sends
// no e-mail. Earlier unused reset links of the user stop working.
func userResetLink(ctx context.Context, env Env, args []string) error {
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "user reset-link", "user reset-link --data DIR --email E [--base-url URL]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public `URL` of the site the link points to (LUMBUNG_BASE_URL)")
	email := fs.String("email", "", "whose password to reset")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return usageErr("--email is required")
	}
	if err := cfg.Validate(); err != nil {
		return usageErr("%v", err)
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	l, err := a.ResetLink(ctx, app.System, *email)
	if errors.Is(err, km.ErrNotFound) {
		var lr *app.LinkRefusal
		if errors.As(err, &lr) {
			return fmt.Errorf("%s: %s", *email, lr.Reason)
		}
		return fmt.Errorf("no user with e-mail %s", *email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, l.URL)
	fmt.Fprintf(env.Stderr, "one-time link for %s, valid until %s; earlier reset links no longer work\n", l.Email, l.ExpiresAt.Local().Format("2006-01-02 15:04 MST"))
	return nil
}

func runToken(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprintln(env.Stderr, "Usage: lumbung token create --data DIR --email E [--name NAME]")
			return nil
		}
		return usageErr("want: token create --data DIR --email E")
	}
	cfg, err := baseConfig(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "token create", "token create --data DIR --email E [--name NAME]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `DIR`")
	email := fs.String("email", "", "whose token it is")
	name := fs.String("name", "cli", "a label for the token")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return usageErr("--email is required")
	}
	a, err := openApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	tok, err := a.CreateToken(ctx, app.System, *email, *name)
	if err != nil {
		if errors.Is(err, km.ErrNotFound) {
			return fmt.Errorf("no user with e-mail %s", *email)
		}
		return err
	}
	fmt.Fprintln(env.Stdout, tok)
	return nil
}
