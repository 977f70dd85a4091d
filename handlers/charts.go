package handlers

import (
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"vitrine/store"
	"vitrine/views"
)

// palette is colour-blind-safe (Okabe-Ito's eight, then grey and three of Paul Tol's muted colours, so that a
// brand's dozen systems get a colour each); tables and legends name every series too.
var palette = opts.Colors{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
	"#999999", "#882255", "#332288", "#999933"}

// rankColour gives an entry of the brand's registry (a system, or a purpose) its own palette colour, picked by
// the entry's rank among the registry's ids. Charts must not colour series by their order on the chart: the same
// system would then change colour between the overview, its own page and the governance pages. Ids only grow,
// so a new system takes the next colour and never re-colours the others; a rename changes nothing either. Up to
// len(palette) entries, no two share a colour.
func rankColour[T any](registry map[int64]T, id int64) string {
	rank := 0
	for other := range registry {
		if other < id {
			rank++
		}
	}
	return palette[rank%len(palette)]
}

// systemColour is the colour of a system on every chart of every page.
func (v *customerView) systemColour(id int64) string { return rankColour(v.reg.Systems, id) }

// purposeColour is the colour of a purpose on every chart of every page.
func (v *customerView) purposeColour(id int64) string { return rankColour(v.reg.Purposes, id) }

// countAxis is the value axis of a chart of counts: ticks are whole numbers, since half a use means nothing.
func countAxis() opts.YAxis { return opts.YAxis{Type: "value", MinInterval: 1} }

// months lists the first day of each month the window touches, oldest first (store.WindowMonthStarts).
func months(now time.Time) []time.Time { return store.WindowMonthStarts(now) }

func baseOpts() []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithColorsOpts(palette),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Type: "scroll"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "16", Bottom: "56", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(countAxis()),
	}
}

// monthPoint is a number of uses in one month for one series (a system, or a purpose).
type monthPoint struct {
	Month time.Time
	ID    int64
	N     int
}

// monthlyStack draws uses per month over the window as bars stacked by series, and builds the table with the
// same numbers (a column per series and a total), each series painted in its own colour. It returns the grand
// total and the number of series.
func (v *customerView) monthlyStack(now time.Time, points []monthPoint, name, colour func(int64) string) (map[string]any, views.Table, int, int) {
	ms := months(now)
	idx := map[string]int{}
	labels := make([]string, len(ms))
	for i, m := range ms {
		idx[m.Format("2006-01")] = i
		labels[i] = v.l.MonthYear(m)
	}
	var order []int64
	series := map[int64][]int{}
	total := 0
	for _, p := range points {
		i, ok := idx[p.Month.Format("2006-01")]
		if !ok {
			continue
		}
		if series[p.ID] == nil {
			series[p.ID] = make([]int, len(ms))
			order = append(order, p.ID)
		}
		series[p.ID][i] += p.N
		total += p.N
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(baseOpts()...)
	bar.SetXAxis(labels)
	table := views.Table{Caption: v.l.T("chart.table.show"), Head: []string{v.l.T("table.month")}}
	for _, id := range order {
		data := make([]opts.BarData, len(ms))
		for i, n := range series[id] {
			data[i] = opts.BarData{Value: n}
		}
		bar.AddSeries(name(id), data, charts.WithBarChartOpts(opts.BarChart{Stack: "uses"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colour(id)}))
		table.Head = append(table.Head, name(id))
	}
	table.Head = append(table.Head, v.l.T("table.total"))
	for i := range ms {
		row := []string{labels[i]}
		sum := 0
		for _, id := range order {
			row = append(row, v.l.Number(series[id][i]))
			sum += series[id][i]
		}
		table.Rows = append(table.Rows, append(row, v.l.Number(sum)))
	}
	bar.Validate()
	return bar.JSON(), table, total, len(order)
}

// activityChart is the customer's uses per month, stacked by system, with a table of the same numbers.
func (v *customerView) activityChart(id, title string, now time.Time, counts []store.MonthCount) views.Chart {
	points := make([]monthPoint, len(counts))
	for i, mc := range counts {
		points[i] = monthPoint{Month: mc.Month, ID: mc.SystemID, N: mc.N}
	}
	option, table, total, n := v.monthlyStack(now, points, v.systemName, v.systemColour)
	return views.Chart{ID: id, Title: title, Option: option, Table: table, Tall: true, Fallback: v.l.T("chart.fallback"),
		Summary: v.l.T("chart.activity.summary", v.l.N("count.times", total), v.l.N("count.systems", n))}
}

// purposeChart is a pie of why the data was used.
func (v *customerView) purposeChart(usage []store.SystemUsage) views.Chart {
	totals := map[int64]int{}
	var order []int64
	for _, u := range usage {
		for pid, n := range u.Purposes {
			if _, ok := totals[pid]; !ok {
				order = append(order, pid)
			}
			totals[pid] += n
		}
	}
	sortByCount(order, totals)
	pie := charts.NewPie()
	pie.SetGlobalOptions(charts.WithColorsOpts(palette),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Type: "scroll"}))
	data := make([]opts.PieData, 0, len(order))
	table := views.Table{Caption: v.l.T("chart.table.show"), Head: []string{v.l.T("table.purpose"), v.l.T("table.count")}}
	for _, pid := range order {
		data = append(data, opts.PieData{Name: v.purposeName(pid), Value: totals[pid], ItemStyle: &opts.ItemStyle{Color: v.purposeColour(pid)}})
		table.Rows = append(table.Rows, []string{v.purposeName(pid), v.l.Number(totals[pid])})
	}
	pie.AddSeries(v.l.T("chart.purposes.title"), data, charts.WithPieChartOpts(opts.PieChart{Radius: []string{"35%", "65%"}, Center: []string{"50%", "45%"}}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(false)}))
	pie.Validate()
	return views.Chart{ID: "chart-purposes", Title: v.l.T("chart.purposes.title"), Option: pie.JSON(), Table: table, Fallback: v.l.T("chart.fallback"),
		Summary: v.l.T("chart.purposes.summary", v.l.N("summary.reasons", len(order)))}
}

// categoryChart is a horizontal bar of which data was used.
func (v *customerView) categoryChart(cats []store.IDCount) views.Chart {
	bar := charts.NewBar()
	bar.SetGlobalOptions(charts.WithColorsOpts(palette),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "8", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Inverse: opts.Bool(true)}),
		// The bars lie down (XYReversal), so the counts run along the x axis.
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1}))
	labels := make([]string, 0, len(cats))
	data := make([]opts.BarData, 0, len(cats))
	table := views.Table{Caption: v.l.T("chart.table.show"), Head: []string{v.l.T("table.category"), v.l.T("table.count")}}
	for _, c := range cats {
		name := v.categoryName(c.ID)
		labels = append(labels, name)
		data = append(data, opts.BarData{Value: c.N})
		table.Rows = append(table.Rows, []string{name, v.l.Number(c.N)})
	}
	bar.SetXAxis(labels)
	bar.AddSeries(v.l.T("table.count"), data)
	bar.XYReversal()
	bar.Validate()
	return views.Chart{ID: "chart-categories", Title: v.l.T("chart.categories.title"), Option: bar.JSON(), Table: table, Fallback: v.l.T("chart.fallback"),
		Summary: v.l.T("chart.categories.summary", v.l.N("count.kinds", len(cats)))}
}

func sortByCount(ids []int64, n map[int64]int) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && (n[ids[j]] > n[ids[j-1]] || n[ids[j]] == n[ids[j-1]] && ids[j] < ids[j-1]); j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}
