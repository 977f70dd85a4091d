package token

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// Algorithms a brand's own public key may sign with. RSA is refused: its keys are large, its padding has a
// history of mistakes, and the two curves below are what current libraries make by default.
const (
	AlgES256 = "ES256" // ECDSA on P-256 with SHA-256
	AlgEdDSA = "EdDSA" // Ed25519
)

// PublicKey is a brand's own verification key, registered as a JWK: tokens whose header names its kid and alg
// are checked with it, so vitrine holds nothing that could sign a customer's link.
type PublicKey struct {
	KID string
	Alg string
	Key crypto.PublicKey // *ecdsa.PublicKey or ed25519.PublicKey
	// JWK is the public key as a canonical JWK (kty, crv, x, y, kid, alg): what is stored and shown again.
	JWK string
}

// ErrJWK says why a pasted JWK or JWK Set is not a key vitrine accepts.
var ErrJWK = errors.New("token: not an accepted public key")

// ErrJWKPrivate is the ErrJWK of a private key pasted by mistake: the brand must be told to keep it to itself.
var ErrJWKPrivate = fmt.Errorf("%w: this is a private key; give only its public part (without \"d\"), and keep the private key in your backend", ErrJWK)

// jwk is a JSON Web Key (RFC 7517) of the kinds read here, with the private member only to refuse it.
type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	D   string `json:"d,omitempty"`
	Kid string `json:"kid,omitempty"`
	Alg string `json:"alg,omitempty"`
	Use string `json:"use,omitempty"`
}

// ParseJWKs reads a single JWK or a JWK Set ({"keys": […]}) of ES256 (EC P-256) or EdDSA (OKP Ed25519) public
// keys. A key without a kid is named by its RFC 7638 thumbprint. Private keys, RSA, other curves, a use other
// than "sig" and an alg that does not match the key are refused, each with a reason the brand can act on.
func ParseJWKs(data []byte) ([]PublicKey, error) {
	data = bytes.TrimSpace(data)
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("%w: not JSON: %v", ErrJWK, err)
	}
	raws := set.Keys
	if raws == nil {
		raws = []json.RawMessage{data}
	}
	if len(raws) == 0 {
		return nil, fmt.Errorf("%w: the key set is empty", ErrJWK)
	}
	out := make([]PublicKey, 0, len(raws))
	seen := map[string]bool{}
	for i, raw := range raws {
		k, err := parseJWK(raw)
		if err != nil {
			if len(raws) > 1 {
				return nil, fmt.Errorf("key %d: %w", i+1, err)
			}
			return nil, err
		}
		if seen[k.KID] {
			return nil, fmt.Errorf("%w: two keys are named %q", ErrJWK, k.KID)
		}
		seen[k.KID] = true
		out = append(out, k)
	}
	return out, nil
}

func parseJWK(raw []byte) (PublicKey, error) {
	var j jwk
	if err := json.Unmarshal(raw, &j); err != nil {
		return PublicKey{}, fmt.Errorf("%w: not a JWK: %v", ErrJWK, err)
	}
	if j.D != "" {
		return PublicKey{}, ErrJWKPrivate
	}
	if j.Use != "" && j.Use != "sig" {
		return PublicKey{}, fmt.Errorf("%w: use %q, want \"sig\"", ErrJWK, j.Use)
	}
	x, err := base64.RawURLEncoding.DecodeString(j.X)
	if err != nil {
		return PublicKey{}, fmt.Errorf("%w: x is not base64url", ErrJWK)
	}
	var pk PublicKey
	canon := jwk{Kty: j.Kty, Crv: j.Crv, X: j.X}
	switch {
	case j.Kty == "EC" && j.Crv == "P-256" && (j.Alg == "" || j.Alg == AlgES256):
		y, err := base64.RawURLEncoding.DecodeString(j.Y)
		if err != nil || len(x) != 32 || len(y) != 32 {
			return PublicKey{}, fmt.Errorf("%w: x and y of a P-256 key are 32 bytes each, base64url", ErrJWK)
		}
		// Parsing the uncompressed point checks that it is on the curve (an invalid-curve key verifies nothing).
		key, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
		if err != nil {
			return PublicKey{}, fmt.Errorf("%w: the point is not on P-256", ErrJWK)
		}
		pk = PublicKey{Alg: AlgES256, Key: key}
		canon.Y = j.Y
	case j.Kty == "OKP" && j.Crv == "Ed25519" && (j.Alg == "" || j.Alg == AlgEdDSA || j.Alg == "Ed25519"):
		if len(x) != ed25519.PublicKeySize {
			return PublicKey{}, fmt.Errorf("%w: x of an Ed25519 key is 32 bytes, base64url", ErrJWK)
		}
		pk = PublicKey{Alg: AlgEdDSA, Key: ed25519.PublicKey(x)}
	case j.Kty == "RSA":
		return PublicKey{}, fmt.Errorf("%w: RSA keys are not accepted; use an ES256 (EC P-256) or EdDSA (Ed25519) key", ErrJWK)
	case j.Kty == "oct":
		return PublicKey{}, fmt.Errorf("%w: this is a shared secret, not a public key", ErrJWK)
	default:
		return PublicKey{}, fmt.Errorf("%w: kty %q crv %q alg %q; accepted: EC P-256 (ES256) or OKP Ed25519 (EdDSA)", ErrJWK, j.Kty, j.Crv, j.Alg)
	}
	pk.KID = j.Kid
	if pk.KID == "" {
		pk.KID = thumbprint(canon)
	}
	if len(pk.KID) > 200 {
		return PublicKey{}, fmt.Errorf("%w: kid is over 200 characters", ErrJWK)
	}
	canon.Kid, canon.Alg = pk.KID, pk.Alg
	b, _ := json.Marshal(canon)
	pk.JWK = string(b)
	return pk, nil
}

// thumbprint is the RFC 7638 SHA-256 thumbprint of a public JWK, base64url: the required members in
// lexicographic order, no spaces, the usual name of a key that has no kid.
func thumbprint(j jwk) string {
	var s string
	if j.Kty == "EC" {
		s = fmt.Sprintf(`{"crv":%q,"kty":%q,"x":%q,"y":%q}`, j.Crv, j.Kty, j.X, j.Y)
	} else {
		s = fmt.Sprintf(`{"crv":%q,"kty":%q,"x":%q}`, j.Crv, j.Kty, j.X)
	}
	sum := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
