package handlers

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// slugPattern is what a registry slug may look like: it appears in event JSON and URLs, so it stays plain.
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Choices of the system form, in the order the form offers them.
var (
	deployments = []string{store.DeployVendorTool, store.DeployInHouse, store.DeployExternalAgent}
	riskLevels  = []string{"minimal", "limited", "high"}
	statuses    = []string{"active", "retired"}
)

// readSystemForm reads the system form over base (the stored system, or a new one) and returns it with the
// field errors, keyed by field name. Everything typed is kept, valid or not, so the form shows it again.
// The factors stay base's, for the page to show; saveEntry leaves them out of the save.
func readSystemForm(c echo.Context, base store.AISystem, create bool) (store.AISystem, map[string]string) {
	sys := base
	errs := map[string]string{}
	if create {
		sys.Slug = strings.TrimSpace(c.FormValue("slug"))
		if !slugPattern.MatchString(sys.Slug) {
			errs["slug"] = "admin.error.slug"
		}
	}
	sys.Name = strings.TrimSpace(c.FormValue("name"))
	if sys.Name == "" {
		errs["name"] = "admin.error.required"
	}
	sys.Vendor = strings.TrimSpace(c.FormValue("vendor"))
	sys.Deployment = c.FormValue("deployment")
	if !slices.Contains(deployments, sys.Deployment) {
		errs["deployment"] = "admin.error.choose"
	}
	sys.RiskLevel = c.FormValue("risk_level")
	if !slices.Contains(riskLevels, sys.RiskLevel) {
		errs["risk_level"] = "admin.error.choose"
	}
	sys.Status = c.FormValue("status")
	if !slices.Contains(statuses, sys.Status) {
		errs["status"] = "admin.error.choose"
	}
	sys.Learns = c.FormValue("learns") == "1"
	sys.AutomatedDecision = c.FormValue("automated_decision") == "1"
	sys.Counterfactuals = c.FormValue("counterfactuals") == "1"
	sys.Retention = strings.TrimSpace(c.FormValue("retention"))
	if _, err := store.ParseRetention(sys.Retention); err != nil {
		errs["retention"] = "admin.error.retention"
	}
	sys.OwnerTeam = strings.TrimSpace(c.FormValue("owner_team"))
	sys.DocURL = strings.TrimSpace(c.FormValue("doc_url"))
	if sys.DocURL != "" && !webURL(sys.DocURL) {
		errs["doc_url"] = "admin.error.url"
	}
	sys.Texts = map[string]store.SystemText{}
	for _, loc := range adminLocales {
		t := store.SystemText{
			Name:        strings.TrimSpace(c.FormValue("name_" + loc)),
			What:        strings.TrimSpace(c.FormValue("what_" + loc)),
			How:         strings.TrimSpace(c.FormValue("how_" + loc)),
			HumanReview: strings.TrimSpace(c.FormValue("human_review_" + loc)),
			Decides:     strings.TrimSpace(c.FormValue("decides_" + loc)),
		}
		if t != (store.SystemText{}) {
			sys.Texts[loc] = t
		}
	}
	return sys, errs
}

// webURL reports whether raw is an absolute http(s) address with a host.
func webURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

// systemForm builds the system form page around sys, with errs (field name → catalog key) next to their fields.
func (s *Server) systemForm(c echo.Context, sys store.AISystem, errs map[string]string, create bool) views.AdminFormPage {
	title := "admin.system.edit"
	action := "/admin/systems/" + sys.Slug
	if create {
		title, action = "admin.system.new", "/admin/systems"
	}
	vm := views.AdminFormPage{AdminPage: s.adminPage(c, "systems", title), Action: action, CanPreview: true,
		BackURL: "/admin/systems", BackLabel: ""}
	l := vm.L
	vm.BackLabel = l.T("admin.back.systems")
	vm.Heading = l.T(title)
	if !create {
		vm.Heading = l.T("admin.system.edit.heading", sys.Name)
		if !sys.Registered {
			vm.Intro = l.T("admin.system.unregistered.intro")
		}
		if sys.Registered {
			vm.Links = append(vm.Links, views.AdminLink{Label: l.T("value.link"), URL: "/admin/systems/" + sys.Slug + "/value"})
		}
		if sys.Deployment == store.DeployInHouse {
			vm.Links = append(vm.Links, views.AdminLink{Label: l.T("admin.models.title"), URL: "/admin/systems/" + sys.Slug + "/models"})
		}
	}
	e := func(name string) string {
		if k, ok := errs[name]; ok {
			return l.T(k)
		}
		return ""
	}
	general := views.AdminFieldGroup{Legend: l.T("admin.system.general")}
	if create {
		general.Fields = append(general.Fields, views.AdminField{Kind: "text", Name: "slug", Label: l.T("admin.field.slug"),
			Hint: l.T("admin.field.slug.hint"), Value: sys.Slug, Error: e("slug"), Required: true})
	}
	status := sys.Status
	if status == "" {
		status = "active"
	}
	general.Fields = append(general.Fields,
		views.AdminField{Kind: "text", Name: "name", Label: l.T("admin.field.name"), Value: sys.Name, Error: e("name"), Required: true},
		views.AdminField{Kind: "text", Name: "vendor", Label: l.T("admin.field.vendor"), Hint: l.T("admin.field.vendor.hint"), Value: sys.Vendor},
		views.AdminField{Kind: "select", Name: "deployment", Label: l.T("admin.field.deployment"), Error: e("deployment"),
			Options: options(l, "admin.deployment.", deployments, sys.Deployment)},
		views.AdminField{Kind: "checkbox", Name: "learns", Label: l.T("admin.field.learns"), Checked: sys.Learns},
		views.AdminField{Kind: "select", Name: "risk_level", Label: l.T("admin.field.risk"), Hint: l.T("admin.field.risk.hint"), Error: e("risk_level"),
			Options: options(l, "admin.risk.", riskLevels, sys.RiskLevel)},
		views.AdminField{Kind: "checkbox", Name: "automated_decision", Label: l.T("admin.field.automated"), Hint: l.T("admin.field.automated.hint"),
			Checked: sys.AutomatedDecision},
		views.AdminField{Kind: "checkbox", Name: "counterfactuals", Label: l.T("admin.field.counterfactuals"), Hint: l.T("admin.field.counterfactuals.hint"),
			Checked: sys.Counterfactuals},
		views.AdminField{Kind: "text", Name: "retention", Label: l.T("admin.field.retention"), Hint: l.T("admin.field.retention.hint"),
			Value: sys.Retention, Error: e("retention")},
		views.AdminField{Kind: "text", Name: "owner_team", Label: l.T("admin.field.owner"), Value: sys.OwnerTeam},
		views.AdminField{Kind: "url", Name: "doc_url", Label: l.T("admin.field.doc_url"), Hint: l.T("admin.field.doc_url.hint"), Value: sys.DocURL, Error: e("doc_url")},
		views.AdminField{Kind: "select", Name: "status", Label: l.T("admin.field.status"), Hint: l.T("admin.field.status.hint"), Error: e("status"),
			Options: options(l, "admin.status.", statuses, status)},
	)
	vm.Groups = append(vm.Groups, general)
	for _, loc := range adminLocales {
		t := sys.Texts[loc]
		vm.Groups = append(vm.Groups, views.AdminFieldGroup{Legend: l.T("admin.texts.legend", languageName(loc)), Lang: loc,
			Fields: []views.AdminField{
				{Kind: "text", Name: "name_" + loc, Label: l.T("admin.field.name_locale"), Hint: l.T("admin.field.name_locale.hint"), Value: t.Name},
				{Kind: "textarea", Name: "what_" + loc, Label: l.T("admin.field.what"), Hint: l.T("admin.field.what.hint"), Value: t.What},
				{Kind: "textarea", Name: "how_" + loc, Label: l.T("admin.field.how"), Value: t.How},
				{Kind: "textarea", Name: "human_review_" + loc, Label: l.T("admin.field.human_review"), Hint: l.T("admin.field.human_review.hint"), Value: t.HumanReview},
				{Kind: "textarea", Name: "decides_" + loc, Label: l.T("admin.field.decides"), Hint: l.T("admin.field.decides.hint"), Value: t.Decides},
			}})
	}
	if !create {
		vm.Factors = s.factorTable(c, l, sys)
	}
	s.withProposalNote(c, &vm, errs)
	for _, g := range vm.Groups {
		for _, f := range g.Fields {
			if f.Error != "" {
				vm.Errors = append(vm.Errors, l.T("admin.form.error_item", f.Label, f.Error))
			}
		}
	}
	return vm
}

// factorTable is the system's factors, read-only: they are edited in the registry file. A factor only seen in
// events is listed too, said not described yet, so staff know what the file still needs. Without the registry
// (it failed to load) a factor's kind of data shows as its slug rather than hiding the table.
func (s *Server) factorTable(c echo.Context, l *plain.Localizer, sys store.AISystem) *views.AdminTable {
	brand := currentStaff(c).Brand
	t := &views.AdminTable{Caption: l.T("admin.factors.title"), Empty: l.T("admin.factors.empty"),
		Head: []string{l.T("admin.factors.key"), l.T("admin.factors.label"), l.T("admin.factors.category")}}
	reg, err := s.DB.Registry(c.Request().Context(), brand.ID)
	if err != nil {
		s.Log.ErrorContext(c.Request().Context(), "system factors: registry", "brand", brand.Slug, "err", err)
	}
	for _, f := range sys.Factors {
		label, flag := f.Label(l.Locale(), brand.DefaultLocale), ""
		if !f.Registered {
			label, flag = "", l.T("admin.factors.undescribed")
		}
		category := f.DataCategory
		if reg != nil && reg.CategoryBySlug[category] != nil {
			category = reg.CategoryBySlug[category].Text(l.Locale(), brand.DefaultLocale).Name
		}
		t.Rows = append(t.Rows, views.AdminRow{Cells: []string{f.Key, label, category}, Flag: flag})
	}
	return t
}

// systemPreview is the system's card as a customer reads it in each language, built by the code of /me.
func (s *Server) systemPreview(c echo.Context, sc *staffCtx, sys store.AISystem) ([]views.AdminPreview, error) {
	reg, err := s.DB.Registry(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return nil, err
	}
	sys.Registered = true
	var out []views.AdminPreview
	for _, loc := range adminLocales {
		v := adminCustomerView(sc.Brand, reg, loc)
		card := v.systemCard(&sys, nil, nil)
		card.Uses = v.l.T("admin.preview.uses")
		out = append(out, views.AdminPreview{Heading: languageName(loc), Page: v.page, Card: card})
	}
	return out, nil
}
