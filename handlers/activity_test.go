package handlers

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"vitrine/plain"
	"vitrine/seed"
	"vitrine/store"
)

// TestActivityCountsAndPagesBothWays checks /me/activity: it says how many uses it holds (all of them since the
// first, or those matching the filters), pages down and back up with links to newer events and to the newest,
// and a range that ends before it starts is said in words with no event listed, instead of every event.
func TestActivityCountsAndPagesBothWays(t *testing.T) {
	_, ts := newTestServer(t)
	ctx := context.Background()
	b, _ := sharedDB.BrandBySlug(ctx, seed.BrandNorthwind)
	cust, _ := sharedDB.CustomerByExternalID(ctx, b.ID, seed.SamID)
	var total int
	if err := sharedDB.Reader().QueryRowContext(ctx, `SELECT count(*) FROM usage_events WHERE customer_id = ?`, cust.ID).Scan(&total); err != nil {
		t.Fatal(err)
	}
	c := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	count := regexp.MustCompile(`data-testid="activity-count">([^<]*)<`)
	href := func(body, testid string) string {
		m := regexp.MustCompile(`href="([^"]*)"[^>]*data-testid="` + testid + `"`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return html.UnescapeString(m[1])
	}
	_, _, first := get(t, c, ts.URL+"/me/activity")
	m := count.FindStringSubmatch(first)
	if m == nil || !strings.HasPrefix(html.UnescapeString(m[1]), plainNumber(total)+" uses of your data since ") || !strings.Contains(m[1], "last 12 months") {
		t.Fatalf("/me/activity count %q, want %d uses since the first, and that the overview counts 12 months", m, total)
	}
	if href(first, "prev-page") != "" || href(first, "first-page") != "" {
		t.Error("the newest page links to newer events")
	}
	second := href(first, "next-page")
	if second == "" {
		t.Fatal("no link to older events")
	}
	_, _, page2 := get(t, c, ts.URL+second)
	newer := href(page2, "prev-page")
	if newer == "" || href(page2, "first-page") != "/me/activity" {
		t.Fatalf("the second page links to newer %q and first %q", newer, href(page2, "first-page"))
	}
	_, _, back := get(t, c, ts.URL+newer)
	if sentences(back) != sentences(first) {
		t.Error("going back to newer events does not show the first page again")
	}

	// Filters: the count is of the matching events, counted from the rollups.
	var decisions int
	sys := "credit-limit"
	if err := sharedDB.Reader().QueryRowContext(ctx, `SELECT count(*) FROM usage_events e JOIN ai_systems s ON s.id = e.system_id
		WHERE e.customer_id = ? AND s.slug = ? AND e.action = 'decision'`, cust.ID, sys).Scan(&decisions); err != nil {
		t.Fatal(err)
	}
	_, _, filtered := get(t, c, ts.URL+"/me/activity?system="+sys+"&action="+store.ActionDecision)
	if m := count.FindStringSubmatch(filtered); m == nil || !strings.HasPrefix(m[1], plainNumber(decisions)+" uses of your data match") {
		t.Errorf("filtered count %q, want %d", m, decisions)
	}

	// From after to: a clear message, no list of every event.
	status, _, body := get(t, c, ts.URL+"/me/activity?from=2026-06-10&to=2026-06-01")
	if status != http.StatusBadRequest || !strings.Contains(body, "The start date is after the end date, so no date fits.") {
		t.Fatalf("from after to: status %d", status)
	}
	if strings.Contains(body, `data-testid="events"`) {
		t.Error("from after to lists events")
	}
	if !strings.Contains(body, `value="2026-06-10"`) || !strings.Contains(body, `value="2026-06-01"`) {
		t.Error("from after to does not show the dates typed, for the reader to fix one")
	}
}

// sentences is the text of a page's event list, to compare two pages.
func sentences(body string) string {
	var b strings.Builder
	for _, m := range regexp.MustCompile(`<p class="sentence">([^<]*)</p>`).FindAllStringSubmatch(body, -1) {
		b.WriteString(m[1] + "\n")
	}
	return b.String()
}

// plainNumber writes n as English pages do.
func plainNumber(n int) string { return plain.New("en", nil).Number(n) }
