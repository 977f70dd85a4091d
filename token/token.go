// Package token signs and checks the short-lived customer tokens brands mint (embed and session links);
// it is its own package so that the CLI, the API and the handlers apply exactly the same checks.
package token

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Audiences a token can be for: a widget embedded in the brand's site, or a link that opens a customer session.
const (
	AudEmbed   = "vitrine-embed"
	AudSession = "vitrine-session"
)

// MaxTTL is the longest life a token may claim; links and widgets are meant to be minted on demand.
const MaxTTL = 24 * time.Hour

// leeway is the clock difference allowed between the brand's servers and vitrine, on every time claim.
const leeway = 30 * time.Second

// Key is a brand's signing secret, named by its key id.
type Key struct {
	KID    string
	Secret []byte
}

// Claims are what a vitrine token says: which brand issued it (iss), for which customer (sub), for what (aud).
type Claims struct {
	jwt.RegisteredClaims
}

// Errors a caller can tell apart to explain a refusal.
var (
	ErrExpired   = errors.New("token: expired")
	ErrAudience  = errors.New("token: wrong audience")
	ErrSignature = errors.New("token: bad signature or unknown key")
	ErrMalformed = errors.New("token: malformed")
)

// Sign mints a token for brand slug iss and customer external id sub.
func Sign(key Key, iss, sub, aud string, ttl time.Duration, now time.Time) (string, error) {
	if ttl <= 0 || ttl > MaxTTL {
		return "", fmt.Errorf("token: ttl %s is outside (0, %s]", ttl, MaxTTL)
	}
	jtiRaw := make([]byte, 16)
	if _, err := rand.Read(jtiRaw); err != nil {
		return "", fmt.Errorf("token: jti: %w", err)
	}
	c := Claims{jwt.RegisteredClaims{
		Issuer:    iss,
		Subject:   sub,
		Audience:  jwt.ClaimStrings{aud},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		ID:        base64.RawURLEncoding.EncodeToString(jtiRaw),
	}}
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = key.KID
	s, err := t.SignedString(key.Secret)
	if err != nil {
		return "", fmt.Errorf("token: sign: %w", err)
	}
	return s, nil
}

// Issuer reads the brand slug a token claims, without trusting it, so the caller can fetch that brand's keys.
func Issuer(raw string) (string, error) {
	var c Claims
	if _, _, err := jwt.NewParser().ParseUnverified(raw, &c); err != nil {
		return "", ErrMalformed
	}
	if c.Issuer == "" {
		return "", ErrMalformed
	}
	return c.Issuer, nil
}

// Verify checks a token's algorithm (HS256 only), signature against the brand's keys (by kid, or each key when
// the token names none), audience, issuer, expiry and lifetime, and returns its claims. A token whose signature
// verified but which has expired returns ErrExpired with its claims, so that the page refusing it can speak to
// the customer it was for (in their language, with their brand's way back in); no other refusal returns claims.
func Verify(raw string, keys []Key, iss, aud string, now time.Time) (Claims, error) {
	return VerifyWith(raw, keys, nil, iss, aud, now)
}

// timeClaimsAreNumbers reports whether the token's exp, iat and nbf, where present, are JSON numbers, as RFC 7519
// (section 2, NumericDate) requires. The JWT library also reads a number written as a string ("exp":"1700000000"),
// which a brand's code should not be relied on never to send and vitrine should not be lenient about. A payload
// that cannot be read is left for the parser to refuse.
func timeClaimsAreNumbers(raw string) bool {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return true
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return true
	}
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(payload, &claims); err != nil {
		return true
	}
	for name, v := range claims {
		// Field names are matched as the JSON decoder does, regardless of case, so "EXP" is checked too.
		if !strings.EqualFold(name, "exp") && !strings.EqualFold(name, "iat") && !strings.EqualFold(name, "nbf") {
			continue
		}
		if b := bytes.TrimSpace(v); len(b) == 0 || b[0] != '-' && (b[0] < '0' || b[0] > '9') {
			return false
		}
	}
	return true
}

// candidate is one key a token may have been signed with, and the one algorithm it is accepted with.
type candidate struct {
	kid      string
	alg      string
	key      any
	needsKID bool // a brand's public key is tried only for a token that names it
}

// VerifyWith is Verify with the brand's own public keys beside its HS256 secrets: a token whose header kid
// names a public key is checked with that key and its algorithm alone (ES256 or EdDSA), so neither a secret nor
// another algorithm (none, HS256 with the public key as secret, RSA) can pass for it.
func VerifyWith(raw string, keys []Key, public []PublicKey, iss, aud string, now time.Time) (Claims, error) {
	if !timeClaimsAreNumbers(raw) {
		return Claims{}, ErrMalformed
	}
	cands := make([]candidate, 0, len(keys)+len(public))
	for _, pk := range public {
		cands = append(cands, candidate{kid: pk.KID, alg: pk.Alg, key: pk.Key, needsKID: true})
	}
	for _, k := range keys {
		cands = append(cands, candidate{kid: k.KID, alg: jwt.SigningMethodHS256.Alg(), key: k.Secret})
	}
	var c, expired Claims
	var lastErr error
	for _, k := range cands {
		c = Claims{}
		parser := jwt.NewParser(
			jwt.WithValidMethods([]string{k.alg}),
			jwt.WithAudience(aud),
			jwt.WithIssuer(iss),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithTimeFunc(func() time.Time { return now }),
			jwt.WithLeeway(leeway),
		)
		_, err := parser.ParseWithClaims(raw, &c, func(t *jwt.Token) (any, error) {
			kid, _ := t.Header["kid"].(string)
			if kid != k.kid && (kid != "" || k.needsKID) {
				return nil, ErrSignature
			}
			return k.key, nil
		})
		if err == nil {
			if c.Subject == "" || c.ID == "" {
				return Claims{}, ErrMalformed
			}
			// The cap holds from now, whatever iat says or whether it is there at all: a token minted with a
			// far expiry would otherwise be a standing key to the customer's page.
			if c.ExpiresAt.Sub(now) > MaxTTL+leeway || c.IssuedAt != nil && c.ExpiresAt.Sub(c.IssuedAt.Time) > MaxTTL {
				return Claims{}, fmt.Errorf("%w: lifetime over %s", ErrExpired, MaxTTL)
			}
			return c, nil
		}
		// A key that did verify the signature explains the refusal better than one that did not match.
		if lastErr == nil || !errors.Is(err, jwt.ErrTokenSignatureInvalid) && !errors.Is(err, ErrSignature) && !errors.Is(err, jwt.ErrTokenUnverifiable) {
			lastErr = err
		}
		if errors.Is(err, jwt.ErrTokenExpired) && !errors.Is(err, jwt.ErrTokenSignatureInvalid) && !errors.Is(err, ErrSignature) {
			expired = c
		}
	}
	switch {
	case lastErr == nil:
		return Claims{}, ErrSignature
	case errors.Is(lastErr, jwt.ErrTokenExpired):
		return expired, ErrExpired
	case errors.Is(lastErr, jwt.ErrTokenInvalidAudience):
		return Claims{}, ErrAudience
	case errors.Is(lastErr, jwt.ErrTokenMalformed):
		return Claims{}, ErrMalformed
	default:
		return Claims{}, ErrSignature
	}
}
