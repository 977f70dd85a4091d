package plain

// Messages of the charts and their tables, on the customer pages, in the widget and on the governance pages.
func init() {
	addTexts(map[string]text{
		// Shown in a chart's box until the chart script draws it, and for good when JavaScript is off.
		"chart.fallback": {
			"The figures of this chart are in the table below.",
			"Les chiffres de ce graphique sont dans le tableau ci-dessous.",
		},
	})
}
