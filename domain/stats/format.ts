/** Figures in words: `1,204`, `96.5%`, `12,000.00 元`, `5.2 小时`; `—` when there is nothing to show. */
import type { FigureUnit } from '../../typings/stats';

const grouped = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function figureText(value: number | null, unit: FigureUnit): string {
  if (value === null || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'percent':
      return `${value.toFixed(1)}%`;
    case 'money':
      return `${grouped(value / 100, 2)} 元`;
    case 'hours':
      return `${value < 10 ? value.toFixed(1) : grouped(Math.round(value))} 小时`;
    default:
      return grouped(value);
  }
}
