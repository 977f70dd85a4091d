package handlers

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestHeadingsInOrderAndTablesCaptioned parses customer, governance and audit pages and fails on a heading
// that skips a level (h1 then h3) and on a data table without a caption naming what it shows.
func TestHeadingsInOrderAndTablesCaptioned(t *testing.T) {
	_, ts := newTestServer(t)
	pages := map[string]string{}
	for _, p := range personas {
		c := signIn(t, ts, p.brand, p.id)
		_, slugs := usedSystems(t, p.brand, p.id)
		for _, path := range append([]string{"/me", "/me/consents", "/me/activity", "/me/access"}, prefixed("/me/systems/", slugs)...) {
			_, _, pages[p.name+" "+path] = get(t, c, ts.URL+path)
		}
	}
	privacy := staffSignIn(t, ts, privacyA)
	for _, path := range []string{"/admin", "/admin/violations", "/admin/systems", "/admin/purposes", "/admin/categories",
		"/admin/systems/product-recommender/models", "/admin/changes", "/staff/audit"} {
		for _, lang := range []string{"en", "fr"} {
			_, _, pages[lang+" "+path] = get(t, privacy, ts.URL+path+"?lang="+lang, "Accept-Language", lang)
		}
	}
	_, _, pages["admin /admin/settings"] = get(t, staffSignIn(t, ts, adminA), ts.URL+"/admin/settings", "Accept-Language", "en")
	tables := 0
	for name, body := range pages {
		assertNoRawText(t, name, body)
		doc, err := html.Parse(strings.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		last := 0
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			if len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6' {
				level := int(n.Data[1] - '0')
				if level > last+1 {
					t.Errorf("%s: <%s> %q comes after h%d, skipping a level", name, n.Data, textOf(n), last)
				}
				last = level
			}
			if n.Data == "table" {
				tables++
				caption := ""
				for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
					if ch.Type == html.ElementNode && ch.Data == "caption" {
						caption = strings.TrimSpace(textOf(ch))
					}
				}
				if caption == "" {
					t.Errorf("%s: a table has no caption (head %q)", name, strings.Join(strings.Fields(textOf(n)), " ")[:min(60, len(strings.Join(strings.Fields(textOf(n)), " ")))])
				}
			}
		}
		if last == 0 {
			t.Errorf("%s has no heading", name)
		}
	}
	if tables < 10 {
		t.Errorf("checked %d tables, want the chart and governance tables (at least 10)", tables)
	}
}

// textOf is the text content of an HTML node.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func prefixed(prefix string, items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = prefix + s
	}
	return out
}
