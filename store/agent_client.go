package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Prefixes of an agent client's credentials. The client id and the token carry the brand's id after the prefix
// (vac_12_…, vat_12_…): the brand of a request is read from what it sends, and every lookup goes by
// (brand_id, …), so the tables stay on one node of a database distributed by brand.
const (
	AgentClientIDPrefix = "vac_"
	agentSecretPrefix   = "vas_"
	AgentTokenPrefix    = "vat_"
)

// AgentTokenTTL is how long an agent's access token lives: an hour, after which the agent asks for another one
// with its client credentials, so a revoked client is shut out within the hour even without the revocation check.
const AgentTokenTTL = time.Hour

// agentUseEvery is how stale an agent client's "last used" may get before a use writes it again: one write a
// minute at most per client, instead of one per call.
const agentUseEvery = time.Minute

// AgentClient is one of the brand's own AI agents, allowed to read the brand API as one AI system of the
// registry, for one purpose. Its secret exists in clear only once, when it is created.
type AgentClient struct {
	ID         int64
	BrandID    int64
	ClientID   string
	Name       string
	SystemID   int64
	PurposeID  int64
	CreatedAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// AgentGrant is what a live access token lets its agent do, with the client it was given to.
type AgentGrant struct {
	Client    AgentClient
	System    string // the registry slug of the agent's AI system
	Purpose   string // the registry slug of its purpose
	Scope     string
	Resource  string
	ExpiresAt time.Time
}

// Errors of agent clients and their tokens.
var (
	ErrAgentClientRevoked = errors.New("store: agent client revoked")
	ErrAgentBadSecret     = errors.New("store: agent client secret does not match")
	ErrAgentTokenExpired  = errors.New("store: agent token expired")
)

func randomPart(n int) (string, error) {
	raw := make([]byte, n)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// agentBrand reads the brand id a client id or token carries after its prefix; false when it carries none.
func agentBrand(prefix, s string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return 0, false
	}
	num, _, ok := strings.Cut(rest, "_")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(num, 10, 64)
	return id, err == nil && id > 0
}

// CreateAgentClient registers an agent of the brand for one of its AI systems and purposes, and returns it with
// its secret in clear, the only time the secret exists so.
func (db *DB) CreateAgentClient(ctx context.Context, brandID int64, name string, systemID, purposeID int64) (AgentClient, string, error) {
	idPart, err := randomPart(12)
	if err != nil {
		return AgentClient{}, "", fmt.Errorf("store: agent client id: %w", err)
	}
	secretPart, err := randomPart(32)
	if err != nil {
		return AgentClient{}, "", fmt.Errorf("store: agent client secret: %w", err)
	}
	secret := agentSecretPrefix + secretPart
	a := AgentClient{BrandID: brandID, ClientID: AgentClientIDPrefix + strconv.FormatInt(brandID, 10) + "_" + idPart, Name: name,
		SystemID: systemID, PurposeID: purposeID, CreatedAt: db.Now().UTC().Truncate(time.Second)}
	err = db.w.QueryRowContext(ctx, `INSERT INTO agent_clients (brand_id, client_id, secret_hash, name, system_id, purpose_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, brandID, a.ClientID, hashAPIKey(secret), name, systemID, purposeID, a.CreatedAt.Unix()).Scan(&a.ID)
	if err != nil {
		return AgentClient{}, "", fmt.Errorf("store: create agent client: %w", err)
	}
	return a, secret, nil
}

const agentClientCols = `id, brand_id, client_id, name, system_id, purpose_id, created_at, revoked_at, last_used_at`

func scanAgentClient(row interface{ Scan(...any) error }, extra ...any) (AgentClient, error) {
	var a AgentClient
	var created int64
	var revoked, used sql.NullInt64
	dest := append([]any{&a.ID, &a.BrandID, &a.ClientID, &a.Name, &a.SystemID, &a.PurposeID, &created, &revoked, &used}, extra...)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	a.CreatedAt = time.Unix(created, 0).UTC()
	a.RevokedAt, a.LastUsedAt = optTime(revoked), optTime(used)
	return a, nil
}

// AgentClients lists the brand's agent clients, newest first, revoked ones included.
func (db *DB) AgentClients(ctx context.Context, brandID int64) ([]AgentClient, error) {
	rows, err := db.query(ctx, `SELECT `+agentClientCols+` FROM agent_clients WHERE brand_id = ? ORDER BY created_at DESC, id DESC`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: agent clients: %w", err)
	}
	defer rows.Close()
	var out []AgentClient
	for rows.Next() {
		a, err := scanAgentClient(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan agent client: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// RevokeAgentClient stops one of the brand's agent clients at once: its tokens are deleted with it, so a token
// already handed out stops working now, not at its expiry. Another brand's client, or one revoked already, is
// ErrNotFound.
func (db *DB) RevokeAgentClient(ctx context.Context, brandID, id int64) error {
	return db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE agent_clients SET revoked_at = ? WHERE brand_id = ? AND id = ? AND revoked_at IS NULL`,
			db.Now().Unix(), brandID, id)
		if err != nil {
			return fmt.Errorf("store: revoke agent client: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM agent_client_tokens WHERE brand_id = ? AND client = ?`, brandID, id); err != nil {
			return fmt.Errorf("store: revoke agent client tokens: %w", err)
		}
		return nil
	})
}

// AuthenticateAgentClient checks a client id and secret, as the token endpoint receives them. An unknown client
// is ErrNotFound, a revoked one ErrAgentClientRevoked, a wrong secret ErrAgentBadSecret; the secret's hash is
// compared in constant time.
func (db *DB) AuthenticateAgentClient(ctx context.Context, clientID, secret string) (AgentClient, error) {
	brandID, ok := agentBrand(AgentClientIDPrefix, clientID)
	if !ok {
		return AgentClient{}, ErrNotFound
	}
	var hash string
	a, err := scanAgentClient(db.queryRow(ctx, `SELECT `+agentClientCols+`, secret_hash FROM agent_clients WHERE brand_id = ? AND client_id = ?`,
		brandID, clientID), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return AgentClient{}, ErrNotFound
	}
	if err != nil {
		return AgentClient{}, fmt.Errorf("store: agent client: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(hashAPIKey(secret)), []byte(hash)) != 1 {
		return AgentClient{}, ErrAgentBadSecret
	}
	if a.RevokedAt != nil {
		return AgentClient{}, ErrAgentClientRevoked
	}
	return a, nil
}

// IssueAgentToken makes an access token for the client, for scope and resource, valid AgentTokenTTL from the
// store's clock, and returns it in clear (only its hash is kept). The client's expired tokens are removed on the
// way, so the table holds about one live token per agent.
func (db *DB) IssueAgentToken(ctx context.Context, a AgentClient, scope, resource string) (string, time.Time, error) {
	part, err := randomPart(32)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store: agent token: %w", err)
	}
	tok := AgentTokenPrefix + strconv.FormatInt(a.BrandID, 10) + "_" + part
	now := db.Now().UTC().Truncate(time.Second)
	exp := now.Add(AgentTokenTTL)
	err = db.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM agent_client_tokens WHERE brand_id = ? AND client = ? AND expires_at <= ?`,
			a.BrandID, a.ID, now.Unix()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO agent_client_tokens (brand_id, token_hash, client, scope, resource, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.BrandID, hashAPIKey(tok), a.ID, scope, resource, exp.Unix(), now.Unix()); err != nil {
			return err
		}
		return db.touchAgentClient(ctx, tx, a, now)
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store: issue agent token: %w", err)
	}
	return tok, exp, nil
}

// AgentToken returns what a live access token grants, with its client and the registry slugs of the client's
// system and purpose, and notes the client's use. An unknown token is ErrNotFound, an expired one
// ErrAgentTokenExpired, one of a revoked client ErrAgentClientRevoked.
func (db *DB) AgentToken(ctx context.Context, tok string) (AgentGrant, error) {
	brandID, ok := agentBrand(AgentTokenPrefix, tok)
	if !ok {
		return AgentGrant{}, ErrNotFound
	}
	var g AgentGrant
	var exp int64
	a, err := scanAgentClient(db.queryRow(ctx, `SELECT c.id, c.brand_id, c.client_id, c.name, c.system_id, c.purpose_id, c.created_at,
			c.revoked_at, c.last_used_at, coalesce(s.slug, ''), coalesce(p.slug, ''), t.scope, t.resource, t.expires_at
		FROM agent_client_tokens t
		JOIN agent_clients c ON c.brand_id = t.brand_id AND c.id = t.client
		LEFT JOIN ai_systems s ON s.brand_id = c.brand_id AND s.id = c.system_id
		LEFT JOIN purposes p ON p.brand_id = c.brand_id AND p.id = c.purpose_id
		WHERE t.brand_id = ? AND t.token_hash = ?`, brandID, hashAPIKey(tok)), &g.System, &g.Purpose, &g.Scope, &g.Resource, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return AgentGrant{}, ErrNotFound
	}
	if err != nil {
		return AgentGrant{}, fmt.Errorf("store: agent token: %w", err)
	}
	g.Client, g.ExpiresAt = a, time.Unix(exp, 0).UTC()
	now := db.Now()
	switch {
	case a.RevokedAt != nil:
		return AgentGrant{}, ErrAgentClientRevoked
	case !now.Before(g.ExpiresAt):
		return AgentGrant{}, ErrAgentTokenExpired
	}
	// "Last used" is a hint for the admin: a failed write of it does not fail the agent's call.
	if err := db.touchAgentClient(ctx, db.w, a, now); err != nil {
		log := db.log
		if log == nil {
			log = slog.Default()
		}
		log.WarnContext(ctx, "store: agent client last used not written", "client", a.ClientID, "err", err)
	}
	return g, nil
}

// agentExecer is the writer or a transaction of it.
type agentExecer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// touchAgentClient writes the client's last use when the stored one is older than agentUseEvery.
func (db *DB) touchAgentClient(ctx context.Context, h agentExecer, a AgentClient, now time.Time) error {
	if a.LastUsedAt != nil && now.Sub(*a.LastUsedAt) < agentUseEvery {
		return nil
	}
	_, err := h.ExecContext(ctx, `UPDATE agent_clients SET last_used_at = ? WHERE brand_id = ? AND id = ? AND coalesce(last_used_at, 0) < ?`,
		now.Unix(), a.BrandID, a.ID, now.Unix())
	return err
}
