// Package proof makes and checks the proofs a customer can hold: consent receipts signed as JWS (EdDSA), the JWK
// Set that verifies them, and the per-customer hash chain over consent changes and staff looks, each entry hashed
// over its canonical JSON form (RFC 8785). It has no database: the store writes with it, and `vitrine verify`
// checks a receipt file with it on a machine that has nothing but the file and the published keys.
package proof

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/golang-jwt/jwt/v5"
	"github.com/gowebpki/jcs"
)

// HashPrefix names the hash function in every chain hash, so that a later change of function is visible.
const HashPrefix = "sha256:"

// ChainVersion is written into every chain's first link: a chain made by rules other than these never verifies
// as one of these.
const ChainVersion = "vitrine proof chain v1"

// Canonical returns the RFC 8785 (JCS) form of v's JSON: keys sorted, numbers and strings in one spelling, no
// spaces. Two programs that agree on the values agree on these bytes, whatever JSON library made them.
func Canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("proof: canonical form: %w", err)
	}
	out, err := jcs.Transform(raw)
	if err != nil {
		return nil, fmt.Errorf("proof: canonical form: %w", err)
	}
	return out, nil
}

// Hash is the chain hash of v: SHA-256 over its canonical form, as "sha256:" and 64 hex digits.
func Hash(v any) (string, error) {
	c, err := Canonical(v)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(c)
	return HashPrefix + hex.EncodeToString(sum[:]), nil
}

// Genesis is what the first entry of a customer's chain points back to: a hash naming the chain's rules, the brand
// and the customer, so that no chain can be passed off as another customer's.
func Genesis(brand, customer string) string {
	h, _ := Hash(map[string]string{"chain": ChainVersion, "brand": brand, "customer": customer})
	return h
}

// Link hashes one chain entry: the record's canonical fields with "prev", the hash of the entry before.
func Link(record map[string]any, prev string) (string, error) {
	e := make(map[string]any, len(record)+1)
	for k, v := range record {
		e[k] = v
	}
	e["prev"] = prev
	return Hash(e)
}

// Key is one signing key: its id and Ed25519 private key.
type Key struct {
	KID     string
	Private ed25519.PrivateKey
}

// NewKey makes a signing key from a 32-byte seed, its kid the RFC 7638 thumbprint of its public JWK.
func NewKey(seed []byte) (Key, error) {
	if len(seed) != ed25519.SeedSize {
		return Key{}, fmt.Errorf("proof: an Ed25519 seed has %d bytes, not %d", ed25519.SeedSize, len(seed))
	}
	priv := ed25519.NewKeyFromSeed(seed)
	return Key{KID: Thumbprint(priv.Public().(ed25519.PublicKey)), Private: priv}, nil
}

// JWK is a public key as published in the JWK Set.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKSet is a JSON Web Key Set (RFC 7517 §5).
type JWKSet struct {
	Keys []JWK `json:"keys"`
}

// PublicJWK returns the key's public half as a JWK.
func (k Key) PublicJWK() JWK {
	pub := k.Private.Public().(ed25519.PublicKey)
	return JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(pub), Kid: k.KID, Alg: "EdDSA", Use: "sig"}
}

// Thumbprint is the RFC 7638 thumbprint of an Ed25519 public key: SHA-256 of its required members in order.
func Thumbprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + base64.RawURLEncoding.EncodeToString(pub) + `"}`))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// ReceiptType is the JWS "typ" of a signed receipt.
const ReceiptType = "vitrine-receipt+jwt"

// Sign signs the receipt (any JSON object) as a compact JWS (RFC 7515) with EdDSA, the key named by its kid. The
// payload is the receipt's JSON as it is marshalled, so any JOSE library that checks the signature hands back the
// receipt itself. Compact JWS is three base64url parts, so it is written here directly: going through a JWT
// library's claims map cost a third of a consent change (a marshal, an unmarshal and a marshal again); checking
// stays with golang-jwt (Verify).
func Sign(k Key, receipt any) (string, error) {
	payload, err := json.Marshal(receipt)
	if err != nil {
		return "", fmt.Errorf("proof: sign receipt: %w", err)
	}
	if len(payload) == 0 || payload[0] != '{' {
		return "", errors.New("proof: sign receipt: a receipt is a JSON object")
	}
	header, err := json.Marshal(map[string]string{"alg": "EdDSA", "kid": k.KID, "typ": ReceiptType})
	if err != nil {
		return "", fmt.Errorf("proof: sign receipt: %w", err)
	}
	input := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(payload)
	return input + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(k.Private, []byte(input))), nil
}

// Errors of Verify, each saying what failed.
var (
	ErrNoKey     = errors.New("proof: no published key has this receipt's kid")
	ErrSignature = errors.New("proof: the signature does not match: the receipt was changed or not signed by this key")
	ErrMismatch  = errors.New("proof: the readable receipt differs from what was signed")
)

// Verify checks a compact JWS receipt against the JWK Set and returns its payload. Only EdDSA is accepted.
func Verify(jws string, set JWKSet) (map[string]any, string, error) {
	var kid string
	claims := jwt.MapClaims{}
	_, err := jwt.NewParser(jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithoutClaimsValidation()).ParseWithClaims(jws, claims,
		func(t *jwt.Token) (any, error) {
			kid, _ = t.Header["kid"].(string)
			for _, k := range set.Keys {
				if k.Kid == kid && k.Kty == "OKP" && k.Crv == "Ed25519" {
					x, err := base64.RawURLEncoding.DecodeString(k.X)
					if err != nil || len(x) != ed25519.PublicKeySize {
						return nil, fmt.Errorf("proof: key %s is not an Ed25519 public key", kid)
					}
					return ed25519.PublicKey(x), nil
				}
			}
			return nil, ErrNoKey
		})
	switch {
	case errors.Is(err, ErrNoKey):
		return nil, kid, fmt.Errorf("%w (kid %q)", ErrNoKey, kid)
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return nil, kid, ErrSignature
	case err != nil:
		return nil, kid, fmt.Errorf("proof: not a signed receipt: %w", err)
	}
	return claims, kid, nil
}

// File is a receipt as a customer downloads it: the receipt's fields, readable, and "jws", the same receipt
// signed.
type File map[string]any

// VerifyFile checks a downloaded receipt: its JWS against the key set, and every readable field against the
// signed payload, so that neither the signature nor the readable copy can be changed alone. It returns the signed
// receipt and the kid that signed it.
func VerifyFile(data []byte, set JWKSet) (map[string]any, string, error) {
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, "", fmt.Errorf("proof: the receipt file is not JSON: %w", err)
	}
	jws, _ := f["jws"].(string)
	if jws == "" {
		return nil, "", errors.New(`proof: the receipt file has no "jws" member: it is not a signed receipt`)
	}
	payload, kid, err := Verify(jws, set)
	if err != nil {
		return nil, kid, err
	}
	delete(f, "jws")
	if !reflect.DeepEqual(map[string]any(f), payload) {
		for k, v := range f {
			if !reflect.DeepEqual(v, payload[k]) {
				return payload, kid, fmt.Errorf("%w: %q", ErrMismatch, k)
			}
		}
		for k := range payload {
			if _, ok := f[k]; !ok {
				return payload, kid, fmt.Errorf("%w: %q is missing", ErrMismatch, k)
			}
		}
	}
	return payload, kid, nil
}
