import { SnowflakeUtil } from 'discord.js';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  callbackDeadline,
  REQUEST_BUDGET_MS,
  REST_CONNECTIONS,
  RETRY_DELAYS_MS,
  rejectsRateLimit,
  restOptions,
  retryDelay,
  unreachableApi,
} from '../../../src/adapters/discord/restPolicy.ts';

const clickedAt = 1_796_000_000_000;
const id = SnowflakeUtil.generate({ timestamp: clickedAt }).toString();
const callback = `https://discord.com/api/v10/interactions/${id}/tok/callback?with_response=false`;

describe('REST retry policy', () => {
  it('an interaction callback must land within 3 s of the click, which its id records', () => {
    expect(callbackDeadline(callback)).toBe(clickedAt + 3_000);
    expect(callbackDeadline('https://discord.com/api/v10/channels/1/messages')).toBeUndefined();
    expect(callbackDeadline(`https://discord.com/api/v10/webhooks/1/tok/messages/@original`)).toBeUndefined();
  });

  it('pauses grow, are bounded, and end after three retries', () => {
    expect(RETRY_DELAYS_MS.map((_, attempt) => retryDelay(attempt, 0, undefined))).toEqual([...RETRY_DELAYS_MS]);
    expect(retryDelay(RETRY_DELAYS_MS.length, 0, undefined)).toBeUndefined();
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) * 1.2).toBeLessThan(REQUEST_BUDGET_MS);
  });

  it('no retry that would land after the deadline', () => {
    const deadline = clickedAt + 3_000;
    expect(retryDelay(1, clickedAt + 300, deadline)).toBe(1_000);
    expect(retryDelay(1, clickedAt + 1_900, deadline)).toBeUndefined();
    expect(retryDelay(2, clickedAt + 1_300, deadline)).toBeUndefined();
  });

  it('a 429 on a callback is given up at once only when its wait outlasts the window', () => {
    expect(rejectsRateLimit({ url: callback, retryAfter: 5_000 }, clickedAt + 100)).toBe(true);
    expect(rejectsRateLimit({ url: callback, retryAfter: 500 }, clickedAt + 100)).toBe(false);
    expect(rejectsRateLimit({ url: 'https://discord.com/api/v10/channels/1/messages', retryAfter: 60_000 })).toBe(
      false,
    );
  });
});

describe('an unreachable API address', () => {
  const api = 'http://10.0.0.1:81/api';

  it('names DISCORD_API_URL and the address, and what went wrong', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:81'), { code: 'ECONNREFUSED' });
    const silent = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(unreachableApi(refused, api)?.message).toBe(
      "Discord's API at http://10.0.0.1:81/api (DISCORD_API_URL) is unreachable: the connection was refused; check the address.",
    );
    expect(unreachableApi(silent, api)?.message).toBe(
      "Discord's API at http://10.0.0.1:81/api (DISCORD_API_URL) did not answer within 10 s; check the address.",
    );
  });

  it('leaves other errors alone', () => {
    expect(unreachableApi(new Error('An invalid token was provided.'), api)).toBeUndefined();
  });
});

describe('the connection pool', () => {
  it('is one undici Agent for every REST client of the process, capped', () => {
    const first = restOptions('http://127.0.0.1:1/api').agent;
    const second = restOptions('http://127.0.0.1:2/api').agent;
    expect(first).toBeInstanceOf(Agent);
    expect(second).toBe(first);
    expect(REST_CONNECTIONS).toBeGreaterThan(0);
  });
});
