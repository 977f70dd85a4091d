package views

import "github.com/a-h/templ"

// navCurrent marks the navigation link of the page the reader is on, for screen readers ("page") and styles.
func navCurrent(on bool) templ.Attributes {
	if on {
		return templ.Attributes{"aria-current": "page"}
	}
	return nil
}
