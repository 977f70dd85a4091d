package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The life of a customer's yes to an AI assistant. A grant lasts GrantLifetime from the consent screen, whatever
// the tokens do; an access token an hour, so a revoked grant stops being honoured at once (tokens are looked up,
// not trusted) and a stolen one is short-lived; a refresh token is used once (rotation) and dies with the grant.
const (
	GrantLifetime        = 90 * 24 * time.Hour
	AccessTokenLifetime  = time.Hour
	RefreshTokenLifetime = 30 * 24 * time.Hour
	CodeLifetime         = 5 * time.Minute
	ProposalLifetime     = 24 * time.Hour
)

// Token prefixes: people and secret scanners recognise what a string is, and the brand id after the prefix sends
// each lookup to that brand's rows only (the tables are distributed by brand).
const (
	codePrefix    = "vcc_"
	accessPrefix  = "vca_"
	refreshPrefix = "vcr_"
)

// Errors of the assistant grant flow. Each maps to one OAuth error (handlers/oauth_*.go).
var (
	ErrTokenInvalid  = errors.New("store: token unknown or expired")
	ErrGrantRevoked  = errors.New("store: grant revoked or expired")
	ErrTokenReused   = errors.New("store: refresh token or code used twice: grant revoked")
	ErrPKCE          = errors.New("store: code_verifier does not match the code_challenge")
	ErrTokenMismatch = errors.New("store: code or token issued to another client, redirect URI or resource")
)

// OAuthClient is an AI assistant application that may ask customers for access: registered dynamically or
// described by a Client ID Metadata Document at its client_id URL. Name and address are the application's own
// claim.
type OAuthClient struct {
	ID           string
	Name         string
	URI          string
	RedirectURIs []string
	Kind         string // "registered" or "metadata"
	CreatedAt    time.Time
	FetchedAt    time.Time
}

// AllowsRedirect reports whether uri is one of the client's redirect URIs, compared exactly (OAuth 2.1 §2.3.1:
// no prefix or pattern matching, which is how codes get sent to an attacker's page).
func (c OAuthClient) AllowsRedirect(uri string) bool {
	for _, r := range c.RedirectURIs {
		if r == uri {
			return true
		}
	}
	return false
}

// SaveOAuthClient stores a client, replacing what a metadata document said before (the document is the client's
// to change; a registered client is never rewritten: its id is new each time).
func (db *DB) SaveOAuthClient(ctx context.Context, c OAuthClient) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO oauth_clients (client_id, name, client_uri, redirect_uris, kind, created_at, fetched_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, client_uri = excluded.client_uri,
			redirect_uris = excluded.redirect_uris, fetched_at = excluded.fetched_at`,
		c.ID, c.Name, c.URI, strings.Join(c.RedirectURIs, "\n"), c.Kind, c.CreatedAt.Unix(), c.FetchedAt.Unix())
	if err != nil {
		return fmt.Errorf("store: save oauth client: %w", err)
	}
	return nil
}

// OAuthClientByID returns the client with this id, or ErrNotFound.
func (db *DB) OAuthClientByID(ctx context.Context, id string) (OAuthClient, error) {
	var c OAuthClient
	var uris string
	var created, fetched int64
	err := db.r.QueryRowContext(ctx, `SELECT client_id, name, client_uri, redirect_uris, kind, created_at, fetched_at FROM oauth_clients WHERE client_id = ?`, id).
		Scan(&c.ID, &c.Name, &c.URI, &uris, &c.Kind, &created, &fetched)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: oauth client: %w", err)
	}
	c.RedirectURIs = strings.Split(uris, "\n")
	c.CreatedAt, c.FetchedAt = time.Unix(created, 0).UTC(), time.Unix(fetched, 0).UTC()
	return c, nil
}

// AssistantGrant is one customer's yes to one assistant.
type AssistantGrant struct {
	ID         int64
	BrandID    int64
	CustomerID int64
	ClientID   string
	ClientName string
	Scopes     []string
	Resource   string // the MCP server's address the tokens are good for
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	RevokedWhy string // "customer", "refresh token reused", "code reused"
	LastUsedAt *time.Time
	LastUsed   string // the tool of the last call
}

// Has reports whether the grant includes scope.
func (g AssistantGrant) Has(scope string) bool {
	for _, s := range g.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// Live reports whether the grant may still be used at now.
func (g AssistantGrant) Live(now time.Time) bool {
	return g.RevokedAt == nil && now.Before(g.ExpiresAt)
}

// GrantRequest is what the customer agreed to on the consent screen.
type GrantRequest struct {
	BrandID, CustomerID   int64
	Client                OAuthClient
	Scopes                []string
	Resource, RedirectURI string
	CodeChallenge         string // S256 of the client's code_verifier, base64url
}

// TokenPair is what the token endpoint hands an assistant.
type TokenPair struct {
	Access, Refresh string
	ExpiresIn       time.Duration
	Grant           AssistantGrant
}

func newSecret(prefix string, brandID int64) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	return prefix + strconv.FormatInt(brandID, 10) + "_" + base64.RawURLEncoding.EncodeToString(raw), nil
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// secretBrand reads the brand id a token carries after its prefix; ok is false for anything vitrine did not make.
func secretBrand(prefix, s string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return 0, false
	}
	num, tail, ok := strings.Cut(rest, "_")
	if !ok || len(tail) != 43 {
		return 0, false
	}
	id, err := strconv.ParseInt(num, 10, 64)
	return id, err == nil && id > 0
}

// CreateAssistantGrant records the customer's yes and returns the one-time authorization code for the assistant.
func (db *DB) CreateAssistantGrant(ctx context.Context, r GrantRequest) (string, AssistantGrant, error) {
	now := db.Now().UTC().Truncate(time.Second)
	code, err := newSecret(codePrefix, r.BrandID)
	if err != nil {
		return "", AssistantGrant{}, err
	}
	g := AssistantGrant{BrandID: r.BrandID, CustomerID: r.CustomerID, ClientID: r.Client.ID, ClientName: r.Client.Name,
		Scopes: r.Scopes, Resource: r.Resource, CreatedAt: now, ExpiresAt: now.Add(GrantLifetime)}
	err = db.tx(ctx, func(tx *txn) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO assistant_grants (brand_id, customer_id, client_id, client_name, scopes, resource, created_at, expires_at)
			SELECT brand_id, id, ?, ?, ?, ?, ?, ? FROM customers WHERE brand_id = ? AND id = ? RETURNING id`,
			g.ClientID, g.ClientName, strings.Join(g.Scopes, " "), g.Resource, now.Unix(), g.ExpiresAt.Unix(), r.BrandID, r.CustomerID).Scan(&g.ID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("store: create grant: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assistant_tokens (brand_id, hash, grant_id, kind, expires_at, redirect_uri, code_challenge)
			VALUES (?, ?, ?, 'code', ?, ?, ?)`, r.BrandID, hashSecret(code), g.ID, now.Add(CodeLifetime).Unix(), r.RedirectURI, r.CodeChallenge); err != nil {
			return fmt.Errorf("store: create code: %w", err)
		}
		return bumpDataRev(ctx, tx, r.CustomerID) // the customer's page lists it
	})
	if err != nil {
		return "", AssistantGrant{}, err
	}
	return code, g, nil
}

const grantCols = `id, brand_id, customer_id, client_id, client_name, scopes, resource, created_at, expires_at, revoked_at, revoked_why, last_used_at, last_used`

func scanGrant(row interface{ Scan(...any) error }) (AssistantGrant, error) {
	var g AssistantGrant
	var scopes string
	var created, expires int64
	var revoked, used sql.NullInt64
	if err := row.Scan(&g.ID, &g.BrandID, &g.CustomerID, &g.ClientID, &g.ClientName, &scopes, &g.Resource, &created, &expires,
		&revoked, &g.RevokedWhy, &used, &g.LastUsed); err != nil {
		return g, err
	}
	g.Scopes = strings.Fields(scopes)
	g.CreatedAt, g.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
	if revoked.Valid {
		t := time.Unix(revoked.Int64, 0).UTC()
		g.RevokedAt = &t
	}
	if used.Valid {
		t := time.Unix(used.Int64, 0).UTC()
		g.LastUsedAt = &t
	}
	return g, nil
}

func grantByID(ctx context.Context, q querier, brandID, id int64) (AssistantGrant, error) {
	g, err := scanGrant(q.QueryRowContext(ctx, `SELECT `+grantCols+` FROM assistant_grants WHERE brand_id = ? AND id = ?`, brandID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return g, ErrNotFound
	}
	if err != nil {
		return g, fmt.Errorf("store: grant: %w", err)
	}
	return g, nil
}

// issueTokens makes a fresh access and refresh token for the grant.
func issueTokens(ctx context.Context, tx *txn, g AssistantGrant, now time.Time) (TokenPair, error) {
	access, err := newSecret(accessPrefix, g.BrandID)
	if err != nil {
		return TokenPair{}, err
	}
	refresh, err := newSecret(refreshPrefix, g.BrandID)
	if err != nil {
		return TokenPair{}, err
	}
	refreshEnd := min(now.Add(RefreshTokenLifetime).Unix(), g.ExpiresAt.Unix())
	accessEnd := min(now.Add(AccessTokenLifetime).Unix(), g.ExpiresAt.Unix())
	for _, t := range []struct {
		secret, kind string
		end          int64
	}{{access, "access", accessEnd}, {refresh, "refresh", refreshEnd}} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO assistant_tokens (brand_id, hash, grant_id, kind, expires_at) VALUES (?, ?, ?, ?, ?)`,
			g.BrandID, hashSecret(t.secret), g.ID, t.kind, t.end); err != nil {
			return TokenPair{}, fmt.Errorf("store: issue token: %w", err)
		}
	}
	return TokenPair{Access: access, Refresh: refresh, ExpiresIn: time.Duration(accessEnd-now.Unix()) * time.Second, Grant: g}, nil
}

// tokenRow is one code or token as stored.
type tokenRow struct {
	grantID             int64
	kind                string
	expires             int64
	used                sql.NullInt64
	redirect, challenge string
	brandID             int64
	hash                string
	grant               AssistantGrant
}

func lookupToken(ctx context.Context, q querier, prefix, secret string) (tokenRow, error) {
	var t tokenRow
	brandID, ok := secretBrand(prefix, secret)
	if !ok {
		return t, ErrTokenInvalid
	}
	t.brandID, t.hash = brandID, hashSecret(secret)
	err := q.QueryRowContext(ctx, `SELECT grant_id, kind, expires_at, used_at, redirect_uri, code_challenge FROM assistant_tokens WHERE brand_id = ? AND hash = ?`,
		brandID, t.hash).Scan(&t.grantID, &t.kind, &t.expires, &t.used, &t.redirect, &t.challenge)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrTokenInvalid
	}
	if err != nil {
		return t, fmt.Errorf("store: token: %w", err)
	}
	if t.grant, err = grantByID(ctx, q, brandID, t.grantID); err != nil {
		return t, err
	}
	return t, nil
}

// revokeGrant ends a grant and every token made under it, in tx.
func revokeGrant(ctx context.Context, tx *txn, g AssistantGrant, why string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE assistant_grants SET revoked_at = ?, revoked_why = ? WHERE brand_id = ? AND id = ? AND revoked_at IS NULL`,
		now.Unix(), why, g.BrandID, g.ID); err != nil {
		return fmt.Errorf("store: revoke grant: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM assistant_tokens WHERE brand_id = ? AND grant_id = ?`, g.BrandID, g.ID); err != nil {
		return fmt.Errorf("store: revoke grant tokens: %w", err)
	}
	return bumpDataRev(ctx, tx, g.CustomerID)
}

// verifierMatches is PKCE's S256 check (RFC 7636 §4.6), in constant time.
func verifierMatches(verifier, challenge string) bool {
	h := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(h[:])), []byte(challenge)) == 1
}

// ExchangeAssistantCode trades an authorization code for tokens. The code must be live, unused, issued to this
// client for this redirect URI, match the PKCE verifier, and (when the client names one) the resource. A code used
// a second time revokes the grant: someone else holds it (OAuth 2.1 §4.1.3).
func (db *DB) ExchangeAssistantCode(ctx context.Context, code, clientID, redirectURI, verifier, resource string) (TokenPair, error) {
	return db.spendToken(ctx, codePrefix, "code", code, "code reused", func(t tokenRow) error {
		if t.grant.ClientID != clientID || t.redirect != redirectURI || (resource != "" && resource != t.grant.Resource) {
			return ErrTokenMismatch
		}
		if !verifierMatches(verifier, t.challenge) {
			return ErrPKCE
		}
		return nil
	})
}

// RefreshAssistantToken rotates a refresh token: the one given is spent and a new pair is returned. A refresh
// token presented twice means two parties hold it; the grant is revoked, which logs the assistant out too, and the
// customer sees why on their page.
func (db *DB) RefreshAssistantToken(ctx context.Context, refresh, clientID string) (TokenPair, error) {
	return db.spendToken(ctx, refreshPrefix, "refresh", refresh, "refresh token reused", func(t tokenRow) error {
		if t.grant.ClientID != clientID {
			return ErrTokenMismatch
		}
		return nil
	})
}

// spendToken uses a code or refresh token once and issues a new access and refresh token for its grant. A token
// already spent revokes the grant (why says how, for the customer's page) and answers ErrTokenReused; check
// refuses a token issued to someone else before it is spent.
func (db *DB) spendToken(ctx context.Context, prefix, kind, secret, why string, check func(tokenRow) error) (TokenPair, error) {
	now := db.Now().UTC().Truncate(time.Second)
	var pair TokenPair
	var reused bool
	err := db.tx(ctx, func(tx *txn) error {
		reused = false
		t, err := lookupToken(ctx, tx, prefix, secret)
		if err != nil {
			return err
		}
		if t.kind != kind {
			return ErrTokenInvalid
		}
		if kind == "refresh" { // another client's refresh token is not its to spend, even a second time
			if err := check(t); err != nil {
				return err
			}
		}
		switch {
		case t.used.Valid:
			reused = true
			return revokeGrant(ctx, tx, t.grant, why, now)
		case now.Unix() >= t.expires:
			return ErrTokenInvalid
		case !t.grant.Live(now):
			return ErrGrantRevoked
		}
		if err := check(t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assistant_tokens SET used_at = ? WHERE brand_id = ? AND hash = ?`, now.Unix(), t.brandID, t.hash); err != nil {
			return fmt.Errorf("store: spend %s: %w", kind, err)
		}
		pair, err = issueTokens(ctx, tx, t.grant, now)
		return err
	})
	if err == nil && reused {
		return TokenPair{}, ErrTokenReused
	}
	return pair, err
}

// AssistantTokenGrant returns the live grant an access token was made under, or ErrTokenInvalid (unknown, expired,
// not an access token) or ErrGrantRevoked. It only reads: every use is a lookup, so a revocation is honoured on
// the next call.
func (db *DB) AssistantTokenGrant(ctx context.Context, access string, now time.Time) (AssistantGrant, error) {
	t, err := lookupToken(ctx, db.r, accessPrefix, access)
	if err != nil {
		return AssistantGrant{}, err
	}
	if t.kind != "access" || now.Unix() >= t.expires {
		return AssistantGrant{}, ErrTokenInvalid
	}
	if !t.grant.Live(now) {
		return AssistantGrant{}, ErrGrantRevoked
	}
	return t.grant, nil
}

// AssistantGrants lists the customer's connected assistants, newest first, revoked ones included (the customer
// sees that a revocation took, and why a grant ended).
func (db *DB) AssistantGrants(ctx context.Context, brandID, customerID int64) ([]AssistantGrant, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+grantCols+` FROM assistant_grants WHERE brand_id = ? AND customer_id = ?
		ORDER BY created_at DESC, id DESC LIMIT 50`, brandID, customerID)
	if err != nil {
		return nil, fmt.Errorf("store: assistant grants: %w", err)
	}
	defer rows.Close()
	var out []AssistantGrant
	for rows.Next() {
		g, err := scanGrant(rows)
		if err != nil {
			return nil, fmt.Errorf("store: assistant grants: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// RevokeAssistantGrant ends the customer's grant id. Another customer's grant is ErrNotFound, never revoked.
func (db *DB) RevokeAssistantGrant(ctx context.Context, brandID, customerID, id int64) error {
	now := db.Now().UTC().Truncate(time.Second)
	return db.tx(ctx, func(tx *txn) error {
		g, err := grantByID(ctx, tx, brandID, id)
		if err != nil {
			return err
		}
		if g.CustomerID != customerID {
			return ErrNotFound
		}
		if g.RevokedAt != nil {
			return nil
		}
		return revokeGrant(ctx, tx, g, "customer", now)
	})
}

// AssistantCall is one call an assistant made for the customer.
type AssistantCall struct {
	ID         int64
	GrantID    int64
	ClientName string
	Tool       string
	At         time.Time
}

// RecordAssistantCall notes that the grant's assistant called tool now: the customer's page shows it, /admin
// counts it (assistant_calls_daily) and the grant's last use moves, in one transaction.
func (db *DB) RecordAssistantCall(ctx context.Context, g AssistantGrant, tool string) error {
	now := db.Now().UTC().Truncate(time.Second)
	day := now.Truncate(24 * time.Hour).Unix()
	return db.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO assistant_calls (brand_id, customer_id, grant_id, tool, at) VALUES (?, ?, ?, ?, ?)`,
			g.BrandID, g.CustomerID, g.ID, tool, now.Unix()); err != nil {
			return fmt.Errorf("store: record assistant call: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assistant_calls_daily (brand_id, day, n) VALUES (?, ?, 1)
			ON CONFLICT (brand_id, day) DO UPDATE SET n = assistant_calls_daily.n + 1`, g.BrandID, day); err != nil {
			return fmt.Errorf("store: count assistant call: %w", err)
		}
		// The customer's data revision does not move: the pages read calls and grants directly, not through the
		// memo of their data (CustomerData), and a call per tool must not make the next tool read everything again.
		if _, err := tx.ExecContext(ctx, `UPDATE assistant_grants SET last_used_at = ?, last_used = ? WHERE brand_id = ? AND id = ?`,
			now.Unix(), tool, g.BrandID, g.ID); err != nil {
			return fmt.Errorf("store: grant last use: %w", err)
		}
		return nil
	})
}

// AssistantCalls returns the customer's latest assistant calls, newest first, before the cursor when one is
// given (keyset paging as for staff visits).
func (db *DB) AssistantCalls(ctx context.Context, brandID, customerID int64, before Cursor, limit int) ([]AssistantCall, error) {
	q := `SELECT c.id, c.grant_id, g.client_name, c.tool, c.at FROM assistant_calls c
		JOIN assistant_grants g ON g.brand_id = c.brand_id AND g.id = c.grant_id
		WHERE c.brand_id = ? AND c.customer_id = ?`
	args := []any{brandID, customerID}
	if !before.IsZero() {
		q += ` AND (c.at < ? OR (c.at = ? AND c.id < ?))`
		args = append(args, before.At, before.At, before.ID)
	}
	q += ` ORDER BY c.at DESC, c.id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: assistant calls: %w", err)
	}
	defer rows.Close()
	var out []AssistantCall
	for rows.Next() {
		var c AssistantCall
		var at int64
		if err := rows.Scan(&c.ID, &c.GrantID, &c.ClientName, &c.Tool, &at); err != nil {
			return nil, fmt.Errorf("store: assistant calls: %w", err)
		}
		c.At = time.Unix(at, 0).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// AssistantUse is what /admin says of customers' assistants at a brand.
type AssistantUse struct {
	Connected int   // live grants
	Calls30d  int64 // calls in the last 30 days
}

// AssistantUseAt counts the brand's live grants and its assistants' calls in the 30 days before now, from the
// daily counts.
func (db *DB) AssistantUseAt(ctx context.Context, brandID int64, now time.Time) (AssistantUse, error) {
	var u AssistantUse
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM assistant_grants WHERE brand_id = ? AND revoked_at IS NULL AND expires_at > ?`,
		brandID, now.Unix()).Scan(&u.Connected); err != nil {
		return u, fmt.Errorf("store: assistants connected: %w", err)
	}
	since := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -29).Unix()
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM assistant_calls_daily WHERE brand_id = ? AND day >= ?`,
		brandID, since).Scan(&u.Calls30d); err != nil {
		return u, fmt.Errorf("store: assistant calls: %w", err)
	}
	return u, nil
}

// Kinds of change an assistant can prepare.
const (
	ProposalChoice = "choice" // change a consent choice
	ProposalReview = "review" // ask a person to review an automated decision
)

// AssistantProposal is a change an assistant prepared for the customer. Nothing happens until the customer opens
// its link, signed in, and confirms: no agent changes a choice silently.
type AssistantProposal struct {
	ID         string
	BrandID    int64
	CustomerID int64
	GrantID    int64
	ClientName string
	Kind       string
	PurposeID  int64  // for a choice
	State      string // for a choice: granted or refused
	EventID    int64  // for a review: the decision event
	Note       string // for a review: the customer's words the assistant passed on
	CreatedAt  time.Time
	ExpiresAt  time.Time
	DoneAt     *time.Time
}

// CreateAssistantProposal stores a prepared change under a fresh unguessable id, good for ProposalLifetime.
func (db *DB) CreateAssistantProposal(ctx context.Context, g AssistantGrant, p AssistantProposal) (AssistantProposal, error) {
	raw := make([]byte, 18)
	if _, err := rand.Read(raw); err != nil {
		return p, fmt.Errorf("store: proposal id: %w", err)
	}
	now := db.Now().UTC().Truncate(time.Second)
	p.ID, p.BrandID, p.CustomerID, p.GrantID, p.ClientName = base64.RawURLEncoding.EncodeToString(raw), g.BrandID, g.CustomerID, g.ID, g.ClientName
	p.CreatedAt, p.ExpiresAt = now, now.Add(ProposalLifetime)
	if _, err := db.w.ExecContext(ctx, `INSERT INTO assistant_proposals (brand_id, id, customer_id, grant_id, kind, purpose_id, state, event_id, note, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.BrandID, p.ID, p.CustomerID, p.GrantID, p.Kind, p.PurposeID, p.State, p.EventID, p.Note,
		now.Unix(), p.ExpiresAt.Unix()); err != nil {
		return p, fmt.Errorf("store: create proposal: %w", err)
	}
	return p, nil
}

// AssistantProposalByID returns the customer's proposal id, or ErrNotFound (also for another customer's).
func (db *DB) AssistantProposalByID(ctx context.Context, brandID, customerID int64, id string) (AssistantProposal, error) {
	var p AssistantProposal
	var created, expires int64
	var done sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT p.id, p.brand_id, p.customer_id, p.grant_id, g.client_name, p.kind, p.purpose_id, p.state, p.event_id, p.note,
			p.created_at, p.expires_at, p.done_at
		FROM assistant_proposals p JOIN assistant_grants g ON g.brand_id = p.brand_id AND g.id = p.grant_id
		WHERE p.brand_id = ? AND p.id = ? AND p.customer_id = ?`, brandID, id, customerID).
		Scan(&p.ID, &p.BrandID, &p.CustomerID, &p.GrantID, &p.ClientName, &p.Kind, &p.PurposeID, &p.State, &p.EventID, &p.Note, &created, &expires, &done)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: proposal: %w", err)
	}
	p.CreatedAt, p.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
	if done.Valid {
		t := time.Unix(done.Int64, 0).UTC()
		p.DoneAt = &t
	}
	return p, nil
}

// FinishAssistantProposal marks the proposal done once: false when it already was (a second click confirms
// nothing twice).
func (db *DB) FinishAssistantProposal(ctx context.Context, p AssistantProposal) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE assistant_proposals SET done_at = ? WHERE brand_id = ? AND id = ? AND done_at IS NULL`,
		db.Now().Unix(), p.BrandID, p.ID)
	if err != nil {
		return false, fmt.Errorf("store: finish proposal: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RevokeAssistantToken ends the grant an access or refresh token of clientID belongs to (RFC 7009). An unknown
// token, or one of another client, changes nothing and is no error.
func (db *DB) RevokeAssistantToken(ctx context.Context, secret, clientID string) error {
	now := db.Now().UTC().Truncate(time.Second)
	return db.tx(ctx, func(tx *txn) error {
		prefix := accessPrefix
		if strings.HasPrefix(secret, refreshPrefix) {
			prefix = refreshPrefix
		}
		t, err := lookupToken(ctx, tx, prefix, secret)
		if errors.Is(err, ErrTokenInvalid) || errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if t.kind == "code" || (clientID != "" && t.grant.ClientID != clientID) || t.grant.RevokedAt != nil {
			return nil
		}
		return revokeGrant(ctx, tx, t.grant, "assistant", now)
	})
}
