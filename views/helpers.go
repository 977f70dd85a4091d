package views

import (
	"strconv"

	"github.com/a-h/templ"
)

// langAttr marks an element written in another language than the page's; "" adds nothing (an empty lang
// attribute would say the language is unknown).
func langAttr(lang string) templ.Attributes {
	if lang == "" {
		return nil
	}
	return templ.Attributes{"lang": lang}
}

func itoa(n int) string { return strconv.Itoa(n) }

// currentPage is the aria-current value of a navigation link: "page" for the page shown, "false" otherwise
// (an empty attribute would read as false and match no style).
func currentPage(is bool) string {
	if is {
		return "page"
	}
	return "false"
}
