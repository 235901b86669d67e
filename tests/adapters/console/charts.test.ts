import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { chartsOption } from '../../../src/adapters/console/charts.ts';
import { executeLine } from '../../../src/adapters/console/console.ts';
import { readPng } from '../../charts/png.ts';
import { childEnv, nodeTsx, runChild, tempDir } from '../../e2e/child.ts';
import { engine } from '../../helpers.ts';

const PROCESS_MS = 30_000;
const dataDir = tempDir();
const chartsDir = tempDir();
afterAll(() => {
  dataDir.remove();
  chartsDir.remove();
});

describe('charts in the console', () => {
  it('a line’s outcome carries the reply’s chart, and the text is printed as before', async () => {
    const outcome = await executeLine('/market', { engine, commands, services: {} });
    expect(outcome.kind).toBe('reply');
    if (outcome.kind !== 'reply') return;
    expect(outcome.images.map((i) => i.name)).toEqual([expect.stringMatching(/\.png$/)]);
    expect(outcome.text).not.toContain('.png');
    const benefits = await executeLine('/benefits', { engine, commands, services: {} });
    expect(benefits.kind === 'reply' && benefits.images).toEqual([]);
  });

  it('--charts DIR is taken out of the arguments, and needs a folder', () => {
    expect(chartsOption(['--execute', '/market', '--charts', 'out'])).toEqual({
      dir: 'out',
      rest: ['--execute', '/market'],
    });
    expect(chartsOption(['--execute', '/market'])).toEqual({ rest: ['--execute', '/market'] });
    expect(chartsOption(['--execute', '/market', '--charts']).problem).toMatch(/--charts needs a folder/);
  });

  it(
    'npm start -- --execute "/market" --charts DIR writes the PNG there and says so',
    async () => {
      const env = childEnv({ DATA_DIR: dataDir.path, LOG_LEVEL: 'silent' });
      const run = await runChild(
        ...nodeTsx('src/main.ts', '--execute', '/market', '--charts', chartsDir.path),
        env,
        PROCESS_MS,
      );
      expect([run.code, run.stderr]).toEqual([0, '']);
      const written = readdirSync(chartsDir.path);
      expect(written).toHaveLength(1);
      const path = join(chartsDir.path, written[0]!);
      expect(run.stdout).toContain(`chart written: ${path}`);
      expect(readPng(readFileSync(path)).width).toBeGreaterThan(0);
      const missing = await runChild(...nodeTsx('src/main.ts', '--execute', '/market', '--charts'), env, PROCESS_MS);
      expect([missing.code, missing.stdout]).toEqual([2, '']);
      expect(missing.stderr).toContain('--charts needs a folder');
    },
    PROCESS_MS * 2,
  );
});
