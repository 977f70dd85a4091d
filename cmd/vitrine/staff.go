package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// cmdStaff manages staff accounts: `vitrine staff add`. The password is read from the first line of standard
// input, never from a flag, so it does not end up in the shell history or the process list.
func cmdStaff(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("staff: usage: vitrine staff add --db PATH --brand SLUG --email E --role support|marketing|privacy|admin [--name N] (password on stdin)")
	}
	fs := newFlags("staff add")
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required unless --platform)")
	email := fs.String("email", "", "email address the person signs in with (required)")
	role := fs.String("role", "", "support, marketing, privacy or admin (required)")
	name := fs.String("name", "", "the person's name, as other staff see it")
	platformAdmin := fs.Bool("platform", false, "a platform admin, of no brand: manages staff accounts and sees no customer")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return errors.New("staff: --email and --role are required")
	}
	if !slices.Contains(store.Roles, *role) {
		return fmt.Errorf("staff: --role must be support, marketing, privacy or admin, not %q", *role)
	}
	switch {
	case *platformAdmin && (*brandSlug != "" || *role != store.RoleAdmin):
		return errors.New("staff: --platform makes an admin of no brand: give --role admin and no --brand")
	case !*platformAdmin && *brandSlug == "":
		return errors.New("staff: --brand is required (or --platform for a platform admin)")
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	if len([]rune(password)) < store.MinPasswordLength {
		return fmt.Errorf("staff: the password needs at least %d characters", store.MinPasswordLength)
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	u := store.StaffUser{Email: *email, Name: *name, Role: *role}
	where := "every brand (platform admin)"
	if !*platformAdmin {
		brand, err := db.BrandBySlug(ctx, *brandSlug)
		if err != nil {
			return fmt.Errorf("staff: brand %q: %w", *brandSlug, err)
		}
		u.BrandID, where = brand.ID, brand.Name
	}
	u, err = db.CreateStaff(ctx, u, password, time.Now())
	switch {
	case errors.Is(err, store.ErrEmailTaken):
		return fmt.Errorf("staff: %s already has an account", *email)
	case errors.Is(err, store.ErrBadStaff):
		return fmt.Errorf("staff: %q is not a plain email address", *email)
	case err != nil:
		return err
	}
	fmt.Fprintf(out, "Staff account %d added: %s, %s, for %s. They sign in at /staff/login.\n", u.ID, u.Email, u.Role, where)
	return nil
}

// readPassword reads the first line of r, without its line ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("staff: read the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("staff: give the password on standard input, e.g. `read -rs PW && echo \"$PW\" | vitrine staff add …`")
	}
	return line, nil
}

// printDemoStaff prints the staff console's address and the demo staff accounts this database holds, with the
// demo password. A database seeded before staff accounts existed has none, and is told how to add one.
func printDemoStaff(ctx context.Context, db *store.DB, base string, out io.Writer) error {
	fmt.Fprintf(out, "\nStaff console: %s/staff/login\n", base)
	have := map[string]bool{}
	for _, slug := range []string{seed.BrandMaison, seed.BrandNorthwind} {
		b, err := db.BrandBySlug(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		team, err := db.StaffByBrand(ctx, b.ID)
		if err != nil {
			return err
		}
		for _, u := range team {
			have[u.Email] = true
		}
	}
	n := 0
	for _, st := range seed.DemoStaff {
		if have[st.Email] {
			fmt.Fprintf(out, "  %-32s %-8s %s (%s)\n", st.Email, st.Role, st.Name, st.Brand)
			n++
		}
	}
	if n == 0 {
		fmt.Fprintln(out, "  No demo staff account in this database; add one with `vitrine staff add` (password on stdin).")
		return nil
	}
	fmt.Fprintf(out, "  Password of every demo staff account: %s\n", seed.StaffPassword)
	return nil
}
