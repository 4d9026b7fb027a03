/**
 * `<chart kind="column" categories="{{months}}" series="{{series}}" height="200" label="…"/>`: a chart drawn by
 * uCharts (`@qiun/ucharts`, a charting library made for mini-programs) on a Canvas 2D node — columns for a monthly
 * trend, horizontal bars for a ranking. `label` says the same in words for screen readers (the canvas is a picture).
 */
import UCharts, { type UChartsOptions } from '@qiun/ucharts';

export interface ChartSeries {
  name: string;
  data: number[];
}

const COLORS = ['#c0392b', '#e67e22', '#2e86de', '#16a085'];

/** A round top for the value axis with `steps` whole-number steps (counts never read 0.75). */
function axisMax(series: ChartSeries[], steps: number): number {
  const top = Math.max(0, ...series.flatMap((s) => s.data));
  const step = Math.max(1, Math.ceil(top / steps));
  const magnitude = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 5, 10].map((m) => m * magnitude).find((m) => m >= step) ?? step;
  return nice * steps;
}

/** uCharts' options for a kind of chart, in CSS pixels (multiplied by the pixel ratio when drawn). */
function optionsFor(kind: string, categories: string[], series: ChartSeries[]): Partial<UChartsOptions> {
  const common = {
    categories,
    series,
    color: COLORS,
    animation: false,
    background: '#FFFFFF',
    fontSize: 11,
    // One series: each value over its column or bar; several: the legend says which is which.
    dataLabel: series.length === 1,
    legend: { show: series.length > 1 },
  };
  if (kind === 'bar')
    return {
      ...common,
      type: 'bar',
      padding: [6, 28, 6, 6],
      xAxis: { boundaryGap: 'justify', min: 0, max: axisMax(series, 4), splitNumber: 4, fontSize: 10 },
      yAxis: { fontSize: 11 },
      extra: { bar: { type: 'group', width: 14, seriesGap: 2, categoryGap: 4 } },
    };
  return {
    ...common,
    type: 'column',
    padding: [14, 8, 4, 4],
    xAxis: { disableGrid: true, fontSize: 10 },
    yAxis: { data: [{ min: 0, max: axisMax(series, 4) }], splitNumber: 4, fontSize: 10 },
    extra: { column: { type: 'group', width: 14, seriesGap: 2 } },
  };
}

Component({
  options: { addGlobalClass: true },
  properties: {
    /** `column` (a monthly trend) or `bar` (a ranking, one bar per town or village). */
    kind: { type: String, value: 'column' },
    categories: { type: Array, value: [] as string[] },
    series: { type: Array, value: [] as ChartSeries[] },
    /** Height in px. */
    height: { type: Number, value: 200 },
    /** The chart in words (screen readers). */
    label: { type: String, value: '' },
  },
  observers: {
    'kind, categories, series, height'() {
      this.draw();
    },
  },
  lifetimes: {
    ready() {
      this.draw();
    },
  },
  methods: {
    draw() {
      const categories = this.data.categories as string[];
      const series = this.data.series as ChartSeries[];
      if (!categories.length || !series.length) return;
      this.createSelectorQuery()
        .select('#chart-canvas')
        .fields({ node: true, size: true })
        .exec((res: { node?: WechatMiniprogram.Canvas; width: number; height: number }[]) => {
          const found = res?.[0];
          if (!found?.node || !found.width) return;
          const canvas = found.node;
          const ratio = wx.getWindowInfo?.().pixelRatio ?? 2;
          canvas.width = Math.round(found.width * ratio);
          canvas.height = Math.round(found.height * ratio);
          const context = canvas.getContext('2d') as UChartsOptions['context'];
          new UCharts({
            ...optionsFor(String(this.data.kind), categories, series),
            context,
            width: canvas.width,
            height: canvas.height,
            pixelRatio: ratio,
          } as UChartsOptions);
        });
    },
  },
});
