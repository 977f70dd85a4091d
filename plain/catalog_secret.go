package plain

// Messages about the keys a brand signs customer links and widgets with.
func init() {
	addTexts(map[string]text{
		"admin.settings.secret.once": {
			"Copy these two lines now into your website's secret settings. We will not show this secret again.",
			"Copiez ces deux lignes maintenant dans les réglages secrets de votre site. Nous ne montrerons plus ce secret.",
		},
		"admin.settings.secret.keys":     {"Signing keys", "Clés de signature"},
		"admin.settings.secret.kid":      {"Key id", "Identifiant de la clé"},
		"admin.settings.secret.signs":    {"Signs new links", "Signe les nouveaux liens"},
		"admin.settings.secret.retiring": {"Still works until %s", "Fonctionne encore jusqu'au %s"},
		"admin.settings.secret.retired":  {"Stopped on %s", "Arrêtée le %s"},
		"admin.settings.public.title":    {"Your own public keys", "Vos propres clés publiques"},
		"admin.settings.public.intro": {
			"Safer than a shared secret: your website signs links with its own private key, and we keep only the public half. Paste that public half here as a JWK, of type ES256 or EdDSA.",
			"Plus sûr qu'un secret partagé\u00a0: votre site signe les liens avec sa propre clé privée, et nous ne gardons que la moitié publique. Collez ici cette moitié publique en JWK, de type ES256 ou EdDSA.",
		},
		"admin.settings.public.label":   {"Public key (JWK)", "Clé publique (JWK)"},
		"admin.settings.public.hint":    {"One key or a set of keys, as JSON. Never paste the private key.", "Une clé ou un ensemble de clés, en JSON. Ne collez jamais la clé privée."},
		"admin.settings.public.add":     {"Add the key", "Ajouter la clé"},
		"admin.settings.public.remove":  {"Remove", "Retirer"},
		"admin.settings.public.none":    {"No public key yet.", "Aucune clé publique pour l'instant."},
		"admin.settings.public.alg":     {"Kind", "Type"},
		"admin.settings.public.added":   {"The key is added. Put VITRINE_KID=%s in your website's settings.", "La clé est ajoutée. Mettez VITRINE_KID=%s dans les réglages de votre site."},
		"admin.settings.public.removed": {"The key %s is removed. Links it signed no longer work.", "La clé %s est retirée. Les liens qu'elle a signés ne marchent plus."},
		"admin.settings.public.private": {
			"This is a private key. Paste only its public half, and keep the private key secret.",
			"C'est une clé privée. Collez seulement sa moitié publique, et gardez la clé privée secrète.",
		},
		"admin.settings.public.invalid": {
			"We cannot use this key. Paste an ES256 or EdDSA public key as a JWK.",
			"Nous ne pouvons pas utiliser cette clé. Collez une clé publique ES256 ou EdDSA en JWK.",
		},
		"admin.settings.public.taken": {
			"Another key already has this name (kid). Give the new key another kid.",
			"Une autre clé porte déjà ce nom (kid). Donnez un autre kid à la nouvelle clé.",
		},
	})
}
