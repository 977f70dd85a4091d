package store

import "testing"

func TestParseColour(t *testing.T) {
	for in, want := range map[string]string{"#7A3B5E": "#7a3b5e", "#abc": "#aabbcc", " #123456 ": "#123456"} {
		if got, err := ParseColour(in); err != nil || got != want {
			t.Errorf("ParseColour(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "red", "#12345", "#1234567", "#ggg", "#12345g", "#123;}body{", "url(x)", "7a3b5e"} {
		if got, err := ParseColour(bad); err == nil {
			t.Errorf("ParseColour(%q) = %q, want an error", bad, got)
		}
	}
}

// TestThemeContrast checks the rule every brand colour meets: WCAG contrast of 4.5:1 with the text pages set on
// it (white on the primary colour, near-black on the accent), refused at entry and adjusted when it is stored.
func TestThemeContrast(t *testing.T) {
	if r := Contrast("#ffffff", "#000000"); r < 20.9 || r > 21.1 {
		t.Fatalf("white on black = %.2f, want 21", r)
	}
	if r := Contrast("#7a3b5e", "#ffffff"); r < 7 {
		t.Errorf("Maison Lumière's plum on white = %.2f, want over 7", r)
	}
	ok := Theme{Primary: "#7a3b5e", Accent: "#c9a227"}
	if p := ok.Check(); len(p) != 0 {
		t.Errorf("a readable theme is refused: %+v", p)
	}
	if s := ok.Safe(); s.Primary != "#7a3b5e" || s.Accent != "#c9a227" {
		t.Errorf("a readable theme was changed: %+v", s)
	}
	pale := Theme{Primary: "#f4d35e", Accent: "#333333"}
	problems := pale.Check()
	if len(problems) != 2 {
		t.Fatalf("a pale primary and a dark accent: %+v, want two problems", problems)
	}
	for _, p := range problems {
		on := map[string]string{"primary": "#ffffff", "accent": "#111111"}[p.Field]
		if p.Contrast >= MinContrast || Contrast(p.Suggest, on) < MinContrast {
			t.Errorf("%s: contrast %.2f, suggestion %s at %.2f", p.Field, p.Contrast, p.Suggest, Contrast(p.Suggest, on))
		}
	}
	safe := pale.Safe()
	if Contrast(safe.Primary, "#ffffff") < MinContrast || Contrast(safe.Accent, "#111111") < MinContrast {
		t.Errorf("Safe left unreadable colours: %+v", safe)
	}
	if bad := (Theme{Primary: "red;}body{display:none", Accent: "#abc"}).Safe(); bad.Primary != "" || bad.Accent != "#aabbcc" {
		t.Errorf("Safe kept something that is not a colour: %+v", bad)
	}
}
