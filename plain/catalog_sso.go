package plain

// Messages of single sign-on for staff: the company-account part of the sign-in page, why a sign-in did not go
// through, how each person last signed in (team page), and the brand's settings (admin settings page).
func init() {
	addTexts(map[string]text{
		// Sign-in page.
		"sso.login.title": {"Sign in with your company account", "Connexion avec votre compte d'entreprise"},
		"sso.login.hint": {
			"Type your work email. We send you to your company's sign-in page, then bring you back here.",
			"Tapez votre e-mail professionnel. Nous vous envoyons sur la page de connexion de votre entreprise, puis nous vous ramenons ici.",
		},
		"sso.login.email":    {"Work email", "E-mail professionnel"},
		"sso.login.submit":   {"Continue", "Continuer"},
		"sso.continue.title": {"On to your company's sign-in page", "Vers la page de connexion de votre entreprise"},
		"sso.continue.link":  {"Go to your company's sign-in page", "Aller à la page de connexion de votre entreprise"},

		// Why a sign-in with the company account did not go through.
		"sso.error.email": {"Give a valid email address.", "Donnez une adresse e-mail valide."},
		"sso.error.unknown_domain": {
			"No company sign-in is set up for this email. Sign in with your password, or ask your admin.",
			"Aucune connexion d'entreprise n'existe pour cet e-mail. Connectez-vous avec votre mot de passe, ou demandez à votre administrateur.",
		},
		"sso.error.state": {
			"This sign-in was too old or was not started here. Please start again.",
			"Cette connexion était trop ancienne ou n'a pas commencé ici. Recommencez, s'il vous plaît.",
		},
		"sso.error.declined": {
			"Your company's sign-in page did not let you in. Please try again.",
			"La page de connexion de votre entreprise ne vous a pas laissé entrer. Réessayez, s'il vous plaît.",
		},
		"sso.error.provider": {
			"We could not reach your company's sign-in service. Please try again in a few minutes.",
			"Nous n'avons pas pu joindre le service de connexion de votre entreprise. Réessayez dans quelques minutes.",
		},
		"sso.error.token": {
			"We could not check who you are. Please start again.",
			"Nous n'avons pas pu vérifier qui vous êtes. Recommencez, s'il vous plaît.",
		},
		"sso.error.unverified": {
			"Your company account has no checked email. Ask your admin to check it.",
			"Votre compte d'entreprise n'a pas d'e-mail vérifié. Demandez à votre administrateur de le vérifier.",
		},
		"sso.error.domain": {
			"Your company account's email is not one this console accepts. Ask your admin.",
			"L'e-mail de votre compte d'entreprise n'est pas accepté par cet espace. Demandez à votre administrateur.",
		},
		"sso.error.no_role": {
			"Your company account gives you no role in this console. Ask your admin to add you to a group for it.",
			"Votre compte d'entreprise ne vous donne aucun rôle dans cet espace. Demandez à votre administrateur de vous ajouter à un groupe prévu.",
		},
		"sso.error.account": {
			"We could not sign you in with this email. Ask your admin.",
			"Nous n'avons pas pu vous connecter avec cet e-mail. Demandez à votre administrateur.",
		},
		"sso.error.password_off": {
			"Your company signs you in with its own account. Use the company sign-in below.",
			"Votre entreprise vous connecte avec son propre compte. Utilisez la connexion d'entreprise ci-dessous.",
		},

		// Team page: how each person last signed in.
		"sso.team.last":        {"Last sign-in", "Dernière connexion"},
		"sso.team.never":       {"Not yet", "Pas encore"},
		"sso.team.by_sso":      {"%s, company account", "%s, compte d'entreprise"}, // date and time
		"sso.team.by_password": {"%s, password", "%s, mot de passe"},               // date and time

		// Admin settings page: the brand's single sign-on, read-only.
		"sso.settings.title":        {"Company sign-in", "Connexion d'entreprise"},
		"sso.settings.none":         {"Your staff sign in with a password.", "Votre équipe se connecte avec un mot de passe."},
		"sso.settings.how":          {"Your vitrine operator sets this up with the vitrine sso command.", "Votre opérateur vitrine règle cela avec la commande vitrine sso."},
		"sso.settings.issuer":       {"Sign-in service", "Service de connexion"},
		"sso.settings.client":       {"Client id", "Identifiant client"},
		"sso.settings.redirect":     {"Return address", "Adresse de retour"},
		"sso.settings.claim":        {"Claim with the role", "Champ qui porte le rôle"},
		"sso.settings.roles":        {"Roles", "Rôles"},
		"sso.settings.domains":      {"Email domains", "Domaines e-mail"},
		"sso.settings.password":     {"Passwords", "Mots de passe"},
		"sso.settings.password.on":  {"Still allowed", "Toujours acceptés"},
		"sso.settings.password.off": {"Turned off", "Désactivés"},
		"sso.settings.updated":      {"Last changed", "Dernier changement"},
	})
}
