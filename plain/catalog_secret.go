package plain

// Messages about the keys a brand signs customer links and widgets with.
func init() {
	addTexts(map[string]text{
		"admin.settings.secret.once": {
			"Copy these two lines now into your website's secret settings. We will not show this secret again.",
			"Copiez ces deux lignes maintenant dans les réglages secrets de votre site. Nous ne montrerons plus ce secret.",
		},
		"admin.settings.secret.keys":     {"Signing keys", "Clés de signature"},
		"admin.settings.secret.kid":      {"Key name", "Nom de la clé"},
		"admin.settings.secret.signs":    {"Signs new links", "Signe les nouveaux liens"},
		"admin.settings.secret.retiring": {"Still works until %s", "Fonctionne encore jusqu'au %s"},
		"admin.settings.secret.retired":  {"Stopped on %s", "Arrêtée le %s"},
	})
}
