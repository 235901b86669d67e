import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { barChart, numericColumn } from '../../src/charts/barChart.ts';
import { chartTable } from '../../src/charts/fromKnowledge.ts';
import { CHART_ZOOM, chartImage, PNG_MAX_BYTES, toPng } from '../../src/charts/render.ts';
import { document, text } from '../../src/charts/svg.ts';
import { LEVEL_SHADES, levelOf, tableChart } from '../../src/charts/tableChart.ts';
import { timelineChart } from '../../src/charts/timelineChart.ts';
import { entityCells } from '../../src/knowledge/cells.ts';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';
import { findEntity, marketTable } from '../../src/knowledge/resolve.ts';
import type { Table } from '../../src/knowledge/types.ts';
import type { ReplyImage } from '../../src/reply/types.ts';
import { numericValue } from '../../src/text/numericValue.ts';
import { context, engine, run } from '../helpers.ts';
import { inkedPixels, readPng } from './png.ts';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

/** The chart is a PNG Discord can show: valid, within 1 MB, and not blank. */
function expectValidPng(image: ReplyImage | undefined): ReturnType<typeof readPng> {
  expect(image).toBeDefined();
  expect(image!.name).toMatch(/^[a-z0-9-]+\.png$/);
  expect(image!.png.byteLength).toBeLessThanOrEqual(PNG_MAX_BYTES);
  const png = readPng(image!.png);
  expect(png.width).toBeGreaterThanOrEqual(480);
  expect(png.height).toBeGreaterThanOrEqual(100);
  expect(inkedPixels(png)).toBeGreaterThan(1000);
  return png;
}

/** Every row's name and its value in the numeric column, as the report writes them. */
function figures(table: Table): string[] {
  const column = table.columns.findIndex(
    (_, c) => c > 0 && table.rows.every((r) => numericValue(r.cells[c]!.value) !== undefined),
  );
  expect(column).toBeGreaterThan(0);
  return table.rows.map((r) => `${r.key} ${r.cells[column]!.value}`);
}

describe('the /market bar chart, on the shipped report', () => {
  it('is a valid PNG whose alt text holds every row and its market share', async () => {
    const reply = await run('market');
    const png = expectValidPng(reply.image);
    const table = marketTable(engine.kb)!;
    // Drawn larger than its layout, so it stays sharp on high-density screens.
    const svg = barChart(chartTable(table))!.svg;
    const [, width, height] = /<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
    expect([png.width, png.height]).toEqual([
      Math.round(CHART_ZOOM * Number(width)),
      Math.round(CHART_ZOOM * Number(height)),
    ]);
    expect(CHART_ZOOM).toBeGreaterThan(1);
    for (const figure of figures(table)) expect(reply.image!.description).toContain(figure);
    // The text stays: the table is still in the reply, for the console and as the fallback.
    expect(reply.table?.rows.map((r) => r[0])).toEqual(table.rows.map((r) => r.key));
  });

  it('draws the bars in proportion, from the table’s own numbers', () => {
    const table = marketTable(engine.kb)!;
    const chart = barChart(chartTable(table))!;
    const widths = [...chart.svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="22"/g)].map((m) =>
      Number(m[1]),
    );
    const values = table.rows.map((r) => numericValue(r.cells[numericColumn(chartTable(table))!]!.value)!);
    expect(widths).toHaveLength(values.length);
    const longest = Math.max(...widths);
    for (const [i, v] of values.entries()) {
      // A zero still gets a hairline of 1.5 px.
      expect(widths[i]! / longest).toBeCloseTo(Math.max(v / Math.max(...values), 1.5 / longest), 2);
    }
  });

  it('one country’s row has no chart: one bar says nothing the text does not', async () => {
    expect((await run('market', { country: 'Australia' })).image).toBeUndefined();
  });
});

describe('any report’s numeric table gets its chart, with no code for that report', () => {
  it('the Indonesia nickel report’s /market gets a bar chart of its own figures', async () => {
    const nickel = createAnswerEngine(loadKnowledgeBase(fixture('second-report')));
    const reply = await run('market', {}, context({ engine: nickel }));
    expectValidPng(reply.image);
    const table = marketTable(nickel.kb)!;
    expect(table.title).not.toBe(marketTable(engine.kb)!.title);
    for (const figure of figures(table)) expect(reply.image!.description).toContain(figure);
  });

  it('every fixture report’s tables: a chart exactly for those with a numeric column', () => {
    const kb = loadKnowledgeBase(['cobalt-report', 'greenland-report', 'training-report'].map(fixture), {
      warn: () => {},
    });
    const charted = kb.tables.filter((t) => barChart(chartTable(t)) !== undefined);
    expect(charted.map((t) => t.title)).toEqual(
      kb.tables
        .filter((t) =>
          t.columns.some((_, c) => c > 0 && t.rows.every((r) => numericValue(r.cells[c]!.value) !== undefined)),
        )
        .map((t) => t.title),
    );
    expect(new Set(charted.map((t) => t.reportId)).size).toBe(3);
    for (const table of charted) {
      const image = toPng(barChart(chartTable(table))!);
      expectValidPng(image);
      for (const figure of figures(table)) expect(image!.description).toContain(figure);
    }
  });

  it('a table of words only has none', () => {
    const benefits = engine.kb.tables.find((t) => t.kind === 'list')!;
    expect(numericColumn(chartTable(benefits))).toBeUndefined();
    expect(barChart(chartTable(benefits))).toBeUndefined();
  });
});

describe('the /timeline image', () => {
  it('is a valid PNG whose alt text holds every date and event', async () => {
    const reply = await run('timeline');
    expectValidPng(reply.image);
    for (const entry of engine.kb.timeline) {
      expect(reply.image!.description).toContain(entry.label);
      expect(reply.image!.description).toContain(entry.event);
    }
    expect(reply.fields).toHaveLength(engine.kb.timeline.length);
  });

  it('for one month shows only that month', async () => {
    const entry = engine.kb.timeline[1]!;
    const reply = await run('timeline', { when: entry.label });
    expect(reply.image!.description).toContain(entry.label);
    for (const other of engine.kb.timeline.filter((e) => e.label !== entry.label))
      expect(reply.image!.description).not.toContain(other.label);
  });
});

describe('the /compare table image', () => {
  it('shades Low, Medium and High, and its alt text holds every value', async () => {
    const reply = await run('compare', { country: 'China', other: 'India' });
    expectValidPng(reply.image);
    for (const [label, a, b] of reply.table!.rows) {
      expect(reply.image!.description).toContain(`${label}: China ${a}, India ${b}`);
    }
    const cells = reply.table!.rows.flatMap((r) => r.slice(1));
    const chart = tableChart({ title: reply.title!, columns: reply.table!.columns, rows: reply.table!.rows })!;
    for (const level of ['low', 'medium', 'high'] as const) {
      const shaded = cells.filter((c) => levelOf(c) === level).length;
      // Each shaded cell, and the key's swatch when any cell has a level.
      const drawn = chart.svg.split(`fill="${LEVEL_SHADES[level].fill}" rx="3"`).length - 1;
      expect(drawn).toBe(shaded);
    }
    expect(cells.some((c) => levelOf(c) !== undefined)).toBe(true);
  });

  it('one country gets its profile as a table image', async () => {
    const reply = await run('compare', { country: 'Japan' });
    expectValidPng(reply.image);
    const japan = findEntity(engine.kb, 'Japan').match!;
    for (const { cell } of entityCells(japan))
      expect(reply.image!.description).toContain(`${cell.column}: Japan ${cell.value}`);
  });

  it('reads levels from the words, not from one report', () => {
    expect(['High', 'low', 'Moderate (Heavy REEs)', 'Medium', 'Advanced', 'Highland'].map(levelOf)).toEqual([
      'high',
      'low',
      'medium',
      'medium',
      undefined,
      undefined,
    ]);
  });
});

describe('drawing', () => {
  it('draws text with the font shipped in node_modules, whatever fonts the machine has', () => {
    const withText = toPng({
      name: 't.png',
      svg: document(480, 100, [text(20, 60, 'Market Share', { size: 40 })]),
      description: '',
    });
    const blank = toPng({ name: 't.png', svg: document(480, 100, []), description: '' });
    expect(inkedPixels(readPng(withText!.png))).toBeGreaterThan(500);
    expect(inkedPixels(readPng(blank!.png))).toBe(0);
  });

  it('keeps markup and bidi overrides in report text from breaking the picture or the alt text', () => {
    const chart = barChart({
      title: 'Shares <script>&amp; "quotes"',
      columns: ['Region', 'Share'],
      rows: [
        ['A & B <x>', '10'],
        ['\u202eevil\u202c', '5'],
      ],
    })!;
    expect(chart.svg).toContain('A &amp; B &lt;x&gt;');
    expect(chart.description).toContain('A & B <x> 10');
    expect(chart.description).toContain('evil 5');
    expect(chart.description).not.toMatch(/[\u202a-\u202e]/);
    expectValidPng(toPng(chart));
  });

  it('keeps alt text within Discord’s 1,024 characters for a long timeline', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      label: `Month ${i + 1}`,
      event: 'Something long happened '.repeat(3),
    }));
    const chart = timelineChart('Long', items)!;
    expect(chart.description.length).toBeLessThanOrEqual(1024);
    expectValidPng(toPng(chart));
  });
});

describe('the cache', () => {
  it('draws once per knowledge base, and again after a reload gives a new one', () => {
    let draws = 0;
    const draw = () => {
      draws++;
      return barChart(chartTable(marketTable(engine.kb)!));
    };
    const first = loadKnowledgeBase(KNOWLEDGE_DIR);
    const a = chartImage(first, 'bar', draw);
    const b = chartImage(first, 'bar', draw);
    expect(b).toBe(a);
    expect(draws).toBe(1);
    const reloaded = loadKnowledgeBase(KNOWLEDGE_DIR);
    const c = chartImage(reloaded, 'bar', draw);
    expect(draws).toBe(2);
    expect(c).not.toBe(a);
    expect(c!.description).toBe(a!.description);
  });

  it('remembers that there is nothing to draw', () => {
    let draws = 0;
    const version = {};
    chartImage(version, 'none', () => {
      draws++;
      return undefined;
    });
    expect(chartImage(version, 'none', () => barChart(chartTable(marketTable(engine.kb)!)))).toBeUndefined();
    expect(draws).toBe(1);
  });

  it('/market answers with the same image until the knowledge base changes', async () => {
    expect((await run('market')).image).toBe((await run('market')).image);
  });
});

describe('answers that show a table with numbers', () => {
  it('/ask gets the table’s bar chart, from whichever report the table is in', async () => {
    const both = createAnswerEngine(loadKnowledgeBase([KNOWLEDGE_DIR, fixture('second-report')]));
    const ctx = context({ engine: both });
    for (const report of both.kb.reports) {
      const table = report.tables.find((t) => barChart(chartTable(t)) !== undefined)!;
      const reply = await run('ask', { question: `Show the ${table.title}` }, ctx);
      expect(reply.table?.rows.map((r) => r[0])).toEqual(table.rows.map((r) => r.key));
      expectValidPng(reply.image);
      for (const figure of figures(table)) expect(reply.image!.description).toContain(figure);
    }
  });

  it('a sentence answer has no chart', async () => {
    const reply = await run('ask', { question: 'When was the KIA founded?' });
    expect(reply.table).toBeUndefined();
    expect(reply.image).toBeUndefined();
  });
});

describe('a chart that cannot be drawn', () => {
  it('is left out with a warning, and the reply keeps its text', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const broken = chartImage({}, 'broken', () => ({ name: 'x.png', svg: '<svg', description: '' }));
      expect(broken).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.some((w) => w.startsWith('chart broken not drawn'))).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
