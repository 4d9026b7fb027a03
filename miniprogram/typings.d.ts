/** Types of the App instance (`getApp<IAppOption>()`). */
interface IAppOption {
  globalData: Record<string, never>;
}

/** uCharts (`@qiun/ucharts`, Apache-2.0): the options this project passes; the library ships no types. */
declare module '@qiun/ucharts' {
  export interface UChartsOptions {
    type: 'column' | 'bar' | 'line';
    /** A Canvas 2D context (`canvas.getContext('2d')`). */
    context: unknown;
    width: number;
    height: number;
    pixelRatio: number;
    categories: string[];
    series: { name: string; data: number[] }[];
    color?: string[];
    animation?: boolean;
    background?: string;
    fontSize?: number;
    dataLabel?: boolean;
    padding?: number[];
    legend?: Record<string, unknown>;
    xAxis?: Record<string, unknown>;
    yAxis?: Record<string, unknown>;
    extra?: Record<string, unknown>;
  }
  export default class UCharts {
    constructor(options: UChartsOptions);
  }
}
