package token

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var b64 = base64.RawURLEncoding.EncodeToString

// ecJWK is the public JWK of an ECDSA P-256 key, with extra members ("kid", "alg", …) as given.
func ecJWK(k *ecdsa.PrivateKey, extra string) string {
	b, _ := k.PublicKey.Bytes()
	return fmt.Sprintf(`{"kty":"EC","crv":"P-256","x":%q,"y":%q%s}`, b64(b[1:33]), b64(b[33:]), extra)
}

// edJWK is the public JWK of an Ed25519 key.
func edJWK(k ed25519.PrivateKey, extra string) string {
	return fmt.Sprintf(`{"kty":"OKP","crv":"Ed25519","x":%q%s}`, b64(k.Public().(ed25519.PublicKey)), extra)
}

// signWith mints a token as a brand's backend does with its own library: any method, key and kid.
func signWith(t *testing.T, m jwt.SigningMethod, key any, kid string, ttl time.Duration, at time.Time) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, jwt.MapClaims{"iss": "a", "sub": "C-1", "aud": AudEmbed, "iat": at.Unix(), "exp": at.Add(ttl).Unix(), "jti": "j1"})
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustParse(t *testing.T, s string) []PublicKey {
	t.Helper()
	keys, err := ParseJWKs([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestVerifyPublicKeys checks tokens a brand signs with its own ES256 or Ed25519 private key: the kid picks the
// key and the key fixes the algorithm, so none of the classic substitutions get through.
func TestVerifyPublicKeys(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ec2, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	public := mustParse(t, `{"keys":[`+ecJWK(ec, `,"kid":"ec-1"`)+`,`+edJWK(ed, `,"kid":"ed-1","alg":"EdDSA"`)+`]}`)
	edPub := []byte(ed.Public().(ed25519.PublicKey))
	cases := []struct {
		name string
		tok  string
		want error
	}{
		{"ES256", signWith(t, jwt.SigningMethodES256, ec, "ec-1", 10*time.Minute, now), nil},
		{"EdDSA", signWith(t, jwt.SigningMethodEdDSA, ed, "ed-1", 10*time.Minute, now), nil},
		{"the HS256 secret still works beside them", mustSign(t, keyA, "a", "C-1", AudEmbed, time.Minute, now), nil},
		{"expired", signWith(t, jwt.SigningMethodES256, ec, "ec-1", time.Minute, now.Add(-time.Hour)), ErrExpired},
		{"another private key under the same kid", signWith(t, jwt.SigningMethodES256, ec2, "ec-1", time.Minute, now), ErrSignature},
		{"ES256 under the Ed25519 key's kid", signWith(t, jwt.SigningMethodES256, ec, "ed-1", time.Minute, now), ErrSignature},
		{"HS256 with the public key as its secret", signWith(t, jwt.SigningMethodHS256, edPub, "ed-1", time.Minute, now), ErrSignature},
		{"RS256", signWith(t, jwt.SigningMethodRS256, rsaKey, "ec-1", time.Minute, now), ErrSignature},
		{"no kid", signWith(t, jwt.SigningMethodES256, ec, "", time.Minute, now), ErrSignature},
		{"alg none", func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"iss": "a", "sub": "C-1", "aud": AudEmbed, "exp": now.Add(time.Minute).Unix(), "iat": now.Unix(), "jti": "n"})
			tok.Header["kid"] = "ec-1"
			s, _ := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
			return s
		}(), ErrSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			claims, err := VerifyWith(c.tok, []Key{keyA}, public, "a", AudEmbed, now)
			if c.want == nil {
				if err != nil || claims.Subject != "C-1" {
					t.Fatalf("VerifyWith: %+v, %v", claims, err)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("VerifyWith error = %v, want %v", err, c.want)
			}
		})
	}
}

// TestParseJWKs reads what a brand pastes: one key or a set; refuses what must not be a verification key, with
// a reason.
func TestParseJWKs(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	keys := mustParse(t, ecJWK(ec, ""))
	if len(keys) != 1 || keys[0].Alg != AlgES256 || len(keys[0].KID) != 43 {
		t.Fatalf("a key without kid = %+v, want ES256 named by its 43-character thumbprint", keys)
	}
	if again := mustParse(t, keys[0].JWK); again[0].KID != keys[0].KID || strings.Contains(keys[0].JWK, `"d"`) {
		t.Fatalf("the stored JWK %s does not read back as the same key", keys[0].JWK)
	}
	if k := mustParse(t, edJWK(ed, `,"kid":"k","use":"sig"`)); k[0].Alg != AlgEdDSA || k[0].KID != "k" {
		t.Fatalf("Ed25519 = %+v", k)
	}
	b, _ := ec.PublicKey.Bytes()
	offCurve := fmt.Sprintf(`{"kty":"EC","crv":"P-256","x":%q,"y":%q}`, b64(b[1:33]), b64(make([]byte, 32)))
	for _, c := range []struct{ name, jwk, want string }{
		{"private EC key", strings.TrimSuffix(ecJWK(ec, ""), "}") + `,"d":"` + b64(ec.D.Bytes()) + `"}`, "private key"},
		{"private Ed25519 key", edJWK(ed, `,"d":"`+b64(ed.Seed())+`"`), "private key"},
		{"RSA", `{"kty":"RSA","n":"AQAB","e":"AQAB"}`, "RSA keys are not accepted"},
		{"a shared secret", `{"kty":"oct","k":"c2VjcmV0"}`, "shared secret"},
		{"P-384", `{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}`, "accepted: EC P-256"},
		{"alg that does not fit the key", ecJWK(ec, `,"alg":"EdDSA"`), "accepted: EC P-256"},
		{"a point off the curve", offCurve, "not on P-256"},
		{"encryption key", edJWK(ed, `,"use":"enc"`), `use "enc"`},
		{"short x", `{"kty":"OKP","crv":"Ed25519","x":"AAAA"}`, "32 bytes"},
		{"empty set", `{"keys":[]}`, "empty"},
		{"two keys of one name", `{"keys":[` + ecJWK(ec, `,"kid":"x"`) + `,` + edJWK(ed, `,"kid":"x"`) + `]}`, "two keys"},
		{"not JSON", `-----BEGIN PUBLIC KEY-----`, "not JSON"},
	} {
		if _, err := ParseJWKs([]byte(c.jwk)); !errors.Is(err, ErrJWK) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrJWK saying %q", c.name, err, c.want)
		}
	}
}
