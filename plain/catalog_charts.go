package plain

// Messages of the charts and their tables, on the customer pages, in the widget and on the governance pages.
func init() {
	addTexts(map[string]text{
		// Shown in a chart's box until the chart script draws it, and for good when JavaScript is off.
		"chart.fallback": {
			"The figures of this chart are in the table below.",
			"Les chiffres de ce graphique sont dans le tableau ci-dessous.",
		},
		// The widget's small chart, named with its first and last month: "Nov 2025", "Nov 2026", "1,234 times".
		"embed.chart.range": {
			"Uses of your data per month, from %s to %s: %s in all.",
			"Utilisations de vos données par mois, de %s à %s\u00a0: %s en tout.",
		},
		// Heading of the governance overview's charts.
		"admin.charts.heading": {"Customer data at a glance", "Les données des clients en un coup d'œil"},
		// Caption of the table of fields one registry change touched.
		"admin.changes.fields": {"Fields changed", "Champs modifiés"},
	})
}
