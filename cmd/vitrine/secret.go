package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"vitrine/store"
	"vitrine/token"
)

const secretUsage = "secret: usage: vitrine secret create|rotate|list|add-public|remove-public --db PATH --brand SLUG [--now] [--jwk FILE] [--kid KID]"

// cmdSecret manages the keys a brand's backend mints customer links and widget tokens with: HS256 secrets,
// printed only by the command that makes them, and the brand's own public keys (ES256 or EdDSA JWKs), whose
// private halves vitrine never sees.
func cmdSecret(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(secretUsage)
	}
	sub := args[0]
	fs := newFlags("secret " + sub)
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	retireNow := fs.Bool("now", false, "rotate: the old key stops verifying at once (after a leak), instead of a day later")
	jwkFile := fs.String("jwk", "", `add-public: a file holding your public key as a JWK or a JWK Set, ES256 or EdDSA ("-": standard input)`)
	kid := fs.String("kid", "", "remove-public: the key id of the public key to remove")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	switch sub {
	case "create", "rotate", "list":
	case "add-public":
		if *jwkFile == "" {
			return errors.New("secret add-public: --jwk FILE is required (your public key as a JWK or JWK Set)")
		}
	case "remove-public":
		if *kid == "" {
			return errors.New("secret remove-public: --kid is required (see 'vitrine secret list')")
		}
	default:
		return fmt.Errorf("secret: unknown action %q (create, rotate, list, add-public or remove-public)", sub)
	}
	db, brand, err := openBrand(ctx, "secret", *dbPath, *brandSlug)
	if err != nil {
		return err
	}
	defer db.Close()
	now := db.Now()
	switch sub {
	case "create":
		k, err := db.CreateBrandKey(ctx, brand.ID, now)
		if errors.Is(err, store.ErrKeyActive) {
			return fmt.Errorf("secret create: %s already has a signing key; make a new one with 'vitrine secret rotate --brand %s'", brand.Slug, brand.Slug)
		}
		if err != nil {
			return err
		}
		printSecret(out, brand, k, "")
		return nil
	case "rotate":
		k, err := db.RotateBrandKey(ctx, brand.ID, *retireNow, store.KeyGrace, now)
		if err != nil {
			return err
		}
		old := fmt.Sprintf("The old keys keep working until %s.", now.Add(store.KeyGrace).UTC().Format(time.DateTime+" UTC"))
		if *retireNow {
			old = "The old keys stopped working now."
		}
		printSecret(out, brand, k, old)
		return nil
	case "add-public":
		data, err := readJWKFile(*jwkFile, in)
		if err != nil {
			return err
		}
		parsed, err := token.ParseJWKs(data)
		if err != nil {
			return fmt.Errorf("secret add-public: %w", err)
		}
		keys := make([]store.BrandPublicKey, len(parsed))
		for i, p := range parsed {
			keys[i] = store.BrandPublicKey{KID: p.KID, Alg: p.Alg, JWK: p.JWK}
		}
		added, err := db.AddBrandPublicKeys(ctx, brand.ID, keys, now)
		if errors.Is(err, store.ErrKIDTaken) {
			return fmt.Errorf("secret add-public: %s already has a key of that kid (%w); give the new key another kid", brand.Slug, err)
		}
		if err != nil {
			return err
		}
		for _, k := range added {
			fmt.Fprintf(out, "Public key %s (%s) added for %s: tokens whose header says kid %q and alg %q are now checked with it.\n", k.KID, k.Alg, brand.Name, k.KID, k.Alg)
			fmt.Fprintf(out, "VITRINE_KID=%s\n", k.KID)
		}
		return nil
	case "remove-public":
		if err := db.RemoveBrandPublicKey(ctx, brand.ID, *kid); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("secret remove-public: %s has no public key %q (see 'vitrine secret list')", brand.Slug, *kid)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(out, "Public key %s of %s removed: tokens it signed stop working now.\n", *kid, brand.Name)
		return nil
	default: // list
		keys, err := db.ListBrandKeys(ctx, brand.ID)
		if err != nil {
			return err
		}
		public, err := db.BrandPublicKeys(ctx, brand.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KID\tALG\tCREATED\tSTATE")
		for _, k := range public {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.KID, k.Alg, k.CreatedAt.Format(time.DateTime), "your public key: verifies what your private key signs")
		}
		for _, k := range keys {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.KID, "HS256", k.CreatedAt.Format(time.DateTime), keyState(k, now))
		}
		return tw.Flush()
	}
}

// printSecret prints a new key as the README's snippets read it: VITRINE_KID and VITRINE_SECRET lines, the
// secret base64url-encoded without padding and on the last line, so `grep ^VITRINE_ > vitrine.env` keeps both.
func printSecret(out io.Writer, b store.Brand, k store.BrandKey, old string) {
	fmt.Fprintf(out, "New signing key %s for %s. The secret is shown only now: put both lines in your backend's secret store.\n", k.KID, b.Name)
	if old != "" {
		fmt.Fprintln(out, old)
	}
	fmt.Fprintf(out, "VITRINE_KID=%s\n", k.KID)
	fmt.Fprintf(out, "VITRINE_SECRET=%s\n", base64.RawURLEncoding.EncodeToString(k.Secret))
}

// readJWKFile reads the pasted key from a file, or standard input for "-", refusing anything far larger than a
// key set (a wrong file given by mistake).
func readJWKFile(path string, in io.Reader) ([]byte, error) {
	var r io.Reader = in
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("secret add-public: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, 64<<10+1))
	if err != nil {
		return nil, fmt.Errorf("secret add-public: %w", err)
	}
	if len(data) > 64<<10 {
		return nil, errors.New("secret add-public: the file is over 64 KiB, too large for a key set")
	}
	return data, nil
}

// keyState says whether a key signs new tokens, still verifies until its retirement, or is retired.
func keyState(k store.BrandKey, now time.Time) string {
	switch {
	case k.Signs():
		return "signs new tokens"
	case k.RetiredAt.After(now):
		return "verifies until " + k.RetiredAt.Format(time.DateTime) + ", signs nothing"
	default:
		return "retired " + k.RetiredAt.Format(time.DateTime)
	}
}
