package handlers

import (
	"net/http"
	"net/url"
	"time"

	"vitrine/static"
	"vitrine/store"
	"vitrine/token"
	"vitrine/views"
)

// DemoPortalPath is where the pretend brand site gives its customer a fresh link to their AI page; demo mode
// registers it as the brand's portal address.
const DemoPortalPath = "/mon-compte/ia"

// DemoSite serves, in demo mode only, a pretend brand website on a second origin whose account page frames the
// widget for one customer, minting a fresh embed token on every load exactly as a brand's backend would.
// vitrineURL is the public URL of vitrine; origin is this site's own origin (one of the brand's embed origins).
func DemoSite(db *store.DB, vitrineURL, origin, brandSlug, customer string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /embed-resize.js", func(w http.ResponseWriter, r *http.Request) {
		body, _ := static.Content("js/embed-resize.js")
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(body)
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		body, _ := static.Content("img/favicon.svg")
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Write(body)
	})
	// The brand's "see my AI page" address: its signed-in customer gets a fresh single-use link, as
	// POST /api/v1/sessions would give the brand's backend. Refused and expired links lead back here.
	mux.HandleFunc("GET "+DemoPortalPath, func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		b, err := db.BrandBySlug(ctx, brandSlug)
		if err != nil {
			http.Error(w, "demo brand missing", http.StatusInternalServerError)
			return
		}
		keys, err := db.BrandKeys(ctx, b.ID, db.Now())
		if err != nil || len(keys) == 0 {
			http.Error(w, "demo brand has no key", http.StatusInternalServerError)
			return
		}
		tok, err := token.Sign(token.Key{KID: keys[0].KID, Secret: keys[0].Secret}, b.Slug, customer, token.AudSession, 5*time.Minute, db.Now())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, vitrineURL+"/s/"+tok, http.StatusSeeOther)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		b, err := db.BrandBySlug(ctx, brandSlug)
		if err != nil {
			http.Error(w, "demo brand missing: run with --demo on an empty database", http.StatusInternalServerError)
			return
		}
		cust, err := db.CustomerByExternalID(ctx, b.ID, customer)
		if err != nil {
			http.Error(w, "demo customer missing", http.StatusInternalServerError)
			return
		}
		keys, err := db.BrandKeys(ctx, b.ID, db.Now())
		if err != nil || len(keys) == 0 {
			http.Error(w, "demo brand has no key", http.StatusInternalServerError)
			return
		}
		tok, err := token.Sign(token.Key{KID: keys[0].KID, Secret: keys[0].Secret}, b.Slug, cust.ExternalID, token.AudEmbed, 10*time.Minute, db.Now())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		q := url.Values{"token": {tok}, "parent": {origin}}
		page := views.DemoSite{BrandName: b.Name, CustomerName: cust.Name, WidgetURL: vitrineURL + "/embed/v1?" + q.Encode(), ScriptURL: "/embed-resize.js",
			PortalPath: DemoPortalPath}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		views.DemoSiteView(page).Render(ctx, w)
	})
	return mux
}
