package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminThemeUpdate saves the brand's colours (#rgb or #rrggbb, or empty for the default); the logo is kept as it
// is. The store's one rule decides (store.Theme.Check): a colour must be a colour, and text set on it must read at
// 4.5:1; a refusal gives the measured contrast and the nearest colour that passes.
func (s *Server) adminThemeUpdate(c echo.Context) error {
	sc := currentStaff(c)
	t := sc.Brand.Theme
	t.Primary, t.Accent = strings.TrimSpace(c.FormValue("primary")), strings.TrimSpace(c.FormValue("accent"))
	problems := t.Check()
	if len(problems) == 0 {
		// Store the colours as the pages use them: lower-case #rrggbb.
		t.Primary, t.Accent = orEmpty(t.Primary), orEmpty(t.Accent)
		if err := s.DB.SetTheme(c.Request().Context(), sc.Brand.ID, t); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/settings?done=theme.saved")
	}
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	l := vm.L
	errs := map[string]string{}
	for _, p := range problems {
		if p.Contrast == 0 {
			errs[p.Field] = l.T("admin.error.colour")
			continue
		}
		text, on := l.T("admin.theme.white_text"), p.Colour
		if p.Field == "accent" {
			text = l.T("admin.theme.black_text")
		}
		ratio := strconv.FormatFloat(p.Contrast, 'f', 1, 64)
		if l.Locale() == "fr" {
			ratio = strings.ReplaceAll(ratio, ".", ",")
		}
		errs[p.Field] = l.T("admin.error.contrast", text, on, ratio, p.Suggest)
	}
	vm.Theme = themeFields(l, t, errs)
	return Render(c, http.StatusUnprocessableEntity, views.AdminSettings(vm))
}

// orEmpty normalises a colour Check accepted; empty stays empty.
func orEmpty(c string) string {
	if c == "" {
		return ""
	}
	n, _ := store.ParseColour(c)
	return n
}
