package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"vitrine/regfile"
	"vitrine/store"
)

// cmdRegistry exports the brand's registry as YAML, or applies a file: a dry run showing the changes by
// default, and the changes themselves with --yes, each recorded in the registry's change log. With --as, the
// changes are made as that staff member: a member who may publish (privacy, admin) applies them; anyone else
// (marketing), or anyone with --propose, sends each as a proposal a colleague approves in /admin/proposals.
// Without --as the operator, who holds the database itself, applies them.
func cmdRegistry(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "lint" {
		return cmdRegistryLint(args[1:], out)
	}
	if len(args) == 0 || (args[0] != "export" && args[0] != "apply") {
		return errors.New("registry: usage: vitrine registry export|apply --db PATH --brand SLUG [FILE] [--yes] [--as EMAIL [--propose] [--note TEXT]], or vitrine registry lint FILE")
	}
	sub := args[0]
	fs := newFlags("registry " + sub)
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	yes := fs.Bool("yes", false, "apply: make the changes (without it, only show them)")
	as := fs.String("as", "", "apply: the staff member's e-mail the changes are made as; marketing's become proposals")
	propose := fs.Bool("propose", false, "apply: send the changes as proposals for a colleague to approve, even when --as may publish")
	note := fs.String("note", "", "apply: the reason given with proposals, for the reviewer")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	db, brand, err := openBrand(ctx, "registry", *dbPath, *brandSlug)
	if err != nil {
		return err
	}
	defer db.Close()
	reg, err := db.Registry(ctx, brand.ID)
	if err != nil {
		return err
	}
	if sub == "export" {
		b, err := regfile.Marshal(regfile.Export(brand.Slug, reg))
		if err != nil {
			return err
		}
		_, err = out.Write(b)
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("registry apply: give the file to apply")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("registry apply: %w", err)
	}
	f, errs := regfile.Parse(data)
	if len(errs) == 0 {
		errs = regfile.Check(reg, f) // what only the brand's registry can tell, such as a factor's kind of data
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(out, "%s:%d: %s\n", fs.Arg(0), e.Line, e.Message)
		}
		return fmt.Errorf("registry apply: %d problems in %s; nothing was changed", len(errs), fs.Arg(0))
	}
	if f.Brand != "" && f.Brand != brand.Slug {
		return fmt.Errorf("registry apply: the file is for brand %q, not %q; nothing was changed", f.Brand, brand.Slug)
	}
	steps := regfile.Plan(reg, f)
	if len(steps) == 0 {
		fmt.Fprintln(out, "No change: the registry already matches the file.")
		return nil
	}
	for _, s := range steps {
		fmt.Fprintln(out, s)
	}
	var u store.StaffUser
	if *as != "" {
		if u, err = db.StaffByEmail(ctx, *as); errors.Is(err, store.ErrNotFound) || (err == nil && u.BrandID != brand.ID) {
			return fmt.Errorf("registry apply: %s is not a staff member of %s; nothing was changed", *as, brand.Slug)
		}
		if err != nil {
			return err
		}
	}
	if *propose && *as == "" {
		return errors.New("registry apply: --propose needs --as EMAIL, the staff member who proposes; nothing was changed")
	}
	proposes := *as != "" && (*propose || !store.RoleAllows(u.Role, store.RolePrivacy))
	if !*yes {
		if proposes {
			fmt.Fprintf(out, "Dry run: %d changes shown, none made. Run again with --yes to send each one for approval.\n", len(steps))
		} else {
			fmt.Fprintf(out, "Dry run: %d changes shown, none made. Run again with --yes to apply them.\n", len(steps))
		}
		return nil
	}
	if *as != "" {
		if proposes {
			_, ids, err := regfile.Propose(ctx, db, brand, reg, f, u, *note)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "Sent %d proposals for approval; nothing reaches customers until a colleague approves each one:\n", len(ids))
			for _, id := range ids {
				fmt.Fprintf(out, "  /admin/proposals/%d\n", id)
			}
			return nil
		}
		if _, err := regfile.Apply(ctx, db, brand, reg, f, u.Email, time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(out, "Applied %d changes as %s; each is in the registry's change log.\n", len(steps), u.Email)
		return nil
	}
	actor := "registry apply"
	if u, err := user.Current(); err == nil {
		actor += " by " + u.Username
	}
	if _, err := regfile.Apply(ctx, db, brand, reg, f, actor, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(out, "Applied %d changes; each is in the registry's change log.\n", len(steps))
	return nil
}
