package views

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

// currentPage is the aria-current value of a navigation link: "page" for the page shown, "false" otherwise
// (an empty attribute would read as false and match no style).
func currentPage(is bool) string {
	if is {
		return "page"
	}
	return "false"
}
