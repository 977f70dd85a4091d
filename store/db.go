// Package store keeps vitrine's data in SQLite or PostgreSQL: migrations, domain queries and the rollups pages read.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("store: not found")

// DB is the store. On SQLite it holds one writer connection and a pool of readers on the same file: SQLite allows
// one writer at a time, and funnelling writes through a single connection with immediate transactions turns lock
// contention into a queue instead of SQLITE_BUSY errors, while WAL lets the readers go on in parallel. On
// PostgreSQL both are the same pool, and transactions run side by side (several servers may share the database).
type DB struct {
	// deliveryHook receives the webhook deliveries this process's changes create (see HandDeliveries).
	deliveryHook atomic.Pointer[deliveryHook]

	w    handle
	r    handle
	d    dialect
	path string // the SQLite file, or the PostgreSQL URL

	// The registry cache: every page names systems, purposes and categories from the brand's registry, which
	// changes rarely (see Registry).
	regMu    sync.Mutex
	regCache map[int64]cachedRegistry

	// Per-customer memos of the customer pages' reads (see CustomerData).
	custMu    sync.Mutex
	custCache map[int64]*custEntry

	// Visit times waiting for the background writer (see TouchVisit and visits.go).
	visitMu      sync.Mutex
	visitPending map[int64]int64
	visitWriter  *flusher

	// Key uses waiting for the background writer (see APIKeyBrand and keyuse.go).
	keyMu      sync.Mutex
	keyPending map[int64]int64
	keyWriter  *flusher

	// busyTimeout is how long a write waits for another connection's lock (WithBusyTimeout); log is where
	// background writers report what they could not write (WithLog).
	busyTimeout time.Duration
	log         *slog.Logger

	// Prepared read statements by SQL text. database/sql prepares a statement on each reader connection the first
	// time it runs there and keeps it, so a page's dozen queries stop being parsed and planned on every request
	// (a CPU profile at 16 clients showed ~15 % of all CPU in sqlite3Prepare).
	stmtMu sync.RWMutex
	stmts  map[string]*sql.Stmt
	// The same for the writer's statements on SQLite (writerStmts): its transactions run on its one connection,
	// where each statement is then prepared once instead of in every transaction (a profile of ingest at 10M
	// events showed ~10 % of its CPU in sqlite3Prepare, for the same dozen statements in every batch).
	wstmtMu sync.RWMutex
	wstmts  map[string]*sql.Stmt

	clock clockPtr // see clock.go

	// Receipt-signing keys parsed from their seed, by kid (see caches.go): deriving an Ed25519 key costs about a
	// tenth of a consent change.
	receiptKeys sync.Map // kid → proof.Key

	// publicURL is the server's public address, which receipts name as their issuer (WithPublicURL).
	publicURL string

	// Months whose usage_events partition this process knows exists (PostgreSQL; partitions.go).
	partMu     sync.Mutex
	partitions map[int64]bool
}

// maxStmts bounds the statement cache: queries built with a variable number of placeholders could otherwise
// fill it; past the bound they run unprepared, as before.
const maxStmts = 256

type cachedRegistry struct {
	rev int64
	reg *Registry
}

// defaultBusyTimeout is how long a write waits for a lock another process holds before it gives up with ErrBusy.
const defaultBusyTimeout = 10 * time.Second

// dsn builds a connection string with the pragmas every connection needs.
// busy_timeout comes first so that the pragmas after it already wait instead of failing.
func dsn(path string, readOnly bool, busy time.Duration) string {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout("+strconv.FormatInt(busy.Milliseconds(), 10)+")")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "foreign_keys(1)")
	// The writer syncs the WAL at every commit (FULL), so an acknowledged event survives even a power cut;
	// with one commit per batch the cost is one fsync per batch. Readers never write, NORMAL is enough.
	if readOnly {
		v.Add("_pragma", "synchronous(NORMAL)")
	} else {
		v.Add("_pragma", "synchronous(FULL)")
	}
	// Page cache per connection: 16 MB for the writer (rollup upserts of a batch touch many pages), 2 MB for each
	// reader. In WAL mode a reader drops its whole page cache at the first read after another connection's
	// commit, and the allocator hands freed pages back to the OS a syscall at a time: with 8 MB readers and
	// ingest committing twice a second, the drops cost ~8 % of all CPU and tripled the overview's p99 (issue 9).
	// A reader's look-ups between two commits touch a few hundred pages, which 2 MB holds; the customer pages'
	// heavier reads are memoised above SQLite (CustomerData).
	if readOnly {
		v.Add("_pragma", "cache_size(-2048)")
	} else {
		v.Add("_pragma", "cache_size(-16000)")
	}
	v.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		v.Add("_pragma", "query_only(1)")
	} else {
		v.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + v.Encode()
}

// WriterDSN is the connection string of the store's writer for the SQLite file at path, with the same pragmas: the
// benchmark's raw baseline writes through its own connection with exactly the store's settings, so that it
// measures SQL against SQL.
func WriterDSN(path string) string { return dsn(path, false, defaultBusyTimeout) }

// IsPostgres reports whether a --db value names a PostgreSQL database (a postgres:// or postgresql:// URL)
// rather than a SQLite file (a path, or "sqlite:" and a path).
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database dsn names and applies pending migrations: a PostgreSQL URL (postgres://user@host/db), or
// a SQLite file path, optionally written "sqlite:PATH", created if needed. Options set the clock.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn, opts)
	}
	return openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"), opts)
}

// openPostgres connects to PostgreSQL through pgx. Readers and writers share one pool: PostgreSQL runs
// transactions side by side, and other servers may be writing too.
func openPostgres(ctx context.Context, dsn string, opts []Option) (*DB, error) {
	db := &DB{d: dialectPostgres, path: dsn}
	for _, o := range opts {
		o(db)
	}
	if db.busyTimeout > 0 {
		// Only when asked: PostgreSQL waits for locks for ever by default (migrate lifts it for its own lock).
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		dsn += sep + "lock_timeout=" + strconv.FormatInt(db.busyTimeout.Milliseconds(), 10)
	}
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	n := max(8, runtime.NumCPU()*4)
	p.SetMaxOpenConns(n)
	p.SetMaxIdleConns(n)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	h := handle{p, dialectPostgres}
	db.w, db.r = h, h
	if err := db.migrate(ctx); err != nil {
		p.Close()
		return nil, err
	}
	db.startVisitRecorder()
	db.startKeyUseRecorder()
	return db, nil
}

func openSQLite(ctx context.Context, path string, opts []Option) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: create data dir: %w", err)
		}
	}
	db := &DB{d: dialectSQLite, path: path}
	for _, o := range opts {
		o(db)
	}
	busy := db.busyTimeout
	if busy <= 0 {
		busy = defaultBusyTimeout
	}
	w, err := sql.Open("sqlite", dsn(path, false, busy))
	if err != nil {
		return nil, fmt.Errorf("store: open writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: ping writer: %w", err)
	}
	db.w = handle{w, dialectSQLite}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, true, busy))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open readers: %w", err)
	}
	n := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.r = handle{r, dialectSQLite}
	db.startVisitRecorder()
	db.startKeyUseRecorder()
	return db, nil
}

// Close writes the visit times and key uses still pending, then closes the cached statements and both pools.
func (db *DB) Close() error {
	db.visitWriter.Stop()
	db.keyWriter.Stop()
	db.stmtMu.Lock()
	var errs []error
	for _, st := range db.stmts {
		errs = append(errs, st.Close())
	}
	db.stmts = nil
	db.stmtMu.Unlock()
	db.wstmtMu.Lock()
	for _, st := range db.wstmts {
		errs = append(errs, st.Close())
	}
	db.wstmts = nil
	db.wstmtMu.Unlock()
	if db.d == dialectPostgres { // one pool for both
		return errors.Join(append(errs, db.w.Close())...)
	}
	return errors.Join(append(errs, db.r.Close(), db.w.Close())...)
}

// stmt returns the cached read statement for q, preparing it on first use, or nil when the cache is full or the
// database is PostgreSQL, whose driver keeps prepared statements per connection itself.
func (db *DB) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if db.d == dialectPostgres {
		return nil, nil
	}
	db.stmtMu.RLock()
	st, ok := db.stmts[q]
	db.stmtMu.RUnlock()
	if ok {
		return st, nil
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if st, ok := db.stmts[q]; ok {
		return st, nil
	}
	if len(db.stmts) >= maxStmts {
		return nil, nil
	}
	st, err := db.r.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[q] = st
	return st, nil
}

// writerStmt returns the writer's cached statement for q (SQLite only), or nil when it has none yet. It never
// prepares: the writer has one connection, which the asking transaction holds; a transaction asks for the texts
// it ran without one to be prepared once it is done (prepareWriterStmts).
func (db *DB) writerStmt(q string) *sql.Stmt {
	db.wstmtMu.RLock()
	defer db.wstmtMu.RUnlock()
	return db.wstmts[q]
}

// prepareWriterStmts prepares, on the writer's connection now free, the statements a transaction ran without
// a cached one, up to the cache's bound. A text that fails to prepare is left out: it ran and failed already.
func (db *DB) prepareWriterStmts(ctx context.Context, qs []string) {
	if len(qs) == 0 {
		return
	}
	for _, q := range qs {
		db.wstmtMu.RLock()
		_, ok := db.wstmts[q]
		full := len(db.wstmts) >= maxStmts
		db.wstmtMu.RUnlock()
		if ok || full {
			continue
		}
		// Prepared with no lock held: it waits for the connection, which another transaction may hold while it
		// looks its own statements up.
		st, err := db.w.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		db.wstmtMu.Lock()
		if _, ok := db.wstmts[q]; ok || len(db.wstmts) >= maxStmts {
			st.Close() // another transaction's preparing won
		} else {
			if db.wstmts == nil {
				db.wstmts = map[string]*sql.Stmt{}
			}
			db.wstmts[q] = st
		}
		db.wstmtMu.Unlock()
	}
}

// query runs a read query on the reader pool through the statement cache.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := db.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.r.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

// queryRow runs a one-row read query on the reader pool through the statement cache. A statement that fails to
// prepare is run unprepared, so that its error reaches the caller through Scan like any other.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := db.stmt(ctx, q)
	if err != nil || st == nil {
		return db.r.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Ping reports whether the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Raw runs SQL written as the store's is (? placeholders, SQL both engines accept), for tests, benchmarks and
// tools that compare the store's answers with the raw tables.
type Raw interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	Exec(q string, args ...any) (sql.Result, error)
	Query(q string, args ...any) (*sql.Rows, error)
	QueryRow(q string, args ...any) *sql.Row
}

// Reader exposes the read pool to raw SQL (Raw).
func (db *DB) Reader() Raw { return db.r }

// Writer exposes the writer to raw SQL (Raw), for tests that write around the store (a crash, a hand edit).
func (db *DB) Writer() Raw { return db.w }

// Dialect names the SQL engine: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.String() }

// tx runs fn in one write transaction (immediate on SQLite), committing when fn returns nil.
//
// On PostgreSQL, where transactions of several servers run side by side, a transaction that lost a deadlock or a
// serialisation conflict is run again from the start, a few times: fn must therefore not keep state from one run
// to the next outside the transaction (each caller's fn resets what it fills in).
func (db *DB) tx(ctx context.Context, fn func(*txn) error) error {
	for attempt := 1; ; attempt++ {
		err := db.txOnce(ctx, fn)
		if err == nil || db.d != dialectPostgres || attempt == 5 || !retryable(err) {
			return err
		}
	}
}

// txOnce runs fn in one write transaction. Any of its errors that is a lock not granted in time is ErrBusy
// (busy), so the server can answer "retry in a few seconds" rather than a failure.
func (db *DB) txOnce(ctx context.Context, fn func(*txn) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if db.d == dialectSQLite {
		tx.prepared = db.writerStmt
		defer func() { db.prepareWriterStmts(context.WithoutCancel(ctx), tx.wanted) }()
	}
	if h := db.deliveryHook.Load(); h != nil {
		tx.lease = h.lease
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return busy(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", busy(err))
	}
	if len(tx.handed) > 0 {
		if h := db.deliveryHook.Load(); h != nil {
			h.fn(tx.handed)
		}
	}
	return nil
}

// deliveryHook is this process's webhook dispatcher, as HandDeliveries set it.
type deliveryHook struct {
	lease time.Duration
	fn    func([]WebhookDelivery)
}

// HandDeliveries makes this process's webhook dispatcher the sender of the deliveries its own changes create:
// they are written already held for it for lease, and given to fn right after the commit, so a webhook leaves
// without waiting for another write or a poll. Should this process die first, the hold runs out and any server
// sends them. fn must not block.
func (db *DB) HandDeliveries(lease time.Duration, fn func([]WebhookDelivery)) {
	db.deliveryHook.Store(&deliveryHook{lease: lease, fn: fn})
}

// retryable reports a PostgreSQL deadlock (40P01) or serialisation failure (40001): the transaction did nothing and
// may be run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// migrate applies the embedded numbered migrations of the store's dialect that the database has not seen yet,
// each in its own transaction. On PostgreSQL an advisory lock makes servers that start together take turns.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	if db.d == dialectPostgres {
		conn, err := db.w.DB.Conn(ctx)
		if err != nil {
			return fmt.Errorf("store: migration lock: %w", err)
		}
		defer conn.Close()
		// A server waits for another's migrations however long they take, whatever lock_timeout says
		// (WithBusyTimeout); RESET gives the connection back its own timeout.
		if _, err := conn.ExecContext(ctx, `SET lock_timeout = 0`); err != nil {
			return fmt.Errorf("store: migration lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `RESET lock_timeout`)
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7466227)`); err != nil {
			return fmt.Errorf("store: migration lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(7466227)`)
	}
	names, err := fs.Glob(migrationFS, "migrations/"+db.d.String()+"/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		num, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s has no number: %w", base, err)
		}
		var seen int
		if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, num).Scan(&seen); err != nil {
			return fmt.Errorf("store: check migration %d: %w", num, err)
		}
		if seen > 0 {
			continue
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return fmt.Errorf("store: read migration %s: %w", base, err)
		}
		// A SQLite migration that rebuilds a table others refer to must run with foreign keys off (SQLite's
		// documented way to change a table's definition); they are checked in full once it is in.
		fkOff := db.d == dialectSQLite && strings.Contains(string(body), "vitrine:foreign-keys-off")
		if fkOff {
			if _, err := db.w.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
				return fmt.Errorf("store: migration %s: foreign keys off: %w", base, err)
			}
		}
		err = db.tx(ctx, func(tx *txn) error {
			if _, err := tx.Tx.ExecContext(ctx, string(body)); err != nil { // as it is: no placeholder to rebind
				return fmt.Errorf("store: apply migration %s: %w", base, err)
			}
			if fkOff {
				if err := foreignKeyCheck(ctx, tx); err != nil {
					return fmt.Errorf("store: migration %s: %w", base, err)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, num, db.Now().Unix())
			return err
		})
		if fkOff {
			if _, onErr := db.w.ExecContext(ctx, `PRAGMA foreign_keys = ON`); onErr != nil && err == nil {
				err = fmt.Errorf("store: migration %s: foreign keys back on: %w", base, onErr)
			}
		}
		if err != nil {
			return err
		}
	}
	// Records older than the proof chains are chained once, still under the migration lock.
	return db.backfillProofs(ctx)
}

// foreignKeyCheck fails when any row refers to a row that does not exist, naming the first.
func foreignKeyCheck(ctx context.Context, tx *txn) error {
	rows, err := tx.Tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		return fmt.Errorf("row %d of %s refers to a missing row of %s", rowid.Int64, table, parent)
	}
	return rows.Err()
}

// SchemaVersion returns the highest applied migration number.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(version),0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}
