package handlers

import (
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// Standard codes a purpose is chosen from, so a privacy team finds the vocabularies it already uses. They are a
// short list of the current terms of package vocab (a test keeps them so); a stored code not in the list is kept.
var (
	legalBases = []string{"consent", "contract", "legitimate_interest", "legal_obligation", "vital_interest", "public_task"}
	dpvTerms   = []string{"dpv:ServicePersonalisation", "dpv:FraudPreventionAndDetection", "dpv:ServiceProvision", "dpv:Marketing",
		"dpv:DirectMarketing", "dpv:PersonalisedAdvertising", "dpv:CustomerSolvencyMonitoring", "dpv:ResearchAndDevelopment", "dpv:CustomerCare",
		"dpv:ImproveExistingProductsAndServices", "dpv:LegalCompliance", "sector-finance:CreditChecking"}
	fidesUses = []string{"personalize", "personalize.content", "train_ai_system", "essential.fraud_detection", "essential.service",
		"marketing.advertising", "marketing.advertising.profiling", "marketing.advertising.third_party", "marketing.communications.email",
		"essential.service.operations.support", "functional.service.improve", "analytics", "collect"}
	// tcfPurposes are the IAB TCF v2.2 purposes, by number, with their official short names.
	tcfPurposes = []string{"", "Store and/or access information on a device", "Use limited data to select advertising",
		"Create profiles for personalised advertising", "Use profiles to select personalised advertising",
		"Create profiles to personalise content", "Use profiles to select personalised content", "Measure advertising performance",
		"Measure content performance", "Understand audiences through statistics or combinations of data from different sources",
		"Develop and improve services", "Use limited data to select content"}
)

// codeOptions offers a list of standard codes, keeping a stored code the list does not know so a save never
// drops it, and an empty first choice for "none".
func codeOptions(l *plain.Localizer, codes []string, selected string) []views.Option {
	out := []views.Option{{Value: "", Label: l.T("admin.code.none"), Selected: selected == ""}}
	if selected != "" && !slices.Contains(codes, selected) {
		out = append(out, views.Option{Value: selected, Label: selected, Selected: true})
	}
	for _, c := range codes {
		out = append(out, views.Option{Value: c, Label: c, Selected: c == selected})
	}
	return out
}

// readPurposeForm reads the purpose form over base and returns it with its field errors (name → catalog key).
func readPurposeForm(c echo.Context, base store.Purpose, create bool) (store.Purpose, map[string]string) {
	p := base
	errs := map[string]string{}
	if create {
		p.Slug = strings.TrimSpace(c.FormValue("slug"))
		if !slugPattern.MatchString(p.Slug) {
			errs["slug"] = "admin.error.slug"
		}
	}
	p.LegalBasis = c.FormValue("legal_basis")
	if !slices.Contains(legalBases, p.LegalBasis) {
		errs["legal_basis"] = "admin.error.choose"
	}
	p.Refusable = c.FormValue("refusable") == "1"
	p.IsTraining = c.FormValue("is_training") == "1"
	if p.LegalBasis == "consent" && !p.Refusable {
		errs["refusable"] = "admin.error.consent_refusable"
	}
	p.DPV = c.FormValue("dpv")
	p.FidesUse = c.FormValue("fides_use")
	n, err := strconv.Atoi(c.FormValue("tcf_purpose"))
	if c.FormValue("tcf_purpose") == "" {
		n, err = 0, nil
	}
	if err != nil || n < 0 || n >= len(tcfPurposes) {
		errs["tcf_purpose"] = "admin.error.choose"
	} else {
		p.TCFPurpose = n
	}
	p.Texts = map[string]store.PurposeText{}
	for _, loc := range adminLocales {
		t := store.PurposeText{Name: strings.TrimSpace(c.FormValue("name_" + loc)), Aim: strings.TrimSpace(c.FormValue("aim_" + loc)),
			Explanation: strings.TrimSpace(c.FormValue("explanation_" + loc))}
		if t != (store.PurposeText{}) {
			p.Texts[loc] = t
		}
	}
	if p.Texts["en"].Name == "" && p.Texts["fr"].Name == "" {
		errs["name_en"] = "admin.error.name_one"
	}
	return p, errs
}

// purposeForm builds the purpose form page around p, with errs next to their fields.
func (s *Server) purposeForm(c echo.Context, p store.Purpose, errs map[string]string, create bool) views.AdminFormPage {
	title, action := "admin.purpose.edit", "/admin/purposes/"+p.Slug
	if create {
		title, action = "admin.purpose.new", "/admin/purposes"
	}
	vm := views.AdminFormPage{AdminPage: s.adminPage(c, "purposes", title), Action: action, BackURL: "/admin/purposes"}
	l := vm.L
	vm.Heading, vm.BackLabel = l.T(title), l.T("admin.back.list")
	if !create {
		vm.Heading = l.T("admin.purpose.edit.heading", p.Slug)
	}
	e := func(name string) string {
		if k, ok := errs[name]; ok {
			return l.T(k)
		}
		return ""
	}
	general := views.AdminFieldGroup{Legend: l.T("admin.purpose.general")}
	if create {
		general.Fields = append(general.Fields, views.AdminField{Kind: "text", Name: "slug", Label: l.T("admin.field.slug"),
			Hint: l.T("admin.field.slug.hint"), Value: p.Slug, Error: e("slug"), Required: true})
	}
	tcf := make([]views.Option, 0, len(tcfPurposes))
	for i, name := range tcfPurposes {
		label := l.T("admin.code.none")
		if i > 0 {
			label = strconv.Itoa(i) + ". " + name
		}
		tcf = append(tcf, views.Option{Value: strconv.Itoa(i), Label: label, Selected: i == p.TCFPurpose})
	}
	general.Fields = append(general.Fields,
		views.AdminField{Kind: "select", Name: "legal_basis", Label: l.T("admin.field.legal_basis"), Error: e("legal_basis"),
			Options: options(l, "admin.basis.", legalBases, p.LegalBasis)},
		views.AdminField{Kind: "checkbox", Name: "refusable", Label: l.T("admin.field.refusable"), Hint: l.T("admin.field.refusable.hint"),
			Checked: p.Refusable, Error: e("refusable")},
		views.AdminField{Kind: "checkbox", Name: "is_training", Label: l.T("admin.field.is_training"), Checked: p.IsTraining},
		views.AdminField{Kind: "select", Name: "dpv", Label: l.T("admin.field.dpv"), Options: codeOptions(l, dpvTerms, p.DPV)},
		views.AdminField{Kind: "select", Name: "tcf_purpose", Label: l.T("admin.field.tcf"), Error: e("tcf_purpose"), Options: tcf},
		views.AdminField{Kind: "select", Name: "fides_use", Label: l.T("admin.field.fides_use"), Options: codeOptions(l, fidesUses, p.FidesUse)},
	)
	vm.Groups = append(vm.Groups, general)
	for _, loc := range adminLocales {
		t := p.Texts[loc]
		vm.Groups = append(vm.Groups, views.AdminFieldGroup{Legend: l.T("admin.texts.legend", languageName(loc)), Lang: loc,
			Fields: []views.AdminField{
				{Kind: "text", Name: "name_" + loc, Label: l.T("admin.field.name"), Value: t.Name, Error: e("name_" + loc)},
				{Kind: "text", Name: "aim_" + loc, Label: l.T("admin.field.aim"), Hint: l.T("admin.field.aim.hint"), Value: t.Aim},
				{Kind: "textarea", Name: "explanation_" + loc, Label: l.T("admin.field.explanation"), Value: t.Explanation},
			}})
	}
	s.withProposalNote(c, &vm, errs)
	vm.Errors = fieldErrorSummary(l, vm.Groups)
	return vm
}

// fieldErrorSummary lists the form's field errors as "label: error", for the summary above the form.
func fieldErrorSummary(l *plain.Localizer, groups []views.AdminFieldGroup) []string {
	var out []string
	for _, g := range groups {
		for _, f := range g.Fields {
			if f.Error != "" {
				out = append(out, l.T("admin.form.error_item", f.Label, f.Error))
			}
		}
	}
	return out
}
