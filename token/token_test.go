package token

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var (
	now    = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	keyA   = Key{KID: "a1", Secret: []byte("brand-a-secret-0123456789abcdef!")}
	keyA2  = Key{KID: "a2", Secret: []byte("brand-a-rotated-0123456789abcdef")}
	keyB   = Key{KID: "b1", Secret: []byte("brand-b-secret-0123456789abcdef!")}
	tamper = func(tok string) string {
		p := strings.Split(tok, ".")
		p[1] = base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"a","sub":"C-2","aud":["vitrine-session"],"exp":9999999999,"iat":1,"jti":"x"}`))
		return strings.Join(p, ".")
	}
	algNone = func() string {
		t := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"iss": "a", "sub": "C-1", "aud": AudSession, "exp": now.Add(time.Minute).Unix(), "iat": now.Unix(), "jti": "n"})
		s, _ := t.SignedString(jwt.UnsafeAllowNoneSignatureType)
		return s
	}
	hs512 = func() string {
		t := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{"iss": "a", "sub": "C-1", "aud": AudSession, "exp": now.Add(time.Minute).Unix(), "iat": now.Unix(), "jti": "n"})
		s, _ := t.SignedString(keyA.Secret)
		return s
	}
)

func mustSign(t *testing.T, k Key, iss, sub, aud string, ttl time.Duration, at time.Time) string {
	t.Helper()
	s, err := Sign(k, iss, sub, aud, ttl, at)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerify(t *testing.T) {
	cases := []struct {
		name string
		tok  string
		keys []Key
		iss  string
		aud  string
		want error
	}{
		{"valid", mustSign(t, keyA, "a", "C-1", AudSession, 10*time.Minute, now), []Key{keyA}, "a", AudSession, nil},
		{"valid with a rotated-in key first", mustSign(t, keyA, "a", "C-1", AudSession, 10*time.Minute, now), []Key{keyA2, keyA}, "a", AudSession, nil},
		{"rotated-out key", mustSign(t, keyA, "a", "C-1", AudSession, 10*time.Minute, now), []Key{keyA2}, "a", AudSession, ErrSignature},
		{"expired", mustSign(t, keyA, "a", "C-1", AudSession, time.Minute, now.Add(-time.Hour)), []Key{keyA}, "a", AudSession, ErrExpired},
		{"embed token used as session", mustSign(t, keyA, "a", "C-1", AudEmbed, time.Minute, now), []Key{keyA}, "a", AudSession, ErrAudience},
		{"signed by another brand", mustSign(t, keyB, "a", "C-1", AudSession, time.Minute, now), []Key{keyA}, "a", AudSession, ErrSignature},
		{"issuer of another brand", mustSign(t, keyA, "b", "C-1", AudSession, time.Minute, now), []Key{keyA}, "a", AudSession, ErrSignature},
		{"alg none", algNone(), []Key{keyA}, "a", AudSession, ErrSignature},
		{"other algorithm", hs512(), []Key{keyA}, "a", AudSession, ErrSignature},
		{"tampered payload", tamper(mustSign(t, keyA, "a", "C-1", AudSession, time.Minute, now)), []Key{keyA}, "a", AudSession, ErrSignature},
		{"garbage", "not.a.token", []Key{keyA}, "a", AudSession, ErrMalformed},
		{"no keys", mustSign(t, keyA, "a", "C-1", AudSession, time.Minute, now), nil, "a", AudSession, ErrSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			claims, err := Verify(c.tok, c.keys, c.iss, c.aud, now)
			if c.want == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if claims.Subject != "C-1" || claims.ID == "" {
					t.Fatalf("claims = %+v", claims)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("Verify error = %v, want %v", err, c.want)
			}
		})
	}
}

func TestSignRefusesLongLifetimes(t *testing.T) {
	if _, err := Sign(keyA, "a", "C-1", AudEmbed, 48*time.Hour, now); err == nil {
		t.Fatal("a 48h token should be refused")
	}
	if _, err := Sign(keyA, "a", "C-1", AudEmbed, 0, now); err == nil {
		t.Fatal("a zero-lifetime token should be refused")
	}
}

func TestIssuer(t *testing.T) {
	if iss, err := Issuer(mustSign(t, keyA, "maison", "C-1", AudEmbed, time.Minute, now)); err != nil || iss != "maison" {
		t.Fatalf("Issuer = %q, %v", iss, err)
	}
	if _, err := Issuer("%%%"); !errors.Is(err, ErrMalformed) {
		t.Fatalf("Issuer of junk: %v", err)
	}
}

func FuzzVerify(f *testing.F) {
	f.Add(mustSignF(keyA))
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		_, _ = Issuer(raw)
		_, _ = Verify(raw, []Key{keyA}, "a", AudSession, now)
	})
}

func mustSignF(k Key) string {
	s, _ := Sign(k, "a", "C-1", AudSession, time.Minute, now)
	return s
}

// signClaims signs any claims with keyA, as a brand's own code might: with or without iat, with numbers or not.
func signClaims(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	base := jwt.MapClaims{"iss": "a", "sub": "C-1", "aud": AudEmbed, "jti": "j1"}
	for k, v := range claims {
		base[k] = v
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, base)
	tok.Header["kid"] = keyA.KID
	s, err := tok.SignedString(keyA.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The 24-hour cap holds from now whatever the time claims say, and time claims must be numbers (RFC 7519).
func TestVerifyLifetimeAndTimeClaims(t *testing.T) {
	at := func(d time.Duration) int64 { return now.Add(d).Unix() }
	str := func(d time.Duration) string { return strconv.FormatInt(at(d), 10) }
	tenYears := 10 * 365 * 24 * time.Hour
	cases := []struct {
		name   string
		claims jwt.MapClaims
		want   error
	}{
		{"no iat, exp in 10 minutes", jwt.MapClaims{"exp": at(10 * time.Minute)}, nil},
		{"no iat, exp in 24 hours and a few seconds of clock difference", jwt.MapClaims{"exp": at(MaxTTL + 20*time.Second)}, nil},
		{"iat and nbf now, exp in an hour", jwt.MapClaims{"iat": at(0), "nbf": at(0), "exp": at(time.Hour)}, nil},
		{"no iat, exp in 10 years", jwt.MapClaims{"exp": at(tenYears)}, ErrExpired},
		{"no iat, exp in 25 hours", jwt.MapClaims{"exp": at(25 * time.Hour)}, ErrExpired},
		{"iat now, exp in 10 years", jwt.MapClaims{"iat": at(0), "exp": at(tenYears)}, ErrExpired},
		{"exp a string", jwt.MapClaims{"exp": str(10 * time.Minute)}, ErrMalformed},
		{"iat a string", jwt.MapClaims{"iat": str(0), "exp": at(10 * time.Minute)}, ErrMalformed},
		{"nbf a string", jwt.MapClaims{"nbf": str(0), "exp": at(10 * time.Minute)}, ErrMalformed},
		{"EXP in capitals, a string", jwt.MapClaims{"EXP": str(10 * time.Minute)}, ErrMalformed},
		{"exp null", jwt.MapClaims{"exp": nil}, ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			claims, err := Verify(signClaims(t, c.claims), []Key{keyA}, "a", AudEmbed, now)
			if c.want == nil {
				if err != nil || claims.Subject != "C-1" {
					t.Fatalf("Verify = %+v, %v; want the token accepted", claims, err)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("Verify error = %v, want %v", err, c.want)
			}
		})
	}
}
