package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func testKey(t testing.TB, b byte) Key {
	t.Helper()
	k, err := NewKey(bytes.Repeat([]byte{b}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// The canonical form is RFC 8785's: keys sorted, no spaces, numbers in their shortest form; so the hash does not
// depend on the order a program wrote the keys in.
func TestCanonicalAndHash(t *testing.T) {
	c, err := Canonical(map[string]any{"b": 1.0, "a": "é", "c": []any{true, nil}})
	if err != nil || string(c) != `{"a":"é","b":1,"c":[true,null]}` {
		t.Fatalf("canonical %s, %v", c, err)
	}
	h1, _ := Link(map[string]any{"x": 1, "y": "z"}, Genesis("b", "c"))
	var m map[string]any
	_ = json.Unmarshal([]byte(`{"y":"z","x":1}`), &m)
	h2, _ := Link(m, Genesis("b", "c"))
	h3, _ := Link(m, Genesis("b", "other"))
	if h1 != h2 || h1 == h3 || !strings.HasPrefix(h1, HashPrefix) || len(h1) != len(HashPrefix)+64 {
		t.Fatalf("hashes %s %s %s", h1, h2, h3)
	}
}

func TestVerifyFile(t *testing.T) {
	k, other := testKey(t, 1), testKey(t, 2)
	set := JWKSet{Keys: []JWK{k.PublicJWK()}}
	receipt := map[string]any{"receipt_id": "r-1", "event": map[string]any{"type": "given"}, "iat": 1700000000}
	file := func(key Key, edit func(map[string]any)) []byte {
		jws, err := Sign(key, receipt)
		if err != nil {
			t.Fatal(err)
		}
		f := map[string]any{"jws": jws}
		raw, _ := json.Marshal(receipt)
		_ = json.Unmarshal(raw, &f)
		f["jws"] = jws
		if edit != nil {
			edit(f)
		}
		b, _ := json.Marshal(f)
		return b
	}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"as signed", file(k, nil), nil},
		{"a readable field changed", file(k, func(f map[string]any) { f["event"] = map[string]any{"type": "withdrawn"} }), ErrMismatch},
		{"a readable field removed", file(k, func(f map[string]any) { delete(f, "iat") }), ErrMismatch},
		{"a field added", file(k, func(f map[string]any) { f["extra"] = 1 }), ErrMismatch},
		{"signed by an unknown key", file(other, nil), ErrNoKey},
		{"signature of another payload", file(k, func(f map[string]any) {
			p := strings.Split(f["jws"].(string), ".")
			q, _ := Sign(k, map[string]any{"receipt_id": "r-2"})
			f["jws"] = p[0] + "." + strings.Split(q, ".")[1] + "." + p[2]
		}), ErrSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, kid, err := VerifyFile(c.data, set)
			if c.want == nil && (err != nil || kid != k.KID) {
				t.Fatalf("got %v (kid %s)", err, kid)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	for _, bad := range []string{``, `[]`, `{}`, `{"jws": 3}`, `{"jws": "a.b.c"}`} {
		if _, _, err := VerifyFile([]byte(bad), set); err == nil {
			t.Errorf("%q verifies", bad)
		}
	}
}

// A receipt file from anywhere never makes VerifyFile panic, and is valid only when signed by the key.
func FuzzVerifyFile(f *testing.F) {
	k := testKey(f, 1)
	set := JWKSet{Keys: []JWK{k.PublicJWK()}}
	jws, _ := Sign(k, map[string]any{"receipt_id": "r"})
	f.Add([]byte(`{"receipt_id":"r","jws":"` + jws + `"}`))
	f.Add([]byte(`{"jws":"eyJhbGciOiJub25lIn0.e30."}`))
	f.Add([]byte(`{"receipt_id":"r","jws":"` + jws + `x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _, err := VerifyFile(data, set)
		if err == nil && p["receipt_id"] != "r" {
			t.Fatalf("verified a receipt vitrine never signed: %s", data)
		}
	})
}
