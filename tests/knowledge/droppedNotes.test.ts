import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLiveEngine } from '../../src/answer/liveEngine.ts';
import { droppedNotes } from '../../src/knowledge/droppedNotes.ts';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';
import { KnowledgeReloader } from '../../src/reload/reloader.ts';

const SHIPPED = 'india-myanmar-rare-earths.txt';
const GREENLAND = new URL('../fixtures/greenland-report/greenland-rare-earths.txt', import.meta.url).pathname;
const HOTEL = {
  fields: { file: SHIPPED, reason: 'shares 4% of its words with the rest of the report' },
  message:
    'left out of india-myanmar-rare-earths.txt: “A cozy hotel Bjanka Kolasin for mountain lovers. Ski slopes, trekking trails…” (shares 4% of its words with the rest of the report)',
};

describe('what ingestion left out, as the log says it', () => {
  it('names the file, quotes the block and gives the reason', () => {
    expect(droppedNotes(loadKnowledgeBase())).toEqual([HOTEL]);
  });

  it('is logged on a reload for the reports it added or changed only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropped-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(KNOWLEDGE_DIR, SHIPPED), join(dir, SHIPPED));
    const logged: Array<{ fields: object; message: string }> = [];
    const reloader = new KnowledgeReloader({
      dir,
      engine: createLiveEngine(loadKnowledgeBase(dir)),
      load: () => loadKnowledgeBase(dir),
      logger: { info: (fields, message) => logged.push({ fields, message }), error: () => {} },
    });
    copyFileSync(GREENLAND, join(dir, 'greenland-rare-earths.txt'));
    reloader.reload();
    expect(logged.slice(1)).toEqual([
      {
        fields: {
          file: 'greenland-rare-earths.txt',
          reason: '3 kinds of sponsor cue: price "25% off", booking "reserve your", cookies "We use cookies"',
        },
        message:
          'left out of greenland-rare-earths.txt: “We use cookies to personalise content and analyse our traffic. By clicking…” (3 kinds of sponsor cue: price "25% off", booking "reserve your", cookies "We use cookies")',
      },
    ]);
  });
});
