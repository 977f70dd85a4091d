package handlers

import (
	"net/url"

	"vitrine/vocab"
)

// The JSON-LD of the machine-readable documents (ai.json, export.json): one @context, written inline in each so a
// document read years later, offline, still means what it said, and published at ldContextPath for reference.
// It maps every key: vitrine's own through @vocab into the vitrine: namespace (a key added later is mapped too),
// the links between nodes and the DPV codes as IRIs, the texts by locale as language maps and the instants as
// xsd:dateTime. The existing keys keep their names, so a reader of the plain JSON sees no change.

// ldContextPath is where the context is published, and its namespace (ldContextPath + "#") is vitrine's own.
const ldContextPath = "/ns/vitrine-v1.jsonld"

// ldContext is the @context of vitrine's JSON-LD documents on the server at base.
func ldContext(base string) map[string]any {
	ns := base + ldContextPath + "#"
	link := func(iri string) map[string]any { return map[string]any{"@id": iri, "@type": "@id"} }
	texts := func(iri string) map[string]any { return map[string]any{"@id": iri, "@container": "@language"} }
	instant := func(iri string) map[string]any { return map[string]any{"@id": iri, "@type": "xsd:dateTime"} }
	return map[string]any{
		"@version":       1.1,
		"@vocab":         ns,
		"vitrine":        ns,
		"dpv":            vocab.DPVNamespace,
		"pd":             vocab.DPVPDNamespace,
		"ai":             vocab.DPVAINamespace,
		"sector-finance": vocab.DPVFinanceNamespace,
		"eu-gdpr":        vocab.DPVGDPRNamespace,
		"xsd":            "http://www.w3.org/2001/XMLSchema#",

		// DPV codes, written as compact IRIs: the keys that already were DPV terms, and the export's own names for them.
		"dpv:hasPurpose":       link("dpv:hasPurpose"),
		"dpv:hasLegalBasis":    link("dpv:hasLegalBasis"),
		"dpv:hasPersonalData":  link("dpv:hasPersonalData"),
		"dpv:hasProcessing":    link("dpv:hasProcessing"),
		"dpv:hasConsentStatus": link("dpv:hasConsentStatus"),
		"dpv_purpose":          link("dpv:hasPurpose"),
		"dpv_legal_basis":      link("dpv:hasLegalBasis"),
		"gdpr_legal_basis":     link("dpv:hasLegalBasis"),
		"dpv_category":         link("dpv:hasPersonalData"),

		// Links between vitrine's nodes: what a system serves and uses, and the models that learned.
		"registry":                    link("vitrine:registry"),
		"serves_purposes":             link("dpv:hasPurpose"),
		"used_for":                    link("dpv:hasPurpose"),
		"used_data":                   link("dpv:hasPersonalData"),
		"for_purpose":                 link("dpv:hasPurpose"),
		"processing":                  link("dpv:hasProcessing"),
		"models_trained_on_your_data": map[string]any{"@id": "ai:hasModel"},
		"documentation":               link("vitrine:documentation"),

		// Texts by locale.
		"name":         texts("vitrine:name"),
		"description":  texts("vitrine:description"),
		"how_it_works": texts("vitrine:how_it_works"),
		"human_review": texts("vitrine:human_review"),
		"explanation":  texts("vitrine:explanation"),

		// Instants.
		"generated_at":      instant("vitrine:generated_at"),
		"occurred_at":       instant("vitrine:occurred_at"),
		"at":                instant("vitrine:at"),
		"from":              instant("vitrine:from"),
		"to":                instant("vitrine:to"),
		"pages_window_from": instant("vitrine:pages_window_from"),
		"first_at":          instant("vitrine:first_at"),
		"last_at":           instant("vitrine:last_at"),
		"received_at":       instant("vitrine:received_at"),
		"updated_at":        instant("vitrine:updated_at"),
	}
}

// registryIRI is the IRI of a brand's public registry, ai.json: the base of every node id of the brand.
func registryIRI(base, brandSlug string) string {
	return base + "/brands/" + url.PathEscape(brandSlug) + "/ai.json"
}

// Node ids of a brand's registry entries: the same in ai.json and in every customer's export, so a reader joins them.
func systemIRI(reg, slug string) string   { return reg + "#system-" + url.PathEscape(slug) }
func purposeIRI(reg, slug string) string  { return reg + "#purpose-" + url.PathEscape(slug) }
func categoryIRI(reg, slug string) string { return reg + "#data-" + url.PathEscape(slug) }

// gdprLegalBasis maps a legal basis to the DPV EU GDPR extension's term of its GDPR article: more exact than the
// core term (a public task, Art. 6(1)(e), is "public interest or official authority").
var gdprLegalBasis = map[string]string{
	"consent": "eu-gdpr:A6-1-a", "contract": "eu-gdpr:A6-1-b", "legal_obligation": "eu-gdpr:A6-1-c",
	"vital_interest": "eu-gdpr:A6-1-d", "public_task": "eu-gdpr:A6-1-e", "legitimate_interest": "eu-gdpr:A6-1-f",
}

// Kinds of processing, as DPV writes them: using data, and training a model on it (DPV AI extension, 2.2).
const (
	dpvUse        = "dpv:Use"
	aiTraining    = "ai:ModelTraining"
	dpvSpecial    = "dpv:SpecialCategoryPersonalData"
	dpvPersonal   = "dpv:PersonalData"
	dpvCustomer   = "dpv:Customer"
	aiSystemType  = "ai:AISystem"
	aiTrainedType = "ai:TrainedModel"
)

// purposeProcessing is what a purpose does with the data: a training purpose trains models on it, any other uses it.
func purposeProcessing(isTraining bool) []string {
	if isTraining {
		return []string{aiTraining}
	}
	return []string{dpvUse}
}

// categoryType is the DPV class of a kind of data: special category (GDPR Art. 9) when the brand says so.
func categoryType(sensitive bool) string {
	if sensitive {
		return dpvSpecial
	}
	return dpvPersonal
}
