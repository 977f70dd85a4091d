package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminCategoryCreate registers a new data category; a key already described is a field error.
func (s *Server) adminCategoryCreate(c echo.Context) error {
	sc := currentStaff(c)
	d, errs := readCategoryForm(c, store.DataCategory{BrandID: sc.Brand.ID}, true)
	if len(errs) == 0 {
		_, err := s.DB.SaveCategoryAs(c.Request().Context(), sc.User.Email, d, true, s.now())
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, "/admin/categories/"+d.Slug+"?done=category.saved")
		case errors.Is(err, store.ErrSlugTaken):
			errs["slug"] = "admin.error.slug_taken"
		default:
			return err
		}
	}
	return Render(c, http.StatusUnprocessableEntity, views.AdminForm(s.categoryForm(c, d, errs, true)))
}
