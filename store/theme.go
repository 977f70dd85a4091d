package store

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Brand colours reach every page as CSS, so one validator decides what a colour may be (ParseColour), and one rule
// what it must contrast with (the text pages put on it): the header, buttons and links set white text on the
// primary colour and the primary colour on white paper; badges set near-black text on the accent.
const (
	// MinContrast is the contrast WCAG 2.2 AA asks for normal text (1.4.3).
	MinContrast = 4.5
	onPrimary   = "#ffffff"
	onAccent    = "#111111"
)

// ParseColour accepts a colour as #rgb or #rrggbb, in any case, and returns it as lower-case #rrggbb; anything
// else is an error, so nothing but a colour can ever reach a page's CSS.
func ParseColour(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return "", fmt.Errorf("%q is not a colour like #7a3b5e", s)
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return "", fmt.Errorf("%q is not a colour like #7a3b5e", s)
		}
	}
	s = strings.ToLower(s)
	if len(s) == 4 {
		s = "#" + strings.Repeat(s[1:2], 2) + strings.Repeat(s[2:3], 2) + strings.Repeat(s[3:4], 2)
	}
	return s, nil
}

// rgb splits a colour ParseColour accepted into its channels, 0 to 255.
func rgb(hex string) [3]float64 {
	var out [3]float64
	for i := range out {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		out[i] = float64(v)
	}
	return out
}

func toHex(c [3]float64) string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c[0])), int(math.Round(c[1])), int(math.Round(c[2])))
}

// luminance is WCAG's relative luminance of a colour.
func luminance(hex string) float64 {
	c := rgb(hex)
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.04045 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// Contrast is WCAG's contrast ratio of two colours ParseColour accepted, from 1 to 21.
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// ThemeProblem says why a theme colour cannot be used as it is.
type ThemeProblem struct {
	Field    string  // "primary" or "accent"
	Colour   string  // as given
	Contrast float64 // with the text pages put on it; 0 when the colour is not a colour at all
	Suggest  string  // the nearest colour that reaches MinContrast
}

// Check validates a theme as an admin enters it: each colour must be a colour, and contrast at least MinContrast
// with the text set on it. Empty colours keep the default look and are fine.
func (t Theme) Check() []ThemeProblem {
	var out []ThemeProblem
	for _, f := range []struct{ field, value, on string }{{"primary", t.Primary, onPrimary}, {"accent", t.Accent, onAccent}} {
		if f.value == "" {
			continue
		}
		c, err := ParseColour(f.value)
		if err != nil {
			out = append(out, ThemeProblem{Field: f.field, Colour: f.value})
			continue
		}
		if r := Contrast(c, f.on); r < MinContrast {
			out = append(out, ThemeProblem{Field: f.field, Colour: c, Contrast: r, Suggest: adjust(c, f.on)})
		}
	}
	return out
}

// Safe is the theme as pages use it: colours that are not colours are dropped (the default look stays), and a
// colour below MinContrast with its text, stored before this rule or written by hand, is moved to the nearest one
// that reaches it. Whatever is in the database, no page shows text a reader cannot read.
func (t Theme) Safe() Theme {
	out := Theme{Logo: t.Logo}
	if c, err := ParseColour(t.Primary); err == nil {
		out.Primary = adjust(c, onPrimary)
	}
	if c, err := ParseColour(t.Accent); err == nil {
		out.Accent = adjust(c, onAccent)
	}
	return out
}

// adjust moves c towards black or white, away from the text colour on, in small steps until the two contrast
// by MinContrast; a colour already there is returned as it is.
func adjust(c, on string) string {
	if Contrast(c, on) >= MinContrast {
		return c
	}
	target := [3]float64{0, 0, 0}
	if luminance(on) < 0.5 {
		target = [3]float64{255, 255, 255}
	}
	from := rgb(c)
	for step := 1; step <= 100; step++ {
		k := float64(step) / 100
		var mix [3]float64
		for i := range mix {
			mix[i] = from[i] + (target[i]-from[i])*k
		}
		if h := toHex(mix); Contrast(h, on) >= MinContrast {
			return h
		}
	}
	return toHex(target)
}
