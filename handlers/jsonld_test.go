package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"vitrine/seed"
	"vitrine/vocab"
)

// offlineLoader is the document loader of the JSON-LD tests: it serves vitrine's own published context and
// refuses any other document, so a test never reaches the network and a document that needs a third party's
// context to mean anything fails.
type offlineLoader struct{ base string }

func (l offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if u == l.base+ldContextPath {
		return &ld.RemoteDocument{DocumentURL: u, Document: map[string]any{"@context": ldContext(l.base)}}, nil
	}
	return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("offline: %s is not vitrine's context", u))
}

// triples reads body as JSON-LD with a standard processor and returns its RDF statements, one N-Quads line each.
func triples(t *testing.T, base, docURL, body string) map[string]bool {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("%s is not JSON: %v", docURL, err)
	}
	opts := ld.NewJsonLdOptions(docURL)
	opts.DocumentLoader = offlineLoader{base}
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.Format = "application/n-quads"
	proc := ld.NewJsonLdProcessor()
	expanded, err := proc.Expand(doc, opts)
	if err != nil || len(expanded) == 0 {
		t.Fatalf("%s does not expand as JSON-LD: %v", docURL, err)
	}
	out, err := proc.ToRDF(doc, opts)
	if err != nil {
		t.Fatalf("%s to RDF: %v", docURL, err)
	}
	set := map[string]bool{}
	for _, line := range strings.Split(out.(string), "\n") {
		if line != "" {
			set[line] = true
		}
	}
	return set
}

// expandedKeys lists the keys of the plain JSON that a JSON-LD processor drops: none may be, or a reader of the
// graph misses what the JSON says.
func droppedKeys(t *testing.T, docURL, body string) []string {
	t.Helper()
	var doc any
	json.Unmarshal([]byte(body), &doc)
	ctx, err := ld.NewContext(nil, ld.NewJsonLdOptions(docURL)).Parse(doc.(map[string]any)["@context"])
	if err != nil {
		t.Fatalf("%s: the context does not parse: %v", docURL, err)
	}
	var dropped []string
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "@context" || seen[k] {
					continue
				}
				seen[k] = true
				if iri, err := ctx.ExpandIri(k, false, true, nil, nil); err != nil || !(strings.HasPrefix(k, "@") || strings.Contains(iri, "://")) {
					dropped = append(dropped, k)
				}
				if len(ctx.GetContainer(k)) > 0 {
					continue // a language map's keys are languages
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return dropped
}

func iri(term string) string {
	for prefix, ns := range map[string]string{"dpv:": vocab.DPVNamespace, "pd:": vocab.DPVPDNamespace, "ai:": vocab.DPVAINamespace,
		"sector-finance:": vocab.DPVFinanceNamespace, "eu-gdpr:": vocab.DPVGDPRNamespace} {
		if rest, ok := strings.CutPrefix(term, prefix); ok {
			return "<" + ns + rest + ">"
		}
	}
	return "<" + term + ">"
}

const rdfType = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

// TestRegistryAndExportAreJSONLD reads ai.json and export.json with a JSON-LD processor, as an agent would, and
// finds the facts a reader needs as triples in DPV's own IRIs: the system, the purposes it serves, their legal
// basis and DPV purpose, whether it trains models, and the DPV category of each kind of data; in the export, what
// each system did with this customer's data and the customer's consent.
func TestRegistryAndExportAreJSONLD(t *testing.T) {
	_, ts := newTestServer(t)
	base := ts.URL
	reg := registryIRI(base, seed.BrandMaison)
	sys := func(slug string) string { return "<" + systemIRI(reg, slug) + ">" }
	pur := func(slug string) string { return "<" + purposeIRI(reg, slug) + ">" }
	cat := func(slug string) string { return "<" + categoryIRI(reg, slug) + ">" }
	has := func(t *testing.T, set map[string]bool, s, p, o string) {
		t.Helper()
		if line := s + " " + p + " " + o + " ."; !set[line] {
			t.Errorf("missing triple %s", line)
		}
	}

	status, _, body := get(t, client(t), base+"/brands/"+seed.BrandMaison+"/ai.json")
	if status != http.StatusOK {
		t.Fatalf("ai.json: %d", status)
	}
	if d := droppedKeys(t, reg, body); len(d) > 0 {
		t.Errorf("ai.json: keys a JSON-LD reader drops: %v", d)
	}
	g := triples(t, base, reg, body)
	has(t, g, "<"+reg+">", rdfType, "<"+base+ldContextPath+"#Registry>")
	has(t, g, sys("product-recommender"), rdfType, iri("ai:AISystem"))
	has(t, g, sys("product-recommender"), iri("dpv:hasPurpose"), pur("recommendations"))
	has(t, g, sys("product-recommender"), iri("dpv:hasProcessing"), iri("ai:ModelTraining")) // it learns from customers
	has(t, g, pur("recommendations"), rdfType, iri("dpv:Purpose"))
	has(t, g, pur("recommendations"), iri("dpv:hasPurpose"), iri("dpv:ServicePersonalisation"))
	has(t, g, pur("recommendations"), iri("dpv:hasLegalBasis"), iri("dpv:Consent"))
	has(t, g, pur("recommendations"), iri("dpv:hasLegalBasis"), iri("eu-gdpr:A6-1-a"))
	has(t, g, pur("recommendations"), iri("dpv:hasProcessing"), iri("dpv:Use"))
	has(t, g, pur("model-training"), iri("dpv:hasProcessing"), iri("ai:ModelTraining"))
	has(t, g, pur("fraud-prevention"), iri("dpv:hasLegalBasis"), iri("dpv:LegitimateInterest"))
	has(t, g, cat("user.behavior.purchase_history"), rdfType, iri("dpv:PersonalData"))
	has(t, g, cat("user.behavior.purchase_history"), iri("dpv:hasPersonalData"), iri("pd:Purchase"))
	has(t, g, cat("user.biometric"), rdfType, iri("dpv:SpecialCategoryPersonalData")) // a selfie, GDPR Art. 9
	has(t, g, cat("user.biometric"), iri("dpv:hasPersonalData"), iri("pd:Biometric"))
	has(t, g, sys("product-recommender"), "<"+base+ldContextPath+"#name>", `"Recommandations produits"@fr`)
	for line := range g {
		for _, wrong := range []string{"PublicTask", "dpv#CreditChecking", "SensitivePersonalData>", "dpv#PersonalData> ."} {
			if strings.Contains(line, wrong) && !strings.Contains(line, rdfType) {
				t.Errorf("ai.json states %s", line)
			}
		}
	}

	nw := registryIRI(base, seed.BrandNorthwind)
	_, _, body = get(t, client(t), base+"/brands/"+seed.BrandNorthwind+"/ai.json")
	g = triples(t, base, nw, body)
	has(t, g, "<"+purposeIRI(nw, "credit-decisions")+">", iri("dpv:hasPurpose"), iri("sector-finance:CreditChecking"))
	has(t, g, "<"+purposeIRI(nw, "credit-decisions")+">", iri("dpv:hasLegalBasis"), iri("dpv:Contract"))

	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	status, _, body = get(t, c, base+"/me/export.json")
	if status != http.StatusOK {
		t.Fatalf("export.json: %d", status)
	}
	if d := droppedKeys(t, base+"/me/export.json", body); len(d) > 0 {
		t.Errorf("export.json: keys a JSON-LD reader drops: %v", d)
	}
	g = triples(t, base, base+"/me/export.json", body)
	var x struct {
		Purposes []struct {
			Slug, LegalBasis, Choice string
		}
	}
	json.Unmarshal([]byte(strings.NewReplacer(`"legal_basis"`, `"LegalBasis"`, `"your_choice"`, `"Choice"`).Replace(body)), &x)
	// The export's nodes are the registry's: a reader joins the two documents on them.
	has(t, g, pur("recommendations"), iri("dpv:hasLegalBasis"), iri("dpv:Consent"))
	has(t, g, cat("user.behavior.purchase_history"), iri("dpv:hasPersonalData"), iri("pd:Purchase"))
	has(t, g, sys("product-recommender"), iri("dpv:hasPurpose"), pur("recommendations"))
	has(t, g, sys("product-recommender"), iri("dpv:hasPersonalData"), cat("user.behavior.purchase_history"))
	has(t, g, sys("product-recommender"), iri("dpv:hasProcessing"), iri("dpv:Use"))
	consents := 0
	for _, p := range x.Purposes {
		if p.LegalBasis != "consent" || p.Choice == "" {
			continue
		}
		consents++
		want := map[string]string{"granted": "dpv:ConsentGiven", "refused": ""}[p.Choice]
		if want == "" { // refused: withdrawn if she had said yes before
			if !g[pur(p.Slug)+" "+iri("dpv:hasConsentStatus")+" "+iri("dpv:ConsentRefused")+" ."] &&
				!g[pur(p.Slug)+" "+iri("dpv:hasConsentStatus")+" "+iri("dpv:ConsentWithdrawn")+" ."] {
				t.Errorf("purpose %s, refused, has no DPV consent status", p.Slug)
			}
			continue
		}
		has(t, g, pur(p.Slug), iri("dpv:hasConsentStatus"), iri(want))
	}
	if consents == 0 {
		t.Error("Camille has answered no purpose on consent: the test checks no consent status")
	}
	// "Learned from" apart from "used": a model version that trained on her data.
	trained := false
	for line := range g {
		if strings.Contains(line, " "+iri("ai:hasModel")+" ") {
			model := strings.Fields(line)[2]
			has(t, g, model, rdfType, iri("ai:TrainedModel"))
			has(t, g, strings.Fields(line)[0], iri("dpv:hasProcessing"), iri("ai:ModelTraining"))
			trained = true
		}
		if strings.Contains(line, iri("dpv:hasConsentStatus")) && strings.HasPrefix(line, "_:") {
			if !strings.Contains(body, `"for_purpose"`) {
				t.Error("a consent record names no purpose")
			}
		}
	}
	if !trained {
		t.Error("no model version learned from Camille: the export does not tell learned from used")
	}
}

// TestTheContextIsPublished serves the context the documents write inline, as JSON-LD, at its namespace.
func TestTheContextIsPublished(t *testing.T) {
	_, ts := newTestServer(t)
	status, h, body := get(t, client(t), ts.URL+ldContextPath)
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "application/ld+json") {
		t.Fatalf("%s: %d %s", ldContextPath, status, h.Get("Content-Type"))
	}
	// A document that names the published context instead of writing it inline reads the same.
	doc := `{"@context":"` + ts.URL + ldContextPath + `","@id":"https://example.test/s","@type":"ai:AISystem","serves_purposes":["dpv:Marketing"],"slug":"s"}`
	g := triples(t, ts.URL, "https://example.test/", doc)
	if !g["<https://example.test/s> "+iri("dpv:hasPurpose")+" "+iri("dpv:Marketing")+" ."] || len(g) != 3 {
		t.Errorf("the published context reads %v", g)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil || got["@context"] == nil {
		t.Errorf("the context document: %v %s", err, body)
	}
}
