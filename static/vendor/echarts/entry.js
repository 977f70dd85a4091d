// Trimmed ECharts entry for vitrine: only the charts, components and
// renderer that the dashboard uses. Built by build.sh into echarts.min.js.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  // LegendComponent installs both the plain and the scroll legend: charts
  // with many series ask for the scroll legend (type: 'scroll'), which pages
  // its entries instead of piling rows of names over the bars.
  LegendComponent,
  TooltipComponent,
  AriaComponent,
  TitleComponent,
  DatasetComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  AriaComponent,
  TitleComponent,
  DatasetComponent,
  CanvasRenderer,
]);

window.echarts = {
  version: echarts.version,
  init: echarts.init,
  use: echarts.use,
  getInstanceByDom: echarts.getInstanceByDom,
};
