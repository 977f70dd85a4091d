package plain

// Messages of sign-in under load and of the checks on what staff and brand systems send.
func init() {
	addTexts(map[string]text{
		"staff.login.busy": {
			"Too many people are signing in right now. Wait a few seconds and try again.",
			"Trop de personnes se connectent en ce moment. Attendez quelques secondes et réessayez.",
		},
		// Adding a staff member whose email has an account somewhere: the same words whether it is on this team
		// or at another brand, so they tell nothing about other brands.
		"staff.team.error.unavailable": {
			"This email cannot be used for a new account. If this person is already on your team, you will find them in the list.",
			"Cet e-mail ne peut pas servir à un nouveau compte. Si cette personne fait déjà partie de votre équipe, elle figure dans la liste.",
		},
	})
}
