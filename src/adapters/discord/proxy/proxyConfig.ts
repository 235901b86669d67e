/**
 * The shared REST proxy's settings (npm run proxy). It is its own process, so it reads only these,
 * not the bot's: it holds no token (each bot's Authorization header is passed through).
 */
import { readPort } from '../../../config.ts';

export interface ProxyConfig {
  port: number;
  /** 127.0.0.1 unless PROXY_HOST opens it: the proxy relays whatever token a caller sends. */
  host: string;
  /** Discord's API base without the version, e.g. https://discord.com/api. */
  upstream: string;
  logLevel: string;
}

export type ProxyConfigResult = { ok: true; config: ProxyConfig } | { ok: false; problems: string[] };

export const DEFAULT_PROXY_PORT = 8080;
export const DEFAULT_UPSTREAM = 'https://discord.com/api';

export function readProxyConfig(env: NodeJS.ProcessEnv): ProxyConfigResult {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const port =
    readPort('PROXY_PORT', value('PROXY_PORT') ?? String(DEFAULT_PROXY_PORT), problems) ?? DEFAULT_PROXY_PORT;
  const upstream = (value('PROXY_UPSTREAM_URL') ?? DEFAULT_UPSTREAM).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(upstream) || !URL.canParse(upstream))
    problems.push(`PROXY_UPSTREAM_URL must be an http(s) URL such as ${DEFAULT_UPSTREAM}.`);
  else if (/\/v\d+$/.test(upstream))
    problems.push(
      `PROXY_UPSTREAM_URL names the API without its version (${DEFAULT_UPSTREAM}); the version comes from each request.`,
    );
  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      port,
      // The proxy relays whatever token a caller sends: private unless the operator opens it.
      host: value('PROXY_HOST') ?? '127.0.0.1',
      upstream,
      logLevel,
    },
  };
}
