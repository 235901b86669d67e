import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../../src/config.ts';

const KEY = 'a'.repeat(64);

describe('INTERACTIONS_PORT and DISCORD_PUBLIC_KEY', () => {
  it('are read together', () => {
    const r = readConfig({ INTERACTIONS_PORT: '8080', DISCORD_PUBLIC_KEY: KEY.toUpperCase() });
    expect(r.ok && r.config.interactions).toEqual({ port: 8080, publicKey: KEY });
    const none = readConfig({});
    expect(none.ok && none.config.interactions).toBeUndefined();
  });

  it('name what is wrong: one without the other, a bad port, a key that is not 32 bytes of hex', () => {
    const problems = (env: Record<string, string>) => {
      const r = readConfig(env);
      return r.ok ? [] : r.problems;
    };
    expect(problems({ INTERACTIONS_PORT: '8080' })).toEqual([
      "DISCORD_PUBLIC_KEY is needed with INTERACTIONS_PORT: without it the endpoint cannot check Discord's signatures.",
    ]);
    expect(problems({ DISCORD_PUBLIC_KEY: KEY })).toEqual([
      'INTERACTIONS_PORT is needed with DISCORD_PUBLIC_KEY: the port the interactions endpoint listens on.',
    ]);
    expect(problems({ INTERACTIONS_PORT: '70000', DISCORD_PUBLIC_KEY: KEY })).toEqual([
      'INTERACTIONS_PORT must be a port number from 1 to 65535, got "70000".',
    ]);
    expect(problems({ INTERACTIONS_PORT: '8080', DISCORD_PUBLIC_KEY: 'abc' })).toEqual([
      'DISCORD_PUBLIC_KEY must be the Public Key from General Information in the developer portal: 64 hexadecimal characters.',
    ]);
  });
});

describe('DISCORD_API_URL behind the REST proxy', () => {
  it('is the proxy address ending in /api, never with the version the client adds', () => {
    const proxied = readConfig({ DISCORD_API_URL: 'http://proxy.internal:8080/api' });
    expect(proxied.ok && proxied.config.apiUrl).toBe('http://proxy.internal:8080/api');
    const versioned = readConfig({ DISCORD_API_URL: 'http://proxy.internal:8080/api/v10' });
    expect(versioned.ok ? [] : versioned.problems).toEqual([
      'DISCORD_API_URL names the API without its version, such as https://discord.com/api or http://PROXY-HOST:8080/api.',
    ]);
  });
});
