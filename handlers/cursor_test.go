package handlers

import (
	"testing"

	"vitrine/store"
)

func TestCursorRoundTrip(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"1795962379-42", true},
		{"", false},
		{"abc", false},
		{"12-", false},
		{"-12", false},
		{"0-1", false},
		{"5-0", false},
		{"99999999999999999999-1", false},
	}
	for _, c := range cases {
		cur, ok := parseCursor(c.in)
		if ok != c.ok {
			t.Errorf("parseCursor(%q) ok = %v, want %v", c.in, ok, c.ok)
		}
		if ok && formatCursor(cur) != c.in {
			t.Errorf("round trip of %q gave %q", c.in, formatCursor(cur))
		}
	}
}

func FuzzParseCursor(f *testing.F) {
	f.Add("1795962379-42")
	f.Add("-")
	f.Fuzz(func(t *testing.T, s string) {
		cur, ok := parseCursor(s)
		if !ok {
			return
		}
		if cur.At <= 0 || cur.ID <= 0 {
			t.Fatalf("accepted a non-positive cursor %+v from %q", cur, s)
		}
		back, ok := parseCursor(formatCursor(cur))
		if !ok || back != (store.Cursor{At: cur.At, ID: cur.ID}) {
			t.Fatalf("cursor %+v does not survive a round trip", cur)
		}
	})
}
