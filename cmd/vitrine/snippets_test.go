package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"vitrine/handlers"
	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// snippetRe finds the README's token programs: a fenced block whose first line is a comment naming its file.
var snippetRe = regexp.MustCompile("(?s)```(?:go|js|python)\n(?://|#) ([a-z_-]+\\.(?:go|mjs|py)):[^\n]*\n.*?```")

// readmeSnippets returns the README's token programs by file name, as a brand engineer would copy them.
func readmeSnippets(t *testing.T) map[string]string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range snippetRe.FindAllStringSubmatch(string(readme), -1) {
		body := m[0][strings.Index(m[0], "\n")+1 : len(m[0])-3]
		out[m[1]] = body
	}
	return out
}

// skipSnippet skips a language whose runtime or library this machine lacks, unless VITRINE_REQUIRE_SNIPPETS is
// set (CI installs them all), where a snippet that cannot run is a failure.
func skipSnippet(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("VITRINE_REQUIRE_SNIPPETS") != "" {
		t.Fatalf("VITRINE_REQUIRE_SNIPPETS is set but %s", why)
	}
	t.Skip(why)
}

// snippetRunner prepares a directory where the program file runs, and the command that runs it; it skips the
// language when this machine cannot.
type snippetRunner func(t *testing.T, dir, file string) *exec.Cmd

var snippetRunners = map[string]snippetRunner{
	"vitrine-token.go":          goSnippet,
	"vitrine-token.mjs":         nodeSnippet,
	"vitrine_token.py":          pythonSnippet,
	"vitrine-token-own-key.go":  goSnippet,
	"vitrine-token-own-key.mjs": nodeSnippet,
	"vitrine_token_own_key.py":  pythonSnippet,
	"vitrine-webhook.go":        goSnippet,
	"vitrine-webhook.mjs":       nodeSnippet,
	"vitrine_webhook.py":        pythonSnippet,
}

// goSnippet runs the Go program in a module of its own that requires golang-jwt at the version vitrine uses,
// from the module cache (no network).
func goSnippet(t *testing.T, dir, file string) *exec.Cmd {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		skipSnippet(t, "no go command: "+err.Error())
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	jwtVersion := regexp.MustCompile(`github\.com/golang-jwt/jwt/v5 (v\S+)`).FindStringSubmatch(string(mod))
	goLine := regexp.MustCompile(`(?m)^go \S+$`).FindString(string(mod))
	sums, err := os.ReadFile("../../go.sum")
	if err != nil || jwtVersion == nil {
		t.Fatalf("go.mod names no golang-jwt/jwt/v5 (%v)", err)
	}
	var sum strings.Builder
	for _, l := range strings.Split(string(sums), "\n") {
		if strings.HasPrefix(l, "github.com/golang-jwt/jwt/v5 "+jwtVersion[1]) {
			sum.WriteString(l + "\n")
		}
	}
	write(t, filepath.Join(dir, "go.mod"), "module snippet\n\n"+goLine+"\n\nrequire github.com/golang-jwt/jwt/v5 "+jwtVersion[1]+"\n")
	write(t, filepath.Join(dir, "go.sum"), sum.String())
	cmd := exec.Command(goBin, "run", file)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	return cmd
}

// nodeSnippet runs the Node.js program with panva's jose: Debian's node-jose, or one npm installed globally.
func nodeSnippet(t *testing.T, dir, file string) *exec.Cmd {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		skipSnippet(t, "no node: "+err.Error())
	}
	var jose string
	for _, d := range []string{"/usr/share/nodejs/jose", "/usr/lib/nodejs/jose", "/usr/lib/node_modules/jose", "/usr/local/lib/node_modules/jose"} {
		if _, err := os.Stat(filepath.Join(d, "package.json")); err == nil {
			jose = d
			break
		}
	}
	if jose == "" {
		skipSnippet(t, "the jose library for Node.js is not installed (apt-get install node-jose)")
	}
	// An ES module finds its imports in node_modules beside it, as in the brand's own project.
	if err := os.MkdirAll(filepath.Join(dir, "node_modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(jose, filepath.Join(dir, "node_modules", "jose")); err != nil {
		t.Fatal(err)
	}
	return exec.Command(node, file)
}

// pythonSnippet runs the Python program with the first python3 that has PyJWT and cryptography.
func pythonSnippet(t *testing.T, dir, file string) *exec.Cmd {
	t.Helper()
	var candidates []string
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/python3")
	for _, py := range candidates {
		if exec.Command(py, "-c", "import jwt, cryptography").Run() == nil {
			return exec.Command(py, file)
		}
	}
	skipSnippet(t, "no python3 with PyJWT and cryptography (apt-get install python3-jwt python3-cryptography)")
	return nil
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestREADMESnippetsMintWorkingTokens takes the Go, Node.js and Python programs of the README as they are
// written, gives them the key `vitrine secret rotate` printed, or a private key whose public JWK
// `vitrine secret add-public` registered (ES256 and EdDSA), and opens the customer's widget with the token each
// prints on a running vitrine server.
func TestREADMESnippetsMintWorkingTokens(t *testing.T) {
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
	srv := httptest.NewServer(handlers.New(&handlers.Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	keyDir := t.TempDir()

	// secret runs `vitrine secret` and returns the VITRINE_ lines it printed, as a brand puts them in its
	// environment.
	secret := func(args ...string) []string {
		t.Helper()
		var out bytes.Buffer
		if err := cmdSecret(ctx, append(args[:1:1], append([]string{"--db", dbPath, "--brand", seed.BrandMaison}, args[1:]...)...), nil, &out); err != nil {
			t.Fatal(err)
		}
		var env []string
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, "VITRINE_") {
				env = append(env, l)
			}
		}
		return env
	}
	// ownKey writes a private key as openssl genpkey does (PKCS #8 PEM), registers its public JWK (without kid,
	// as Node's export makes it) and returns the environment of the backend that signs with it.
	ownKey := func(name string, priv crypto.Signer, jwk string) []string {
		t.Helper()
		der, err := x509.MarshalPKCS8PrivateKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		keyFile := filepath.Join(keyDir, name+".pem")
		write(t, keyFile, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))
		jwkFile := filepath.Join(keyDir, name+".jwk")
		write(t, jwkFile, jwk)
		env := secret("add-public", "--jwk", jwkFile)
		if len(env) != 1 || !strings.HasPrefix(env[0], "VITRINE_KID=") {
			t.Fatalf("add-public printed %q, want one VITRINE_KID line", env)
		}
		return append(env, "VITRINE_KEY_FILE="+keyFile)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	point, _ := ec.PublicKey.Bytes()
	_, ed, _ := ed25519.GenerateKey(rand.Reader)

	hsEnv := secret("rotate")
	if len(hsEnv) != 2 {
		t.Fatalf("secret rotate printed %q, want VITRINE_KID and VITRINE_SECRET lines", hsEnv)
	}
	setups := []struct {
		name  string
		env   []string
		files []string
	}{
		{"HS256", hsEnv, []string{"vitrine-token.go", "vitrine-token.mjs", "vitrine_token.py"}},
		{"ES256", ownKey("ec", ec, fmt.Sprintf(`{"kty":"EC","crv":"P-256","x":%q,"y":%q}`, b64(point[1:33]), b64(point[33:]))),
			[]string{"vitrine-token-own-key.go", "vitrine-token-own-key.mjs", "vitrine_token_own_key.py"}},
		{"EdDSA", ownKey("ed", ed, fmt.Sprintf(`{"kty":"OKP","crv":"Ed25519","x":%q}`, b64(ed.Public().(ed25519.PublicKey)))),
			[]string{"vitrine-token-own-key.go", "vitrine-token-own-key.mjs", "vitrine_token_own_key.py"}},
	}
	snippets := readmeSnippets(t)
	for _, setup := range setups {
		for _, file := range setup.files {
			t.Run(setup.name+"/"+file, func(t *testing.T) {
				code, ok := snippets[file]
				if !ok {
					t.Fatalf("the README has no program %s (found %d)", file, len(snippets))
				}
				dir := t.TempDir()
				write(t, filepath.Join(dir, file), code)
				prepared := snippetRunners[file](t, dir, file)
				ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, prepared.Path, append(prepared.Args[1:], seed.CamilleID)...)
				cmd.Dir = dir
				cmd.Env = prepared.Env
				if cmd.Env == nil {
					cmd.Env = os.Environ()
				}
				cmd.Env = append(cmd.Env, setup.env...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				tok, err := cmd.Output()
				if err != nil {
					t.Fatalf("%s: %v\n%s", file, err, stderr.String())
				}
				resp, err := http.Get(srv.URL + "/embed/v1?token=" + url.QueryEscape(strings.TrimSpace(string(tok))))
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<form") {
					t.Fatalf("the widget with %s's token: status %d\n%.400s", file, resp.StatusCode, body)
				}
			})
		}
	}
}
