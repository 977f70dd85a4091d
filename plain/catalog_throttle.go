package plain

// Messages of sign-in under load and of the checks on what staff and brand systems send.
func init() {
	addTexts(map[string]text{
		"staff.login.busy": {
			"Too many people are signing in right now. Wait a few seconds and try again.",
			"Trop de personnes se connectent en ce moment. Attendez quelques secondes et réessayez.",
		},
	})
}
