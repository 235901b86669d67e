import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';

describe('LLM_* settings', () => {
  it('leave generated answers off when LLM_BASE_URL is unset', () => {
    const r = readConfig({});
    expect(r.ok && r.config.llm).toBeUndefined();
  });

  it('read the server, model, key, timeout and concurrency, with defaults', () => {
    const r = readConfig({ LLM_BASE_URL: 'http://localhost:11434/v1/', LLM_MODEL: 'llama3.1:8b' });
    expect(r.ok && r.config.llm).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.1:8b',
      timeoutMs: 8000,
      concurrency: 2,
    });
    const full = readConfig({
      LLM_BASE_URL: 'https://api.example/v1',
      LLM_MODEL: 'm',
      LLM_API_KEY: 'sk-secret-value-1',
      LLM_TIMEOUT_MS: '3000',
      LLM_CONCURRENCY: '4',
    });
    expect(full.ok && full.config.llm).toMatchObject({ apiKey: 'sk-secret-value-1', timeoutMs: 3000, concurrency: 4 });
  });

  it('name each problem, never repeating the key', () => {
    const r = readConfig({
      LLM_BASE_URL: 'localhost',
      LLM_TIMEOUT_MS: '10',
      LLM_CONCURRENCY: 'many',
      LLM_API_KEY: 'sk-secret-value-1',
    });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems.join('\n')).toMatch(/LLM_BASE_URL/);
    expect(problems.join('\n')).toMatch(/LLM_MODEL is needed/);
    expect(problems.join('\n')).toMatch(/LLM_TIMEOUT_MS/);
    expect(problems.join('\n')).toMatch(/LLM_CONCURRENCY/);
    expect(problems.join('\n')).not.toContain('sk-secret-value-1');
    const stray = readConfig({ LLM_MODEL: 'm' });
    expect(stray.ok ? [] : stray.problems).toEqual([
      "LLM_MODEL set without LLM_BASE_URL: generated answers need the server's URL.",
    ]);
  });

  it('the key is redacted from logs', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk;
        done();
      },
    });
    const r = readConfig({ LLM_BASE_URL: 'http://h/v1', LLM_MODEL: 'm', LLM_API_KEY: 'sk-secret-value-1' });
    createLogger('info', sink).info({ config: r.ok ? r.config : {} }, 'started');
    expect(out).toContain('http://h/v1');
    expect(out).not.toContain('sk-secret-value-1');
  });
});
