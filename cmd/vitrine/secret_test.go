package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
	"vitrine/token"
)

// secretLines reads what `vitrine secret create|rotate` printed as a brand's backend would: the VITRINE_KID and
// VITRINE_SECRET lines, the secret base64url-encoded.
func secretLines(t *testing.T, out string) (kid string, secret []byte) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "VITRINE_SECRET=") {
		t.Fatalf("the last line is %q, want VITRINE_SECRET=…", last)
	}
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, "VITRINE_KID="); ok {
			kid = v
		}
	}
	secret, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(last, "VITRINE_SECRET="))
	if err != nil || len(secret) != 32 || kid == "" {
		t.Fatalf("output %q: kid %q, secret of %d bytes (%v); want a kid and 32 bytes of base64url", out, kid, len(secret), err)
	}
	return kid, secret
}

// TestSecretCommands rotates a brand's signing key from the command line: the printed kid and secret mint a
// token vitrine accepts, the old key keeps verifying for its grace (or stops at once with --now), list never
// prints a secret, and create refuses while a key signs.
func TestSecretCommands(t *testing.T) {
	ctx := context.Background()
	dbPath := storetest.DSN(t, "v")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 100, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	brand, err := db.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := cmdSecret(ctx, append(args[:1:1], append([]string{"--db", dbPath}, args[1:]...)...), strings.NewReader(""), &out)
		return out.String(), err
	}
	// verifies reports whether vitrine accepts a session token signed with kid and secret right now.
	verifies := func(kid string, secret []byte) bool {
		t.Helper()
		now := time.Now()
		tok, err := token.Sign(token.Key{KID: kid, Secret: secret}, brand.Slug, seed.CamilleID, token.AudSession, time.Minute, now)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := db.BrandKeys(ctx, brand.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		var tk []token.Key
		for _, k := range keys {
			tk = append(tk, token.Key{KID: k.KID, Secret: k.Secret})
		}
		_, err = token.Verify(tok, tk, brand.Slug, token.AudSession, now)
		return err == nil
	}

	if _, err := run("create", "--brand", seed.BrandMaison); err == nil || !strings.Contains(err.Error(), "vitrine secret rotate") {
		t.Fatalf("create beside a signing key: %v, want a refusal that points to rotate", err)
	}
	out, err := run("rotate", "--brand", seed.BrandMaison)
	if err != nil {
		t.Fatal(err)
	}
	kid1, secret1 := secretLines(t, out)
	if !verifies(kid1, secret1) {
		t.Fatal("a token signed with the printed kid and secret is refused")
	}
	out, err = run("rotate", "--brand", seed.BrandMaison)
	if err != nil {
		t.Fatal(err)
	}
	kid2, secret2 := secretLines(t, out)
	if kid2 == kid1 || !verifies(kid2, secret2) || !verifies(kid1, secret1) {
		t.Fatalf("after a rotation with grace, the new key (%s) and the old (%s) must both verify", kid2, kid1)
	}
	if verifies(kid2, secret1) {
		t.Fatal("the old secret verifies under the new key id")
	}

	list, err := run("list", "--brand", seed.BrandMaison)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range [][]byte{secret1, secret2} {
		if strings.Contains(list, base64.RawURLEncoding.EncodeToString(s)) {
			t.Fatalf("list printed a secret:\n%s", list)
		}
	}
	rows := strings.Split(strings.TrimSpace(list), "\n")
	if len(rows) != 4 || !strings.HasPrefix(rows[1], kid2) || !strings.Contains(rows[1], "signs new tokens") ||
		!strings.HasPrefix(rows[2], kid1) || !strings.Contains(rows[2], "verifies until") {
		t.Fatalf("list = \n%s\nwant the new key signing, then the old one verifying until its retirement, then the seeded one", list)
	}

	out, err = run("rotate", "--brand", seed.BrandMaison, "--now")
	if err != nil {
		t.Fatal(err)
	}
	kid3, secret3 := secretLines(t, out)
	if !verifies(kid3, secret3) || verifies(kid2, secret2) || verifies(kid1, secret1) {
		t.Fatal("rotate --now must leave only the new key verifying")
	}
	if list, _ := run("list", "--brand", seed.BrandMaison); !strings.Contains(list, "retired") {
		t.Fatalf("list after --now does not show the old keys retired:\n%s", list)
	}

	// Once every key is retired (here by hand), create makes the brand a signing key again.
	if _, err := db.Writer().ExecContext(ctx, `UPDATE brand_keys SET retired_at = 1 WHERE brand_id = `+strconv.FormatInt(brand.ID, 10)); err != nil {
		t.Fatal(err)
	}
	out, err = run("create", "--brand", seed.BrandMaison)
	if err != nil {
		t.Fatal(err)
	}
	if kid, secret := secretLines(t, out); !verifies(kid, secret) {
		t.Fatal("the created key does not verify")
	}

	// The brand's own public keys: added from a file, listed, refused when private, RSA or of a taken kid,
	// removed.
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	x := base64.RawURLEncoding.EncodeToString(ed.Public().(ed25519.PublicKey))
	dir := t.TempDir()
	jwkFile := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out, err = run("add-public", "--brand", seed.BrandMaison, "--jwk", jwkFile("pub.jwk", `{"kty":"OKP","crv":"Ed25519","x":"`+x+`","kid":"ours-1"}`))
	if err != nil || !strings.HasSuffix(out, "VITRINE_KID=ours-1\n") {
		t.Fatalf("add-public: %q, %v", out, err)
	}
	if list, _ := run("list", "--brand", seed.BrandMaison); !strings.Contains(list, "ours-1") || !strings.Contains(list, "EdDSA") {
		t.Fatalf("list does not show the public key:\n%s", list)
	}
	for _, c := range []struct{ name, jwk, want string }{
		{"private.jwk", `{"kty":"OKP","crv":"Ed25519","x":"` + x + `","d":"` + base64.RawURLEncoding.EncodeToString(ed.Seed()) + `"}`, "private key"},
		{"rsa.jwk", `{"kty":"RSA","n":"AQAB","e":"AQAB"}`, "RSA"},
		{"taken.jwk", `{"kty":"OKP","crv":"Ed25519","x":"` + x + `","kid":"` + kid3 + `"}`, "already has a key"},
	} {
		if _, err := run("add-public", "--brand", seed.BrandMaison, "--jwk", jwkFile(c.name, c.jwk)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("add-public %s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := run("remove-public", "--brand", seed.BrandMaison, "--kid", "ours-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := run("remove-public", "--brand", seed.BrandMaison, "--kid", "ours-1"); err == nil || !strings.Contains(err.Error(), "no public key") {
		t.Errorf("removing it twice: %v", err)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"add-public", "--brand", seed.BrandMaison}, "--jwk FILE is required"},
		{[]string{"rotate"}, "--brand is required"},
		{[]string{"rotate", "--brand", "nope"}, `brand "nope"`},
		{[]string{"show", "--brand", seed.BrandMaison}, "unknown action"},
	} {
		if _, err := run(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
}
