package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminCategoryUpdate saves a data category's form.
func (s *Server) adminCategoryUpdate(c echo.Context) error {
	sc := currentStaff(c)
	base, err := s.adminCategory(c, sc)
	if err != nil {
		return err
	}
	d, errs := readCategoryForm(c, base, false)
	if len(errs) > 0 {
		return Render(c, http.StatusUnprocessableEntity, views.AdminForm(s.categoryForm(c, d, errs, false)))
	}
	if _, err := s.DB.SaveCategoryAs(c.Request().Context(), sc.User.Email, d, false, s.now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/categories/"+d.Slug+"?done=category.saved")
}
