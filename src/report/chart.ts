// The report's chart of messages per month per space: a stacked bar per calendar month, as inline SVG, so the
// report stays one file that needs no scripts or network. Hovering a bar shows its numbers (SVG <title>), and the
// same numbers sit in a table below the chart for readers who cannot see the colours.
import type { SpaceReport } from './run-report.js';

/** Escapes text for HTML and SVG, in content and in quoted attributes. Names in exports are hostile input. */
export const escapeHtml = (text: unknown): string =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Spaces beyond this many (the smallest) share one grey "other spaces" colour, so the colours stay distinct. */
export const MAX_SERIES = 8;
// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const OTHER_COLOUR = '#9aa0a6';
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface ChartSeries {
  readonly label: string;
  readonly colour: string;
  /** YYYY-MM → messages. */
  readonly monthly: Readonly<Record<string, number>>;
  readonly total: number;
}

export interface ChartData {
  /** Every calendar month from the first to the last with messages, gaps included, as YYYY-MM. */
  readonly months: readonly string[];
  readonly series: readonly ChartSeries[];
}

const MONTH_KEY = /^(\d{4})-(\d{2})$/;

/** YYYY-MM keys from `first` to `last` inclusive. */
export function monthRange(first: string, last: string): string[] {
  const a = MONTH_KEY.exec(first);
  const b = MONTH_KEY.exec(last);
  if (!a || !b) return [];
  const months: string[] = [];
  let index = Number(a[1]) * 12 + Number(a[2]) - 1;
  const end = Number(b[1]) * 12 + Number(b[2]) - 1;
  for (; index <= end; index++) months.push(`${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`);
  return months;
}

const sum = (record: Readonly<Record<string, number>>): number => Object.values(record).reduce((a, b) => a + b, 0);

/** The months and the series to draw: the biggest spaces each in their colour, the rest together. */
export function chartData(spaces: readonly Pick<SpaceReport, 'name' | 'monthly'>[]): ChartData {
  const withMessages = spaces
    .map((s) => ({ label: s.name, monthly: Object.fromEntries(Object.entries(s.monthly).filter(([k, v]) => MONTH_KEY.test(k) && v > 0)) }))
    .map((s) => ({ ...s, total: sum(s.monthly) }))
    .filter((s) => s.total > 0)
    .sort((a, b) => b.total - a.total);
  const keys = withMessages.flatMap((s) => Object.keys(s.monthly)).sort();
  const months = keys.length > 0 ? monthRange(keys[0] as string, keys[keys.length - 1] as string) : [];
  const shown = withMessages.length > MAX_SERIES ? withMessages.slice(0, MAX_SERIES - 1) : withMessages;
  const series: ChartSeries[] = shown.map((s, i) => ({ ...s, colour: PALETTE[i % PALETTE.length] as string }));
  const rest = withMessages.slice(shown.length);
  if (rest.length > 0) {
    const monthly: Record<string, number> = {};
    for (const s of rest) for (const [k, v] of Object.entries(s.monthly)) monthly[k] = (monthly[k] ?? 0) + v;
    series.push({ label: `${rest.length} other spaces`, colour: OTHER_COLOUR, monthly, total: sum(monthly) });
  }
  return { months, series };
}

/** A round axis maximum and step (1, 2 or 5 × 10ⁿ) giving at most five gridlines. */
export function niceScale(max: number): { max: number; step: number } {
  if (max <= 0) return { max: 1, step: 1 };
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) as number);
  const stepWhole = Math.max(1, step);
  return { max: Math.ceil(max / stepWhole) * stepWhole, step: stepWhole };
}

const formatCount = (n: number): string => n.toLocaleString('en-US');

const monthLabel = (month: string): string => {
  const [year, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1]} ${year}`;
};

const PLOT_HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 44, left: 56 };

/** The <figure> with the SVG chart, its legend and the numbers; or a short note when there is nothing to draw. */
export function renderMonthlyChart(spaces: readonly Pick<SpaceReport, 'name' | 'monthly'>[]): string {
  const { months, series } = chartData(spaces);
  if (months.length === 0) return '<p class="muted">No messages to chart.</p>';

  const totals = months.map((m) => series.reduce((t, s) => t + (s.monthly[m] ?? 0), 0));
  const scale = niceScale(Math.max(...totals));
  // Wide enough to read, narrow enough to fit a screen for a few years; longer histories scroll sideways.
  const step = Math.max(10, Math.min(48, Math.floor(880 / months.length)));
  const barWidth = Math.max(6, Math.round(step * 0.72));
  const width = MARGIN.left + months.length * step + MARGIN.right;
  const height = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
  const y = (value: number): number => MARGIN.top + PLOT_HEIGHT - (value / scale.max) * PLOT_HEIGHT;
  // Label every month when there is room, otherwise each January (and the first month).
  const labelEvery = step >= 36;

  const grid: string[] = [];
  for (let value = 0; value <= scale.max; value += scale.step) {
    const at = y(value).toFixed(1);
    grid.push(`<line class="grid" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${at}" y2="${at}"/>` +
      `<text class="axis" x="${MARGIN.left - 8}" y="${at}" text-anchor="end" dominant-baseline="middle">${formatCount(value)}</text>`);
  }

  const groups = months.map((month, i) => {
    const x = MARGIN.left + i * step + (step - barWidth) / 2;
    let base = 0;
    const rects: string[] = [];
    for (const s of series) {
      const count = s.monthly[month] ?? 0;
      if (count === 0) continue;
      const top = y(base + count);
      const bottom = y(base);
      rects.push(`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth}" height="${Math.max(0.5, bottom - top).toFixed(1)}" fill="${s.colour}"/>`);
      base += count;
    }
    const detail = series.filter((s) => (s.monthly[month] ?? 0) > 0).map((s) => `\n${s.label}: ${formatCount(s.monthly[month] ?? 0)}`).join('');
    const [, monthNumber] = month.split('-');
    const labelled = labelEvery || monthNumber === '01' || i === 0;
    const cx = (MARGIN.left + i * step + step / 2).toFixed(1);
    const label = labelled
      ? `<text class="axis" x="${cx}" y="${MARGIN.top + PLOT_HEIGHT + 16}" text-anchor="middle">${labelEvery ? MONTH_NAMES[Number(monthNumber) - 1] : month.slice(0, 4)}</text>` +
        (labelEvery && (monthNumber === '01' || i === 0) ? `<text class="axis year" x="${cx}" y="${MARGIN.top + PLOT_HEIGHT + 32}" text-anchor="middle">${month.slice(0, 4)}</text>` : '')
      : '';
    return `<g class="month" data-month="${month}" data-total="${totals[i]}"><title>${escapeHtml(`${monthLabel(month)}: ${formatCount(totals[i] as number)} messages${detail}`)}</title>` +
      `<rect class="hit" x="${(MARGIN.left + i * step).toFixed(1)}" y="${MARGIN.top}" width="${step}" height="${PLOT_HEIGHT}"/>${rects.join('')}${label}</g>`;
  });

  const first = monthLabel(months[0] as string);
  const last = monthLabel(months[months.length - 1] as string);
  const svg = `<svg class="chart" role="img" aria-labelledby="chart-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart-title">Messages per month, ${escapeHtml(first)} to ${escapeHtml(last)}</title>` +
    `${grid.join('')}<line class="baseline" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y(0)}" y2="${y(0)}"/>${groups.join('')}</svg>`;

  const legend = series
    .map((s) => `<li><span class="swatch" style="background:${s.colour}"></span><span class="legend-name" title="${escapeHtml(s.label)}">${escapeHtml(s.label)}</span> <span class="muted">${formatCount(s.total)}</span></li>`)
    .join('');
  const header = `<tr><th>month</th>${series.map((s) => `<th>${escapeHtml(s.label)}</th>`).join('')}<th>all</th></tr>`;
  const rows = months
    .map((m, i) => `<tr><td>${m}</td>${series.map((s) => `<td class="n">${formatCount(s.monthly[m] ?? 0)}</td>`).join('')}<td class="n">${formatCount(totals[i] as number)}</td></tr>`)
    .join('\n');
  return `<div class="chart-scroll">${svg}</div>
<ul class="legend">${legend}</ul>
<details><summary>The numbers (${months.length} months)</summary><div class="table-scroll"><table class="compact">${header}
${rows}
</table></div></details>`;
}
