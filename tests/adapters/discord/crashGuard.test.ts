import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardProcess } from '../../../src/adapters/discord/crashGuard.ts';
import { createLogger } from '../../../src/logger.ts';

describe('the process guard', () => {
  it('logs an escaped error with the gateway event being handled, and is removed on uninstall', () => {
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const target = new EventEmitter();

    const uninstall = guardProcess(target, logger, () => ({ type: 'INTERACTION_CREATE', id: '123456789012345678' }));
    target.emit('unhandledRejection', new TypeError("Cannot read properties of undefined (reading 'id')"));
    target.emit('uncaughtException', new Error('boom'));

    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        level: 50,
        event: { type: 'INTERACTION_CREATE', id: '123456789012345678' },
        err: expect.objectContaining({ type: 'TypeError' }),
      }),
      expect.objectContaining({ level: 50, err: expect.objectContaining({ message: 'boom' }) }),
    ]);
    uninstall();
    expect(target.listenerCount('unhandledRejection') + target.listenerCount('uncaughtException')).toBe(0);
  });
});
