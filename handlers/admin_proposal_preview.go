package handlers

import (
	"fmt"
	"math"
	"strings"
	"time"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// minReadingEase is the readability a customer-facing text should reach (60: plain language), as on the pages'
// own readability checks.
const minReadingEase = 60

// proposalPreviews shows, in each language customers read, how they would read the proposed entry: a system's
// card, a purpose's or category's words, an example sentence built with it, and how readable its words are.
// l is the reviewer's language, in which the scores are said.
// now dates the example sentence.
func proposalPreviews(l *plain.Localizer, brand store.Brand, reg *store.Registry, e store.RegistryEntry, now time.Time) []views.AdminProposalPreview {
	var out []views.AdminProposalPreview
	for _, loc := range adminLocales {
		v := adminCustomerView(brand, reg, loc)
		pv := views.AdminProposalPreview{Heading: languageName(loc), Page: v.page}
		facts := plain.EventFacts{At: now, Action: store.ActionInference, SystemName: exampleSystem(reg, loc), PurposeAim: examplePurposeAim(reg, loc)}
		if c := exampleCategory(reg, loc); c.Phrase != "" {
			facts.Categories = []plain.Category{c}
		}
		var words []string
		switch {
		case e.System != nil:
			sys := *e.System
			sys.Registered = true
			card := v.systemCard(&sys, nil, nil)
			card.Uses = v.l.T("admin.preview.uses")
			pv.Card = &card
			facts.SystemName = systemName(v.l, &sys, brand)
			t := sys.Texts[loc]
			words = []string{t.What, t.How, t.HumanReview, t.Decides}
		case e.Purpose != nil:
			t := e.Purpose.Texts[loc]
			pv.Lines = []views.Fact{{Label: v.l.T("proposal.preview.name"), Value: t.Name}, {Label: v.l.T("proposal.preview.explanation"), Value: t.Explanation}}
			facts.PurposeAim = t.Aim
			words = []string{t.Name + ".", t.Aim + ".", t.Explanation}
		case e.Category != nil:
			t := e.Category.Texts[loc]
			pv.Lines = []views.Fact{{Label: v.l.T("proposal.preview.name"), Value: t.Name}, {Label: v.l.T("proposal.preview.explanation"), Value: t.Explanation}}
			facts.Categories = []plain.Category{{Phrase: t.Phrase, Sensitive: e.Category.Sensitive}}
			words = []string{t.Explanation}
		}
		if facts.SystemName != "" {
			pv.Sentence = v.l.EventSentence(facts)
		}
		text := strings.TrimSpace(strings.Join(nonEmpty(words), " "))
		switch {
		case text == "":
			pv.Score = l.T("proposal.readability.none")
			pv.ScoreLow = true
		default:
			score := plain.ReadingEase(loc, text).Score
			key := "proposal.readability.ok"
			if score < minReadingEase {
				key, pv.ScoreLow = "proposal.readability.low", true
			}
			pv.Score = l.T(key, fmt.Sprintf("%.0f", math.Round(score)), minReadingEase)
		}
		out = append(out, pv)
	}
	return out
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

// exampleSystem, examplePurposeAim and exampleCategory pick the brand's first registered entries of each kind,
// to build an example sentence around the proposed one.
func exampleSystem(reg *store.Registry, loc string) string {
	for _, s := range reg.SystemOrder {
		if s.Registered && s.Status == "active" {
			return s.NameIn(loc, "")
		}
	}
	return ""
}

func examplePurposeAim(reg *store.Registry, loc string) string {
	for _, p := range reg.PurposeOrder {
		if p.Registered {
			if aim := p.Texts[loc].Aim; aim != "" {
				return aim
			}
		}
	}
	return ""
}

func exampleCategory(reg *store.Registry, loc string) plain.Category {
	for _, id := range reg.CategoryOrderIDs {
		if d := reg.Categories[id]; d != nil && d.Registered && d.Texts[loc].Phrase != "" {
			return plain.Category{Phrase: d.Texts[loc].Phrase, Sensitive: d.Sensitive}
		}
	}
	return plain.Category{}
}
