package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"vitrine/store"
)

// cmdSSO sets, shows and removes a brand's single sign-on for staff: `vitrine sso set|show|remove`. The client
// secret is read from a file or from the first line of standard input, never from a flag, so that it stays out
// of the shell history and the process list; `show` never prints it.
func cmdSSO(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	const use = "sso: usage: vitrine sso set|show|remove --db PATH --brand SLUG (see vitrine help)"
	// The verb is checked before anything is opened: `vitrine sso --db X …` must not open (and create) the
	// default database and then say the brand is not found.
	if len(args) == 0 || (args[0] != "set" && args[0] != "show" && args[0] != "remove") {
		return errors.New(use)
	}
	fs := newFlags("sso " + args[0])
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	issuer := fs.String("issuer", "", "the identity provider's issuer URL, e.g. https://login.example.com/realms/staff")
	clientID := fs.String("client-id", "", "vitrine's client id at the provider")
	secretFile := fs.String("secret-file", "", "file holding the client secret (default: first line of standard input)")
	roleClaim := fs.String("role-claim", "groups", "the ID-token claim that carries the role, e.g. groups or vitrine_role")
	roleMap := fs.String("role-map", "", "claim values and the roles they give: 'vitrine-admins=admin,vitrine-privacy=privacy,support=support'")
	domains := fs.String("domains", "", "e-mail domains the provider vouches for, comma-separated")
	passwords := fs.Bool("password-login", true, "whether the brand's staff may still sign in with a password (--password-login=false turns it off)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	db, brand, err := openBrand(ctx, "sso", *dbPath, *brandSlug)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "set":
		cfg := store.SSOConfig{BrandID: brand.ID, Issuer: *issuer, ClientID: *clientID, RoleClaim: *roleClaim,
			Domains: splitList(*domains), PasswordLogin: *passwords, RoleMap: map[string]string{}}
		for _, pair := range splitList(*roleMap) {
			value, role, ok := strings.Cut(pair, "=")
			if !ok || strings.TrimSpace(value) == "" || store.RoleRank(strings.TrimSpace(role)) == 0 {
				return fmt.Errorf("sso: --role-map: %q is not VALUE=support|marketing|privacy|admin", pair)
			}
			cfg.RoleMap[strings.TrimSpace(value)] = strings.TrimSpace(role)
		}
		if cfg.ClientSecret, err = readSecret(*secretFile, stdin); err != nil {
			return err
		}
		err := db.SetSSO(ctx, cfg, time.Now())
		switch {
		case errors.Is(err, store.ErrDomainTaken):
			return errors.New("sso: another brand's single sign-on already uses one of these --domains")
		case err != nil:
			return err
		}
		fmt.Fprintf(out, "Single sign-on set for %s. Register this redirect URI at the provider: BASE_URL/staff/sso/callback\n", brand.Name)
		return nil
	case "show":
		cfg, err := db.SSOByBrand(ctx, brand.ID)
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(out, "%s has no single sign-on: its staff sign in with passwords.\n", brand.Name)
			return nil
		}
		if err != nil {
			return err
		}
		values := make([]string, 0, len(cfg.RoleMap))
		for v := range cfg.RoleMap {
			values = append(values, v)
		}
		sort.Strings(values)
		for i, v := range values {
			values[i] = v + "=" + cfg.RoleMap[v]
		}
		fmt.Fprintf(out, "brand           %s\nissuer          %s\nclient id       %s\nclient secret   (set, %d characters; never shown)\n"+
			"role claim      %s\nrole map        %s\ndomains         %s\npassword login  %t\nupdated         %s\n",
			brand.Slug, cfg.Issuer, cfg.ClientID, len(cfg.ClientSecret), cfg.RoleClaim, strings.Join(values, ","),
			strings.Join(cfg.Domains, ","), cfg.PasswordLogin, cfg.UpdatedAt.Format(time.RFC3339))
		return nil
	case "remove":
		removed, err := db.RemoveSSO(ctx, brand.ID)
		if err != nil {
			return err
		}
		if !removed {
			fmt.Fprintf(out, "%s had no single sign-on.\n", brand.Name)
			return nil
		}
		fmt.Fprintf(out, "Single sign-on removed for %s: its staff sign in with passwords again.\n", brand.Name)
		return nil
	}
	return errors.New(use)
}

// splitList splits a comma-separated flag, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// readSecret reads the client secret from a file, or from the first line of standard input.
func readSecret(file string, stdin io.Reader) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("sso: --secret-file: %w", err)
		}
		if s := strings.TrimSpace(string(b)); s != "" {
			return s, nil
		}
		return "", errors.New("sso: the --secret-file is empty")
	}
	s, err := readPassword(stdin)
	if err != nil {
		return "", errors.New("sso: give the client secret on standard input or with --secret-file")
	}
	return strings.TrimSpace(s), nil
}
