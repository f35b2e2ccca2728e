import { describe, expect, it } from 'vitest';
import { chartData, MAX_SERIES, monthRange, niceScale, renderMonthlyChart } from '../../src/report/chart.js';
import { all, parseHtml, rows, text, withClass, type Element } from './dom.js';

describe('monthRange', () => {
  it.each([
    ['2024-01', '2024-01', ['2024-01']],
    ['2023-11', '2024-02', ['2023-11', '2023-12', '2024-01', '2024-02']],
    ['2024-03', '2024-01', []],
    ['2024-13x', '2024-01', []],
  ])('%s … %s', (first, last, expected) => {
    expect(monthRange(first, last)).toEqual(expected);
  });

  it('counts every month of a long history', () => {
    expect(monthRange('2015-01', '2024-12')).toHaveLength(120);
  });
});

describe('niceScale', () => {
  it.each([
    [0, { max: 1, step: 1 }],
    [1, { max: 1, step: 1 }],
    [3, { max: 3, step: 1 }],
    [7, { max: 8, step: 2 }],
    [42, { max: 50, step: 10 }],
    [1234, { max: 1500, step: 500 }],
    [100_000, { max: 100_000, step: 20_000 }],
  ])('max %d', (max, expected) => {
    expect(niceScale(max)).toEqual(expected);
  });
});

describe('chartData', () => {
  it('orders spaces by messages, fills the month gaps and drops spaces without messages', () => {
    const data = chartData([
      { name: 'small', monthly: { '2024-03': 1 } },
      { name: 'empty', monthly: {} },
      { name: 'big', monthly: { '2024-01': 5, '2024-04': 2 } },
    ]);
    expect(data.months).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(data.series.map((s) => [s.label, s.total])).toEqual([['big', 7], ['small', 1]]);
    expect(new Set(data.series.map((s) => s.colour)).size).toBe(2);
  });

  it(`keeps ${MAX_SERIES} colours: the smallest spaces share one "other spaces" series`, () => {
    const spaces = Array.from({ length: 12 }, (_, i) => ({ name: `s${i}`, monthly: { '2024-01': i + 1 } }));
    const data = chartData(spaces);
    expect(data.series).toHaveLength(MAX_SERIES);
    expect(data.series[0]?.label).toBe('s11');
    expect(data.series[MAX_SERIES - 1]).toMatchObject({ label: '5 other spaces', total: 1 + 2 + 3 + 4 + 5, monthly: { '2024-01': 15 } });
  });
});

describe('renderMonthlyChart', () => {
  const spaces: Array<{ name: string; monthly: Record<string, number> }> = [
    { name: 'general', monthly: { '2024-01': 2, '2024-02': 1, '2024-04': 2 } },
    { name: 'a <b>&"c\'', monthly: { '2024-02': 2 } },
  ];

  it('draws one bar group per month, gaps included, each stacked from its spaces', () => {
    const doc = parseHtml(renderMonthlyChart(spaces));
    const groups = withClass(doc, 'month');
    expect(groups.map((g) => [g.attribs['data-month'], g.attribs['data-total']])).toEqual([
      ['2024-01', '2'],
      ['2024-02', '3'],
      ['2024-03', '0'],
      ['2024-04', '2'],
    ]);
    // One rect for the hover area, then one per space with messages that month.
    expect(groups.map((g) => all(g, 'rect').length - 1)).toEqual([1, 2, 0, 1]);
    expect(text(all(groups[1] as Element, 'title')[0] as Element)).toBe('Feb 2024: 3 messages general: 1 a <b>&"c\': 2');
  });

  it('escapes names in the SVG, the legend and the table, and lists the numbers', () => {
    const html = renderMonthlyChart(spaces);
    expect(html).not.toContain('<b>');
    expect(html).toContain('a &lt;b&gt;&amp;&quot;c&#39;');
    const doc = parseHtml(html);
    expect(withClass(doc, 'legend-name').map(text)).toEqual(['general', 'a <b>&"c\'']);
    expect(rows(all(doc, 'table')[0] as Element)).toEqual([
      ['month', 'general', 'a <b>&"c\'', 'all'],
      ['2024-01', '2', '0', '2'],
      ['2024-02', '1', '2', '3'],
      ['2024-03', '0', '0', '0'],
      ['2024-04', '2', '0', '2'],
    ]);
  });

  it('labels each month when there is room, and only the years on a long history', () => {
    const short = parseHtml(renderMonthlyChart(spaces));
    expect(withClass(short, 'axis').map(text).filter((t) => /[A-Za-z]/.test(t))).toEqual(['Jan', 'Feb', 'Mar', 'Apr']);
    const long = parseHtml(renderMonthlyChart([{ name: 'x', monthly: { '2019-06': 1, '2024-02': 1 } }]));
    expect(withClass(long, 'month')).toHaveLength(57);
    expect(withClass(long, 'axis').map(text).filter((t) => /^\d{4}$/.test(t))).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
  });

  it('says so when there is nothing to draw', () => {
    expect(renderMonthlyChart([{ name: 'x', monthly: {} }])).toBe('<p class="muted">No messages to chart.</p>');
  });
});
