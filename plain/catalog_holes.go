package plain

// Messages for the checks that keep vitrine safe to run in the open: embed origins, and a busy database.
func init() {
	addTexts(map[string]text{
		"admin.error.origins": {
			"Nothing was saved. Fix these lines, then save again:",
			"Rien n'est enregistré. Corrigez ces lignes, puis enregistrez de nouveau\u00a0:",
		},
		"admin.error.origin.scheme": {
			"%s: use https (http works only for localhost).",
			"%s\u00a0: utilisez https (http ne marche que pour localhost).",
		},
		"admin.error.origin.wildcard": {
			"%s: name each site in full. A * is not allowed.",
			"%s\u00a0: nommez chaque site en entier. Le signe * n'est pas permis.",
		},
		"admin.error.origin.host": {
			"%s: this is not a site name. Write it like shop.example.",
			"%s\u00a0: ce n'est pas un nom de site. Écrivez-le comme boutique.example.",
		},
		"admin.error.origin.port": {
			"%s: the port must be a number from 1 to 65535.",
			"%s\u00a0: le port doit être un nombre de 1 à 65535.",
		},
		"admin.error.origin.extra": {
			"%s: give only the protocol, the site name and the port. Leave out the path, spaces and signs like a semicolon or a question mark.",
			"%s\u00a0: donnez seulement le protocole, le nom du site et le port. Retirez le chemin, les espaces et les signes comme le point-virgule ou le point d'interrogation.",
		},
		"error.busy.title": {"We are busy right now", "Nous sommes très occupés en ce moment"},
		"error.busy.body": {
			"Too many changes are being saved at once. Nothing was lost. Try again in a few seconds.",
			"Trop de changements sont enregistrés en même temps. Rien n'est perdu. Réessayez dans quelques secondes.",
		},
	})
}
