package plain

// Messages of the charts and their tables, on the customer pages, in the widget and on the governance pages.
func init() {
	addTexts(map[string]text{
		// Shown in a chart's box until the chart script draws it, and for good when JavaScript is off.
		"chart.fallback": {
			"The figures of this chart are in the table below.",
			"Les chiffres de ce graphique sont dans le tableau ci-dessous.",
		},
		// Heading of the governance overview's charts.
		"admin.charts.heading": {"Customer data at a glance", "Les données des clients en un coup d'œil"},
		// Caption of the table of fields one registry change touched.
		"admin.changes.fields": {"Fields changed", "Champs modifiés"},
	})
}
