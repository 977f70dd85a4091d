package handlers

import (
	"context"
	"html"
	"regexp"
	"sort"
	"strings"
	"testing"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// TestReadability scores what customers read, in each language: the brands' registry texts of the demo data,
// the sentences vitrine writes from events (summaries, event sentences, what a consent choice will do) and the
// messages of the pages. English must reach Flesch reading ease 60, French Kandel–Moles 60.
func TestReadability(t *testing.T) {
	ctx := context.Background()
	groups := map[string]map[string]*strings.Builder{}
	add := func(locale, group, text string) {
		if groups[locale] == nil {
			groups[locale] = map[string]*strings.Builder{}
		}
		if groups[locale][group] == nil {
			groups[locale][group] = &strings.Builder{}
		}
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		if !strings.HasSuffix(text, ".") && !strings.HasSuffix(text, "?") && !strings.HasSuffix(text, "!") {
			text += "."
		}
		groups[locale][group].WriteString(text + "\n")
	}
	s := &Server{DB: sharedDB}
	for _, p := range personas {
		b, _ := sharedDB.BrandBySlug(ctx, p.brand)
		cust, _ := sharedDB.CustomerByExternalID(ctx, b.ID, p.id)
		reg, err := sharedDB.Registry(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, locale := range plain.Locales {
			for _, sys := range reg.SystemOrder {
				tx := sys.Text(locale, b.DefaultLocale)
				add(locale, "registry", tx.What)
				add(locale, "registry", tx.How)
				add(locale, "registry", tx.HumanReview)
				add(locale, "registry", tx.Decides)
			}
			for _, pur := range reg.PurposeOrder {
				add(locale, "registry", pur.Text(locale, b.DefaultLocale).Explanation)
			}
			for _, id := range reg.CategoryOrderIDs {
				add(locale, "registry", reg.Categories[id].Text(locale, b.DefaultLocale).Explanation)
			}
			data, err := sharedDB.CustomerData(ctx, cust.ID, testNow)
			if err != nil {
				t.Fatal(err)
			}
			v := &customerView{cc: &customerCtx{Brand: b, Customer: cust, BasePath: "/me"}, locale: locale, l: plain.New(locale, b.Location()), reg: reg,
				page: views.Page{L: plain.New(locale, b.Location())}, data: data}
			page, err := sharedDB.Events(ctx, cust.ID, store.EventFilter{}, store.Cursor{}, 200)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range v.eventLines(page.Events) {
				add(locale, "event sentences", line.Sentence)
			}
			// What counted in each decision and what would have changed it, as the decision's page tells it.
			for _, e := range page.Events {
				x, err := sharedDB.ExplanationOf(ctx, b.ID, e.Key)
				if err != nil || x == nil {
					continue
				}
				ex := v.explanation(reg.Systems[e.SystemID], x)
				for _, f := range ex.Factors {
					add(locale, "explanations", f.Label+". "+f.Effect)
				}
				for _, ch := range ex.Changes {
					if ch.Quote != nil {
						add(locale, "explanations", ch.Quote.Text)
					} else {
						add(locale, "explanations", ch.Sentence)
					}
				}
			}
			f, err := s.loadConsentFacts(ctx, v, testNow)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range v.consentControls(f) {
				for _, q := range c.Consequence {
					add(locale, "consent choices", q)
				}
			}
			usage, _ := sharedDB.UsageBySystem(ctx, b.ID, cust.ID, windowStart(testNow))
			add(locale, "summaries", v.l.Summary(plain.SummaryFacts{Months: 12, Systems: len(usage), Events: 1284, Purposes: 5, Learned: 1, BrandName: b.Name}))
		}
	}
	for _, locale := range plain.Locales {
		l := plain.New(locale, nil)
		for _, k := range plain.Keys() {
			if !strings.Contains(k, ".") || strings.HasPrefix(k, "list.") || strings.HasPrefix(k, "date.") || strings.HasPrefix(k, "event.") {
				continue
			}
			msg := l.T(k, "Maison Lumière", "3 Nov 2026", "Maison Lumière", "Maison Lumière")
			add(locale, "page messages", strings.ReplaceAll(msg, "%!", ""))
		}
	}
	for _, locale := range plain.Locales {
		var all strings.Builder
		names := make([]string, 0, len(groups[locale]))
		for g := range groups[locale] {
			names = append(names, g)
		}
		sort.Strings(names)
		for _, group := range names {
			b := groups[locale][group]
			r := plain.ReadingEase(locale, b.String())
			t.Logf("%s %-16s reading ease %.1f (%d words, %d sentences, %.2f syllables a word)", locale, group, r.Score, r.Words, r.Sentences, float64(r.Syllables)/float64(max(1, r.Words)))
			if r.Score < 60 {
				t.Errorf("%s %s score %.1f, under 60: write plainer", locale, group, r.Score)
			}
			all.WriteString(b.String())
		}
		r := plain.ReadingEase(locale, all.String())
		formula := "Flesch"
		if locale == "fr" {
			formula = "Kandel–Moles"
		}
		t.Logf("%s all texts: %s reading ease %.1f over %d words", locale, formula, r.Score, r.Words)
		if r.Score < 60 {
			t.Errorf("%s texts score %.1f (%s), under 60: write plainer", locale, r.Score, formula)
		}
	}
}

// TestPageReadability scores the prose of rendered pages as customers read them, per page and language: the
// activity list (read at 53 to 55 when each event was one long sentence), the overview and a system page.
// English must reach Flesch reading ease 60, French Kandel–Moles 60.
func TestPageReadability(t *testing.T) {
	_, ts := newTestServer(t)
	prose := regexp.MustCompile(`<p class="(?:sentence|summary)"[^>]*>([^<]+)</p>|<p data-testid="activity-count">([^<]+)</p>`)
	for _, p := range personas {
		c := signIn(t, ts, p.brand, p.id)
		_, slugs := usedSystems(t, p.brand, p.id)
		for _, lang := range plain.Locales {
			for _, path := range []string{"/me/activity", "/me", "/me/systems/" + slugs[0]} {
				_, _, body := get(t, c, ts.URL+path+"?lang="+lang)
				var text strings.Builder
				for _, m := range prose.FindAllStringSubmatch(body, -1) {
					text.WriteString(html.UnescapeString(m[1]+m[2]) + "\n")
				}
				r := plain.ReadingEase(lang, text.String())
				t.Logf("%s %s %s: reading ease %.1f over %d words", p.name, lang, path, r.Score, r.Words)
				if r.Words < 30 {
					t.Errorf("%s %s %s: only %d words of prose found", p.name, lang, path, r.Words)
				}
				if r.Score < 60 {
					t.Errorf("%s %s %s scores %.1f, under 60: write plainer", p.name, lang, path, r.Score)
				}
			}
		}
	}
}
