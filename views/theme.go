package views

import (
	"context"
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/a-h/templ"
)

// hexColour is the one form a colour may take in the CSS below; the store's ParseColour only ever gives it.
var hexColour = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// CSS is the theme as CSS custom properties (":root{--brand:#7a3b5e;}"), or "" for the default look. It is built
// here in Go, not in the template: templ copies expressions inside <style> as text, so a templated rule reached
// every page as template source and no brand colour ever showed.
func (t Theme) CSS() string {
	var b strings.Builder
	if hexColour.MatchString(t.Primary) {
		b.WriteString("--brand:" + t.Primary + ";")
	}
	if hexColour.MatchString(t.Accent) {
		b.WriteString("--accent:" + t.Accent + ";")
	}
	if b.Len() == 0 {
		return ""
	}
	return ":root{" + b.String() + "}"
}

// brandStyle writes the theme's CSS in a <style> element that carries the response's CSP nonce, so that no other
// inline style is allowed.
func brandStyle(p Page) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		css := p.Theme.CSS()
		if css == "" {
			return nil
		}
		_, err := io.WriteString(w, `<style nonce="`+html.EscapeString(p.Nonce)+`">`+css+`</style>`)
		return err
	})
}
