package handlers

import (
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// fidesCategories are the fideslang data category keys offered for a category's slug; a custom key may be typed.
var fidesCategories = []string{"user.behavior.purchase_history", "user.behavior.browsing_history", "user.behavior.search_history",
	"user.contact.email", "user.contact.phone_number", "user.contact.address", "user.location.imprecise", "user.location.precise",
	"user.biometric", "user.financial.bank_account", "user.financial.credit_card", "user.content.private", "user.content.public",
	"user.device", "user.demographic", "user.unique_id", "user.name"}

// readCategoryForm reads the data category form over base and returns it with its field errors.
func readCategoryForm(c echo.Context, base store.DataCategory, create bool) (store.DataCategory, map[string]string) {
	d := base
	errs := map[string]string{}
	if create {
		d.Slug = strings.TrimSpace(c.FormValue("slug"))
		if !slugPattern.MatchString(d.Slug) {
			errs["slug"] = "admin.error.slug"
		}
	}
	d.FidesKey = c.FormValue("fides_key")
	if d.FidesKey == "" {
		d.FidesKey = d.Slug
	}
	d.Sensitive = c.FormValue("sensitive") == "1"
	d.Texts = map[string]store.CategoryText{}
	for _, loc := range adminLocales {
		t := store.CategoryText{Name: strings.TrimSpace(c.FormValue("name_" + loc)), Phrase: strings.TrimSpace(c.FormValue("phrase_" + loc)),
			Explanation: strings.TrimSpace(c.FormValue("explanation_" + loc))}
		if t != (store.CategoryText{}) {
			d.Texts[loc] = t
		}
	}
	if d.Texts["en"].Name == "" && d.Texts["fr"].Name == "" {
		errs["name_en"] = "admin.error.name_one"
	}
	return d, errs
}

// categoryForm builds the data category form page around d, with errs next to their fields.
func (s *Server) categoryForm(c echo.Context, d store.DataCategory, errs map[string]string, create bool) views.AdminFormPage {
	title, action := "admin.category.edit", "/admin/categories/"+d.Slug
	if create {
		title, action = "admin.category.new", "/admin/categories"
	}
	vm := views.AdminFormPage{AdminPage: s.adminPage(c, "categories", title), Action: action, BackURL: "/admin/categories"}
	l := vm.L
	vm.Heading, vm.BackLabel = l.T(title), l.T("admin.back.list")
	if !create {
		vm.Heading = l.T("admin.category.edit.heading", d.Slug)
	}
	e := func(name string) string {
		if k, ok := errs[name]; ok {
			return l.T(k)
		}
		return ""
	}
	general := views.AdminFieldGroup{Legend: l.T("admin.category.general")}
	if create {
		general.Fields = append(general.Fields, views.AdminField{Kind: "text", Name: "slug", Label: l.T("admin.field.category_key"),
			Hint: l.T("admin.field.category_key.hint"), Value: d.Slug, Error: e("slug"), Required: true, Suggest: fidesCategories})
	}
	general.Fields = append(general.Fields,
		views.AdminField{Kind: "select", Name: "fides_key", Label: l.T("admin.field.fides_key"), Options: codeOptions(l, fidesCategories, d.FidesKey)},
		views.AdminField{Kind: "checkbox", Name: "sensitive", Label: l.T("admin.field.sensitive"), Hint: l.T("admin.field.sensitive.hint"), Checked: d.Sensitive},
	)
	vm.Groups = append(vm.Groups, general)
	for _, loc := range adminLocales {
		t := d.Texts[loc]
		vm.Groups = append(vm.Groups, views.AdminFieldGroup{Legend: l.T("admin.texts.legend", languageName(loc)), Lang: loc,
			Fields: []views.AdminField{
				{Kind: "text", Name: "name_" + loc, Label: l.T("admin.field.name"), Value: t.Name, Error: e("name_" + loc)},
				{Kind: "text", Name: "phrase_" + loc, Label: l.T("admin.field.phrase"), Hint: l.T("admin.field.phrase.hint"), Value: t.Phrase},
				{Kind: "textarea", Name: "explanation_" + loc, Label: l.T("admin.field.explanation"), Value: t.Explanation},
			}})
	}
	s.withProposalNote(c, &vm, errs)
	vm.Errors = fieldErrorSummary(l, vm.Groups)
	return vm
}
