import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_UPSTREAM, readProxyConfig } from '../../../../src/adapters/discord/proxy/proxyConfig.ts';
import { type RestProxy, startRestProxy } from '../../../../src/adapters/discord/proxy/restProxy.ts';
import { createLogger } from '../../../../src/logger.ts';
import { FakeDiscord } from '../../../e2e/fake/index.ts';

const silent = createLogger('silent');
let proxy: RestProxy | undefined;
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await proxy?.close();
  await fake?.close();
  proxy = fake = undefined;
});

describe('npm run proxy settings', () => {
  it('default to port 8080 in front of Discord', () => {
    expect(readProxyConfig({})).toEqual({
      ok: true,
      config: { port: 8080, host: '127.0.0.1', upstream: DEFAULT_UPSTREAM, logLevel: 'info' },
    });
    const set = readProxyConfig({
      PROXY_PORT: '9000',
      PROXY_UPSTREAM_URL: 'http://127.0.0.1:5/api/',
      PROXY_HOST: '10.0.0.2',
    });
    expect(set.ok && set.config).toMatchObject({ port: 9000, upstream: 'http://127.0.0.1:5/api', host: '10.0.0.2' });
  });

  it('name what is wrong, including an upstream that carries the API version', () => {
    const problems = (env: Record<string, string>) => {
      const r = readProxyConfig(env);
      return r.ok ? [] : r.problems;
    };
    expect(problems({ PROXY_PORT: 'eighty' })).toEqual([
      'PROXY_PORT must be a port number from 1 to 65535, got "eighty".',
    ]);
    expect(problems({ PROXY_UPSTREAM_URL: 'discord.com' })).toEqual([
      `PROXY_UPSTREAM_URL must be an http(s) URL such as ${DEFAULT_UPSTREAM}.`,
    ]);
    expect(problems({ PROXY_UPSTREAM_URL: 'https://discord.com/api/v10' })[0]).toMatch(/without its version/);
  });
});

describe('the REST proxy', () => {
  it('forwards /api/v10/… to the upstream with the caller’s own Authorization, and says what it serves elsewhere', async () => {
    fake = await FakeDiscord.start({ token: 'proxy-test-token-0123456789' });
    proxy = await startRestProxy({ port: 0, host: '127.0.0.1', upstream: fake.apiUrl, logger: silent });

    const ok = await fetch(`${proxy.apiUrl}/v10/gateway/bot`, {
      headers: { authorization: 'Bot proxy-test-token-0123456789' },
    });
    const refused = await fetch(`${proxy.apiUrl}/v10/gateway/bot`, { headers: { authorization: 'Bot wrong' } });
    const elsewhere = await fetch(`http://127.0.0.1:${proxy.port}/v10/gateway/bot`);

    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { url: string }).url).toBe(fake.gatewayUrl);
    expect(refused.status).toBe(401);
    expect(elsewhere.status).toBe(404);
    expect(((await elsewhere.json()) as { message: string }).message).toMatch(
      /set DISCORD_API_URL to http:\/\/HOST:PORT\/api/,
    );
    expect(fake.requests.map((r) => r.path)).toEqual(['/gateway/bot', '/gateway/bot']);
  });

  it('answers 502 when the upstream is unreachable, not an empty 200', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    proxy = await startRestProxy({
      port: 0,
      host: '127.0.0.1',
      upstream: `http://127.0.0.1:${port}/api`,
      logger: silent,
    });

    const response = await fetch(`${proxy.apiUrl}/v10/gateway/bot`);

    expect(response.status).toBe(502);
  });
});
