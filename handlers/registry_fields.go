package handlers

import (
	"strconv"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// entryField is one field of a registry entry as a reviewer reads it: labelled in their language, the value in
// words (a choice's label, yes or no), and the language of the text when it is one of the customer's.
type entryField struct {
	Key   string
	Label string
	Value string
}

// entryFields lists every field of a registry entry a person edits, in the order its form shows them; nil gives
// none (a new entry has no "before").
func entryFields(l *plain.Localizer, e *store.RegistryEntry) []entryField {
	if e == nil {
		return nil
	}
	yes := func(b bool) string {
		if b {
			return l.T("admin.yes")
		}
		return l.T("admin.no")
	}
	choice := func(prefix, v string) string {
		if v == "" {
			return ""
		}
		return l.T(prefix + v)
	}
	var out []entryField
	add := func(key, label, value string) { out = append(out, entryField{Key: key, Label: label, Value: value}) }
	inLang := func(label, loc string) string { return label + " (" + languageName(loc) + ")" }
	switch {
	case e.System != nil:
		s := e.System
		add("name", l.T("admin.field.name"), s.Name)
		add("vendor", l.T("admin.field.vendor"), s.Vendor)
		add("deployment", l.T("admin.field.deployment"), choice("admin.deployment.", s.Deployment))
		add("learns", l.T("admin.field.learns"), yes(s.Learns))
		add("risk_level", l.T("admin.field.risk"), choice("admin.risk.", s.RiskLevel))
		add("automated_decision", l.T("admin.field.automated"), yes(s.AutomatedDecision))
		add("counterfactuals", l.T("admin.field.counterfactuals"), yes(s.Counterfactuals))
		add("retention", l.T("admin.field.retention"), s.Retention)
		add("owner_team", l.T("admin.field.owner"), s.OwnerTeam)
		add("status", l.T("admin.field.status"), choice("admin.status.", s.Status))
		add("doc_url", l.T("admin.field.doc_url"), s.DocURL)
		for _, loc := range adminLocales {
			t := s.Texts[loc]
			add("name_"+loc, inLang(l.T("admin.field.name_locale"), loc), t.Name)
			add("what_"+loc, inLang(l.T("admin.field.what"), loc), t.What)
			add("how_"+loc, inLang(l.T("admin.field.how"), loc), t.How)
			add("human_review_"+loc, inLang(l.T("admin.field.human_review"), loc), t.HumanReview)
			add("decides_"+loc, inLang(l.T("admin.field.decides"), loc), t.Decides)
		}
	case e.Purpose != nil:
		p := e.Purpose
		add("legal_basis", l.T("admin.field.legal_basis"), choice("admin.basis.", p.LegalBasis))
		add("refusable", l.T("admin.field.refusable"), yes(p.Refusable))
		add("is_training", l.T("admin.field.is_training"), yes(p.IsTraining))
		add("dpv", l.T("admin.field.dpv"), p.DPV)
		tcf := ""
		if p.TCFPurpose != 0 {
			tcf = strconv.Itoa(p.TCFPurpose)
		}
		add("tcf_purpose", l.T("admin.field.tcf"), tcf)
		add("fides_use", l.T("admin.field.fides_use"), p.FidesUse)
		for _, loc := range adminLocales {
			t := p.Texts[loc]
			add("name_"+loc, inLang(l.T("admin.field.name"), loc), t.Name)
			add("aim_"+loc, inLang(l.T("admin.field.aim"), loc), t.Aim)
			add("explanation_"+loc, inLang(l.T("admin.field.explanation"), loc), t.Explanation)
		}
	case e.Category != nil:
		d := e.Category
		add("sensitive", l.T("admin.field.sensitive"), yes(d.Sensitive))
		add("fides_key", l.T("admin.field.fides_key"), d.FidesKey)
		for _, loc := range adminLocales {
			t := d.Texts[loc]
			add("name_"+loc, inLang(l.T("admin.field.name"), loc), t.Name)
			add("phrase_"+loc, inLang(l.T("admin.field.phrase"), loc), t.Phrase)
			add("explanation_"+loc, inLang(l.T("admin.field.explanation"), loc), t.Explanation)
		}
	}
	return out
}

// entryDiff lists the fields whose value differs between before (nil for a new entry) and after, labelled: what
// a reviewer checks before approving. A new entry lists every field that has a value.
func entryDiff(l *plain.Localizer, before, after *store.RegistryEntry) []views.AdminDiff {
	was := map[string]string{}
	for _, f := range entryFields(l, before) {
		was[f.Key] = f.Value
	}
	var out []views.AdminDiff
	for _, f := range entryFields(l, after) {
		if b := was[f.Key]; b != f.Value && (before != nil || f.Value != "") {
			out = append(out, views.AdminDiff{Field: f.Label, Before: b, After: f.Value})
		}
	}
	return out
}
