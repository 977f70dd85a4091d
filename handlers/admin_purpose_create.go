package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminPurposeCreate registers a new purpose; a slug already described is a field error, never an overwrite.
func (s *Server) adminPurposeCreate(c echo.Context) error {
	sc := currentStaff(c)
	p, errs := readPurposeForm(c, store.Purpose{BrandID: sc.Brand.ID}, true)
	if len(errs) == 0 {
		_, err := s.DB.SavePurposeAs(c.Request().Context(), sc.User.Email, p, true, s.now())
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, "/admin/purposes/"+p.Slug+"?done=purpose.saved")
		case errors.Is(err, store.ErrSlugTaken):
			errs["slug"] = "admin.error.slug_taken"
		default:
			return err
		}
	}
	return Render(c, http.StatusUnprocessableEntity, views.AdminForm(s.purposeForm(c, p, errs, true)))
}
