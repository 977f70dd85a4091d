// Command vitrine runs the vitrine server and its maintenance tasks (seeding, migrations, tokens).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "time/tzdata" // brand time zones must load on machines without a zoneinfo database

	"vitrine/handlers"
	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
	"vitrine/webhook"
)

const usage = `vitrine — show customers what AI does with their data.

Usage:
  vitrine serve   [--addr 127.0.0.1:8080] [--db data/vitrine.db] [--demo] [--base-url URL] [--metrics-addr 127.0.0.1:9464|off] [--allow-insecure-webhooks]
                  [--trusted-proxies CIDR,CIDR] [--shutdown-timeout 20s] [--retention=false]
  vitrine seed    --db PATH [--customers N] [--events N] [--seed S]
  vitrine migrate --db PATH
  vitrine token   --db PATH --brand SLUG --customer EXTERNAL_ID [--aud embed|session] [--ttl 10m] [--url [--base-url URL]]
  vitrine import  --db PATH --brand SLUG FILE        (NDJSON events; "-" reads standard input)
  vitrine registry export --db PATH --brand SLUG > registry.yaml
  vitrine registry apply  --db PATH --brand SLUG registry.yaml [--yes] [--as EMAIL [--propose] [--note TEXT]]   (dry run without --yes)
  vitrine registry lint   registry.yaml   (offline, no --db: texts in both languages, plain words, real codes)
  vitrine events  check   --registry registry.yaml EVENTS.ndjson   (offline, no --db; "-" reads standard input)
  vitrine apikey  create --db PATH --brand SLUG [--name NAME]
  vitrine apikey  list   --db PATH --brand SLUG
  vitrine apikey  revoke --db PATH --brand SLUG --id N
  vitrine webhook add    --db PATH --brand SLUG --url URL [--events a,b] [--description D]   (prints the signing secret last)
  vitrine webhook list   --db PATH --brand SLUG
  vitrine webhook remove --db PATH --brand SLUG --id N
  vitrine secret  create|rotate --db PATH --brand SLUG [--now]   (prints VITRINE_KID and VITRINE_SECRET, once)
  vitrine secret  list   --db PATH --brand SLUG
  vitrine secret  add-public --db PATH --brand SLUG --jwk FILE   (your ES256 or EdDSA public key, JWK or JWK Set)
  vitrine secret  remove-public --db PATH --brand SLUG --kid KID
  vitrine staff   add --db PATH --brand SLUG --email E --role support|marketing|privacy|admin [--name N]   (password on stdin)
  vitrine staff   add --db PATH --platform --email E --role admin [--name N]   (an admin of no brand)
  vitrine sso     set --db PATH --brand SLUG --issuer URL --client-id ID --role-claim groups
                  --role-map 'vitrine-admins=admin,vitrine-privacy=privacy,support=support' --domains D[,D…]
                  [--password-login=false] [--secret-file FILE]   (client secret on stdin without --secret-file)
  vitrine sso     show|remove --db PATH --brand SLUG   (show never prints the secret)
  vitrine verify  receipt.json [--jwks FILE|URL | --db PATH]   (a consent receipt's signature and fields)
  vitrine verify  --customer EXTERNAL_ID --brand SLUG --db PATH   (a customer's whole chain of choices and staff visits)
  vitrine receipts key rotate|list --db PATH --brand SLUG   (the key that signs the brand's receipts; old keys stay published)
  vitrine retention run [--db PATH] [--dry-run]   (deletes uses older than each system's retention; serve does it daily)
  vitrine copy    --from DB --to DB        (a whole installation, SQLite or postgres:// either way)
  vitrine backup  --db DB --to FILE [--force]   (SQLite: an online copy; PostgreSQL: runs or prints pg_dump)
  vitrine restore --from FILE --db DB [--force] | --check FILE   (checks a backup, then puts it in place)
  vitrine soak    [--db PATH] [--for 10m] [--rate N] [--customers 2000] [--events 200000] [--metrics-addr ADDR]
  vitrine bench   --db PATH [--small-db PATH] [--spawn | --base-url URL[,URL…] --server-pid PID] [--wrk auto] [--only GROUPS]
                  [--clients 16] [--load-for 15s] [--ingest-rate N] [--fixed-ingest 1500] [--open-rate 800] [--profile-dir DIR] [--markdown FILE]

PATH is a SQLite file (created if needed) or a PostgreSQL URL: postgres://user:password@host/db.
Flags may also follow the FILE argument; "--" ends the flags.
Every flag can also be set as an environment variable: --base-url is VITRINE_BASE_URL, and so on.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "serve":
		err = cmdServe(ctx, os.Args[2:], os.Stdout)
	case "seed":
		err = cmdSeed(ctx, os.Args[2:], os.Stdout)
	case "migrate":
		err = cmdMigrate(ctx, os.Args[2:], os.Stdout)
	case "token":
		err = cmdToken(ctx, os.Args[2:], os.Stdout)
	case "import":
		err = cmdImport(ctx, os.Args[2:], os.Stdin, os.Stdout)
	case "apikey":
		err = cmdAPIKey(ctx, os.Args[2:], os.Stdout)
	case "webhook":
		err = cmdWebhook(ctx, os.Args[2:], os.Stdout)
	case "secret":
		err = cmdSecret(ctx, os.Args[2:], os.Stdin, os.Stdout)
	case "registry":
		err = cmdRegistry(ctx, os.Args[2:], os.Stdout)
	case "events":
		err = cmdEvents(ctx, os.Args[2:], os.Stdin, os.Stdout)
	case "staff":
		err = cmdStaff(ctx, os.Args[2:], os.Stdin, os.Stdout)
	case "sso":
		err = cmdSSO(ctx, os.Args[2:], os.Stdin, os.Stdout)
	case "retention":
		err = cmdRetention(ctx, os.Args[2:], os.Stdout)
	case "copy":
		err = cmdCopy(ctx, os.Args[2:], os.Stdout)
	case "backup":
		err = cmdBackup(ctx, os.Args[2:], os.Stdout)
	case "restore":
		err = cmdRestore(ctx, os.Args[2:], os.Stdout)
	case "soak":
		err = cmdSoak(ctx, os.Args[2:], os.Stdout)
	case "bench":
		err = cmdBench(ctx, os.Args[2:], os.Stdout)
	case "verify":
		err = cmdVerify(ctx, os.Args[2:], os.Stdout)
	case "receipts":
		err = cmdReceipts(ctx, os.Args[2:], os.Stdout)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "vitrine: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vitrine:", err)
		os.Exit(1)
	}
}

// dbHelp describes --db, which every command takes: either engine, whichever the installation runs on.
const dbHelp = "database: a SQLite file (or sqlite:PATH), or a PostgreSQL URL postgres://user@host/db"

// newFlags makes a flag set whose defaults can be overridden by VITRINE_* environment variables.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return fs
}

// parseFlags parses args into fs, then applies VITRINE_<FLAG> environment variables for flags not given on
// the command line.
//
// Flags may come before, between and after positional arguments (`registry apply FILE --yes` as well as
// `registry apply --yes FILE`), because people add a flag at the end of a command they just ran; Go's flag
// package alone stops at the first positional. "--" ends the flags: everything after it is positional, so a
// file whose name starts with "-" can still be given. The positionals are left in fs.Args(), as fs.Parse would
// leave them.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for i := 0; i < len(args); {
		a := args[i]
		switch {
		case a == "--":
			positional = append(positional, args[i+1:]...)
			i = len(args)
		case len(a) < 2 || a[0] != '-': // "-" alone is a positional too: it names standard input
			positional = append(positional, a)
			i++
		default:
			// Hand fs.Parse one flag at a time, with its value when it takes one as the next argument, so that
			// the flag package keeps its own syntax and error messages (unknown flag, bad value, -h).
			n := 1
			if takesSeparateValue(fs, a) && i+1 < len(args) {
				n = 2
			}
			if err := fs.Parse(args[i : i+n]); err != nil {
				return err
			}
			i += n
		}
	}
	// Parsing "--" first leaves exactly the positionals in fs.Args(), even those that look like flags.
	if err := fs.Parse(append([]string{"--"}, positional...)); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		env := "VITRINE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %w", env, v, e)
			}
		}
	})
	return err
}

// takesSeparateValue reports whether the command-line argument a is a flag of fs whose value is the next
// argument: "-name value" or "--name value", but not "--name=value" and not a boolean flag such as --yes.
func takesSeparateValue(fs *flag.FlagSet, a string) bool {
	name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false // fs.Parse reports the unknown flag
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return false
	}
	return true
}

func cmdServe(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0: any free port, printed on start)")
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	demo := fs.Bool("demo", false, "fill an empty database with demo data and print persona links")
	baseURL := fs.String("base-url", "", "public URL of this server (default http://ADDR)")
	sessionTTL := fs.Duration("session-ttl", 12*time.Hour, "how long a customer stays signed in after opening a link")
	memLimit := fs.Int64("memory-limit", 64, "soft limit of the Go heap in MiB (0: none; GOMEMLIMIT overrides)")
	demoSite := fs.String("demo-site-addr", "127.0.0.1:8081", "with --demo, where the pretend brand site that frames the widget listens (empty: none)")
	hookTimeout := fs.Duration("webhook-timeout", 10*time.Second, "how long a webhook endpoint has to answer each delivery")
	metricsAddr := fs.String("metrics-addr", "127.0.0.1:9464", "private address of /metrics (Prometheus) and /debug/pprof/, never the public one (off: none)")
	insecureHooks := fs.Bool("allow-insecure-webhooks", false, "let webhook endpoints be http:// or internal addresses (local tests only: in production this would let an admin make the server call into its own network)")
	proxies := fs.String("trusted-proxies", "", "reverse proxies whose X-Forwarded-For gives the client's address: addresses or CIDR ranges, comma-separated (default none: the connection's address)")
	shutdownTimeout := fs.Duration("shutdown-timeout", 20*time.Second, "on SIGTERM or SIGINT, how long requests in flight have to finish before they are cut")
	retentionDaily := fs.Bool("retention", true, "delete, at start and then once a day, the uses older than each AI system's retention (as vitrine retention run); false leaves it to that command")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	trusted, err := parseTrustedProxies(*proxies)
	if err != nil {
		return err
	}
	// Without a limit the Go heap grows to twice the live data before collecting; the server's live data is
	// small (pages are built from rollups), so a soft limit keeps its memory flat. GOMEMLIMIT overrides it.
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && *memLimit > 0 {
		debug.SetMemoryLimit(*memLimit << 20)
	}
	// Bind every listener before anything is printed: a port already in use fails here, naming its address,
	// instead of after "vitrine is listening" was shown; and a port of 0 is known before it goes into links.
	ln, err := listen(*addr, "")
	if err != nil {
		return err
	}
	defer ln.Close()
	listenURL := "http://" + boundAddr(*addr, ln)
	var siteLn net.Listener
	if *demo && *demoSite != "" {
		if siteLn, err = listen(*demoSite, " for the demo site (--demo-site-addr)"); err != nil {
			return err
		}
		defer siteLn.Close()
	}
	if *baseURL == "" {
		*baseURL = listenURL
	}
	*baseURL = strings.TrimRight(*baseURL, "/")
	log := slog.New(slog.NewJSONHandler(logOutput, &slog.HandlerOptions{Level: slog.LevelInfo}))
	db, err := store.Open(ctx, *dbPath, store.WithLog(log), store.WithPublicURL(*baseURL))
	if err != nil {
		return err
	}
	defer logStep(log, "wrote the pending visit times and closed the database", db.Close)
	if *demo {
		empty, err := db.IsEmpty(ctx)
		if err != nil {
			return err
		}
		if empty {
			fmt.Fprintln(out, "Loading demo data…")
			res, err := seed.Demo(ctx, db, seed.Options{})
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "Demo data ready: %d brands, %d customers, %d events in %s.\n", res.Brands, res.Customers, res.Events, res.Duration.Round(time.Millisecond))
		}
		if err := printDemoLinks(ctx, db, *baseURL, out); err != nil {
			return err
		}
	}
	// A claimed delivery is held a little longer than an attempt may last, so that no other server sends it
	// meanwhile; a server killed mid-attempt leaves it to be sent again once that hold runs out.
	m := newMetrics(*metricsAddr, db)
	dispatcher := &webhook.Dispatcher{DB: db, Client: webhook.Client(*hookTimeout, *insecureHooks), Log: log, Lease: *hookTimeout + 5*time.Second, Metrics: m}
	srv := &http.Server{
		Addr:              ln.Addr().String(),
		Handler:           handlers.New(&handlers.Server{DB: db, Log: log, BaseURL: *baseURL, SessionTTL: *sessionTTL, InsecureWebhooks: *insecureHooks, Webhooks: dispatcher, Metrics: m, TrustedProxies: trusted}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	var site *http.Server
	var origin string
	if siteLn != nil {
		origin = "http://" + boundAddr(*demoSite, siteLn)
		// The pretend site may frame the widget only from a registered origin; in demo mode, register it, as the
		// store rebuilds it (an address that is no origin of this computer, such as ":8081", is left out, said).
		canon, cerr := store.CanonicalOrigin(origin)
		if cerr == nil {
			origin = canon
		} else {
			log.Warn("the demo site's address cannot frame the widget; give --demo-site-addr a host such as 127.0.0.1", "origin", origin, "err", cerr)
		}
		if b, err := db.BrandBySlug(ctx, seed.BrandMaison); err == nil && cerr == nil && !slices.Contains(b.EmbedOrigins, origin) {
			if err := db.SetEmbedOrigins(ctx, b.ID, append(b.EmbedOrigins, origin)); err != nil {
				return err
			}
		}
		// Expired and used links lead customers back to the site's "see my AI page" address.
		if b, err := db.BrandBySlug(ctx, seed.BrandMaison); err == nil {
			if err := db.SetPortalURL(ctx, b.ID, origin+handlers.DemoPortalPath); err != nil {
				return err
			}
		}
		site = &http.Server{Addr: siteLn.Addr().String(), Handler: handlers.DemoSite(db, *baseURL, origin, seed.BrandMaison, seed.CamilleID), ReadHeaderTimeout: 10 * time.Second}
		defer site.Close()
	}
	if *baseURL == listenURL {
		fmt.Fprintf(out, "vitrine is listening on %s\n", listenURL)
	} else {
		fmt.Fprintf(out, "vitrine is listening on %s (public URL %s)\n", listenURL, *baseURL)
	}
	if site != nil {
		fmt.Fprintf(out, "A pretend Maison Lumière site frames Camille's widget at %s/\n", origin)
	}
	defer serveMetrics(*metricsAddr, m, log, out)()
	// Webhooks leave from a dispatcher of their own: its goroutines, timeouts and bounded concurrency keep a slow
	// endpoint from holding up pages or ingest. The deliveries of changes made here are handed to it at commit.
	dispatcher.Attach()
	dctx, stopHooks := context.WithCancel(context.WithoutCancel(ctx))
	hooksDone := make(chan struct{})
	go func() { dispatcher.Run(dctx); close(hooksDone) }()
	defer logStep(log, "webhook deliveries in flight finished (the others wait in the outbox)", func() error { stopHooks(); <-hooksDone; return nil })
	// Retention: once a day, the uses older than each system's retention go (their counts stay).
	if *retentionDaily {
		stopRetention := startRetention(context.WithoutCancel(ctx), db, log, retentionPoll)
		defer logStep(log, "the retention job stopped", func() error { stopRetention(); return nil })
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if site != nil {
		go func() { errc <- site.Serve(siteLn) }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return drain(log, *shutdownTimeout, srv, site)
}

// listen binds addr for `vitrine serve`; what says which listener it is when it is not the server itself.
// The error names the address and the reason alone ("address already in use"), not Go's "listen tcp … bind:".
func listen(addr, what string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	reason := err
	var sys *os.SyscallError
	var op *net.OpError
	switch {
	case errors.As(err, &sys):
		reason = sys.Err
	case errors.As(err, &op):
		reason = op.Err
	}
	return nil, fmt.Errorf("serve: cannot listen on %s%s: %w", addr, what, reason)
}

// boundAddr is the address to print and to put in links for a listener asked for at addr: addr itself, with
// the port the system chose when addr asked for port 0, and the host kept as written (localhost stays
// localhost).
func boundAddr(addr string, ln net.Listener) string {
	host, port, err := net.SplitHostPort(addr)
	tcp, ok := ln.Addr().(*net.TCPAddr)
	if err != nil || (port != "0" && port != "") || !ok {
		return addr
	}
	return net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

// printDemoLinks prints a fresh single-use link for each persona, and the demo staff sign-ins.
func printDemoLinks(ctx context.Context, db *store.DB, base string, out io.Writer) error {
	personas := []struct{ brand, id, who string }{
		{seed.BrandMaison, seed.CamilleID, "Camille Martin (Maison Lumière, French)"},
		{seed.BrandNorthwind, seed.SamID, "Sam Patel (Northwind Bank, English)"},
	}
	fmt.Fprintln(out, "\nCustomer links (each works once, for 24 hours; `vitrine token` makes more):")
	for _, p := range personas {
		tok, err := mintToken(ctx, db, p.brand, p.id, token.AudSession, 24*time.Hour)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s\n    %s\n", p.who, customerLink(base, token.AudSession, tok))
	}
	if err := printDemoStaff(ctx, db, base, out); err != nil {
		return err
	}
	fmt.Fprintln(out)
	return nil
}

func mintToken(ctx context.Context, db *store.DB, brandSlug, customer, aud string, ttl time.Duration) (string, error) {
	b, err := db.BrandBySlug(ctx, brandSlug)
	if err != nil {
		return "", fmt.Errorf("brand %q: %w", brandSlug, err)
	}
	if _, err := db.CustomerByExternalID(ctx, b.ID, customer); err != nil {
		return "", fmt.Errorf("customer %q of %s: %w", customer, brandSlug, err)
	}
	keys, err := db.BrandKeys(ctx, b.ID, db.Now())
	if err != nil || len(keys) == 0 {
		return "", fmt.Errorf("brand %q has no signing key: %v", brandSlug, err)
	}
	return token.Sign(token.Key{KID: keys[0].KID, Secret: keys[0].Secret}, b.Slug, customer, aud, ttl, time.Now())
}

func cmdSeed(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("seed")
	dbPath := fs.String("db", "", dbHelp+" (required)")
	customers := fs.Int("customers", 0, "number of customers (default: demo size)")
	events := fs.Int("events", 0, "number of usage events (default: demo size)")
	s := fs.Int64("seed", 1, "random seed; the same seed and day give the same data")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dbPath == "" {
		return errors.New("seed: --db is required")
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var bar *progress // made at the first batch, which tells the number of events to come
	res, err := seed.Demo(ctx, db, seed.Options{Customers: *customers, Events: *events, Seed: *s, Progress: func(done, total int) {
		if bar == nil {
			bar = newProgress(out, int64(total), "seeding", "events", false)
		}
		bar.set(int64(done), int64(total))
	}})
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Seeded %d brands, %d customers, %d events (%d consent violations) in %s.\n",
		res.Brands, res.Customers, res.Events, res.Violations, res.Duration.Round(time.Millisecond))
	return nil
}

func cmdMigrate(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("migrate")
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Database %s is at schema version %d.\n", *dbPath, v)
	return nil
}

func cmdToken(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("token")
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brand := fs.String("brand", "", "brand slug (required)")
	customer := fs.String("customer", "", "customer external id (required)")
	aud := fs.String("aud", "session", "embed or session")
	ttl := fs.Duration("ttl", 10*time.Minute, "how long the token is valid")
	asURL := fs.Bool("url", false, "print the customer's link (BASE/s/TOKEN, or BASE/embed/v1?token=TOKEN for --aud embed) instead of the bare token")
	baseURL := fs.String("base-url", "http://127.0.0.1:8080", "with --url, the public URL of the vitrine server")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *brand == "" || *customer == "" {
		return errors.New("token: --brand and --customer are required")
	}
	if *asURL {
		// A link without its scheme is not clickable in a terminal, and a browser reads it as a search.
		if u, err := url.Parse(*baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("token: --base-url must be an http:// or https:// URL such as http://127.0.0.1:8080, not %q", *baseURL)
		}
	}
	var audience string
	switch *aud {
	case "embed":
		audience = token.AudEmbed
	case "session":
		audience = token.AudSession
	default:
		return fmt.Errorf("token: --aud must be embed or session, not %q", *aud)
	}
	db, err := openExisting(ctx, "token", *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	tok, err := mintToken(ctx, db, *brand, *customer, audience, *ttl)
	if err != nil {
		return err
	}
	if !*asURL {
		fmt.Fprintln(out, tok) // the bare token: scripts read it as it is
		return nil
	}
	fmt.Fprintln(out, customerLink(*baseURL, audience, tok))
	return nil
}

// customerLink is where a token is used: a session token is exchanged for a cookie at /s/TOKEN, and an embed
// token is read from the widget's query string.
func customerLink(base, audience, tok string) string {
	base = strings.TrimRight(base, "/")
	if audience == token.AudEmbed {
		return base + "/embed/v1?" + url.Values{"token": {tok}}.Encode()
	}
	return base + "/s/" + tok
}

// openBrand opens the database of a brand command and finds its brand, with errors that name the command: the
// first steps of every command that works on one brand.
// openExisting opens a database that must already exist. store.Open creates a missing SQLite file, which is
// right for serve, seed and migrate, but a command about a brand run with a mistyped --db would then create an
// empty database beside the real one and say the brand is not found.
func openExisting(ctx context.Context, cmd, dbPath string) (*store.DB, error) {
	if !store.IsPostgres(dbPath) {
		file, _, _ := strings.Cut(strings.TrimPrefix(dbPath, "file:"), "?")
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no database at %s: give the --db that vitrine serve uses (or create one with vitrine migrate)", cmd, file)
		}
	}
	return store.Open(ctx, dbPath)
}

func openBrand(ctx context.Context, cmd, dbPath, slug string) (*store.DB, store.Brand, error) {
	if slug == "" {
		return nil, store.Brand{}, fmt.Errorf("%s: --brand is required", cmd)
	}
	db, err := openExisting(ctx, cmd, dbPath)
	if err != nil {
		return nil, store.Brand{}, err
	}
	brand, err := db.BrandBySlug(ctx, slug)
	if err != nil {
		db.Close()
		return nil, store.Brand{}, fmt.Errorf("%s: brand %q: %w", cmd, slug, err)
	}
	return db, brand, nil
}
