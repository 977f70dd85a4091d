package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The store speaks SQLite (the embedded default) and PostgreSQL with one set of queries. They are written in the
// SQL both accept: ? placeholders (rebound to $1, $2… for PostgreSQL here), upserts with their conflict target and
// qualified columns, CASE instead of summed booleans, subqueries with aliases. What differs is said in this file
// and nowhere else: the placeholder form, scalar min and max, the boolean literal, and (in search.go and the
// migrations of each dialect) full-text search and the schema's own syntax.

// dialect is the SQL engine behind a store.
type dialect int

const (
	dialectSQLite dialect = iota
	dialectPostgres
)

func (d dialect) String() string {
	if d == dialectPostgres {
		return "postgres"
	}
	return "sqlite"
}

// least is the smaller of two expressions: SQLite's scalar min, PostgreSQL's LEAST.
func (d dialect) least(a, b string) string {
	if d == dialectPostgres {
		return "LEAST(" + a + ", " + b + ")"
	}
	return "min(" + a + ", " + b + ")"
}

// greatest is the larger of two expressions.
func (d dialect) greatest(a, b string) string {
	if d == dialectPostgres {
		return "GREATEST(" + a + ", " + b + ")"
	}
	return "max(" + a + ", " + b + ")"
}

// yes is the literal a boolean column is compared with: SQLite keeps booleans as 0 and 1 (and its partial
// indexes are written "= 1", which the planner only matches word for word), PostgreSQL has a boolean type.
func (d dialect) yes() string {
	if d == dialectPostgres {
		return "TRUE"
	}
	return "1"
}

// rebound caches the PostgreSQL form of each query text: the store's queries are a few hundred constant strings.
var rebound sync.Map // string -> string

// rebind rewrites ? placeholders as PostgreSQL's $1, $2, …, leaving question marks in string literals, quoted
// identifiers and comments alone. SQLite takes the query as it is.
func (d dialect) rebind(q string) string {
	if d != dialectPostgres || !strings.Contains(q, "?") {
		return q
	}
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			b.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	rebound.Store(q, out)
	return out
}

// handle is a pool of connections that takes the store's queries in its dialect.
type handle struct {
	*sql.DB
	d dialect
}

// ExecContext runs a statement. A lock not granted in time is ErrBusy (busy), here and in QueryContext and
// BeginTx.
func (h handle) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := h.DB.ExecContext(ctx, h.d.rebind(q), args...)
	return res, busy(err)
}

// QueryContext runs a query.
func (h handle) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := h.DB.QueryContext(ctx, h.d.rebind(q), args...)
	return rows, busy(err)
}

// QueryRowContext runs a query that returns at most one row.
func (h handle) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return h.DB.QueryRowContext(ctx, h.d.rebind(q), args...)
}

// PrepareContext prepares a statement.
func (h handle) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return h.DB.PrepareContext(ctx, h.d.rebind(q))
}

// Exec runs a statement (tests and tools).
func (h handle) Exec(q string, args ...any) (sql.Result, error) {
	return h.ExecContext(context.Background(), q, args...)
}

// Query runs a query (tests and tools).
func (h handle) Query(q string, args ...any) (*sql.Rows, error) {
	return h.QueryContext(context.Background(), q, args...)
}

// QueryRow runs a one-row query (tests and tools).
func (h handle) QueryRow(q string, args ...any) *sql.Row {
	return h.QueryRowContext(context.Background(), q, args...)
}

// BeginTx starts a transaction that takes queries in the handle's dialect.
func (h handle) BeginTx(ctx context.Context, opts *sql.TxOptions) (*txn, error) {
	tx, err := h.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, busy(err)
	}
	return &txn{Tx: tx, d: h.d}, nil
}

// txn is a transaction that takes the store's queries in its dialect.
type txn struct {
	*sql.Tx
	d dialect
	// lease is how long deliveries created in this transaction are held for this process's dispatcher (0: none
	// runs here, any server's dispatcher may send them at once); handed lists them, given to it after commit.
	lease  time.Duration
	handed []WebhookDelivery
	// prepared gives the writer's cached statement for a query text (DB.writerStmt; nil: none yet), which the
	// transaction runs on its connection instead of preparing the text again; wanted lists the texts it ran
	// without one, to be prepared once the transaction is done.
	prepared func(q string) *sql.Stmt
	wanted   []string
}

// stmt is the cached statement for q bound to the transaction, or nil when there is none yet.
func (t *txn) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.prepared == nil {
		return nil
	}
	st := t.prepared(q)
	if st == nil {
		if !slices.Contains(t.wanted, q) {
			t.wanted = append(t.wanted, q)
		}
		return nil
	}
	return t.Tx.StmtContext(ctx, st)
}

// ExecContext runs a statement in the transaction.
func (t *txn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, t.d.rebind(q), args...)
}

// QueryContext runs a query in the transaction.
func (t *txn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, t.d.rebind(q), args...)
}

// QueryRowContext runs a one-row query in the transaction.
func (t *txn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, t.d.rebind(q), args...)
}

// PrepareContext gives a statement of the transaction: the writer's cached one when there is one (closing it
// ends only its use in this transaction), else one prepared now.
func (t *txn) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st, nil
	}
	return t.Tx.PrepareContext(ctx, t.d.rebind(q))
}

// forUpdate is the clause that locks the rows a SELECT reads until the transaction ends, on PostgreSQL; SQLite's
// single writer needs none.
func (d dialect) forUpdate() string {
	if d == dialectPostgres {
		return ` FOR UPDATE`
	}
	return ``
}

// lockCustomer serialises, on PostgreSQL, the transactions that read a customer's state and then write on it
// (a consent change checks the state the form showed): several servers run them side by side there, where
// SQLite's single writer already runs them one after another.
func lockCustomer(ctx context.Context, tx *txn, customerID int64) error {
	if tx.d != dialectPostgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?, ?)`, int32(1), int32(customerID)); err != nil {
		return err
	}
	return nil
}
