/**
 * Page buttons carry everything needed to serve them in their custom id, so a restart
 * loses nothing and no per-message state is kept: which command and key rebuild the
 * page, which page, who may press, and until when (seconds since the epoch).
 */
export interface PagerId {
  command: string;
  key: string;
  page: number;
  owner: string;
  expiresAt: number;
}

const PREFIX = 'pg';

export function encodePager(p: PagerId): string {
  return [PREFIX, p.command, p.key, p.page, p.owner, Math.floor(p.expiresAt / 1000)].join('|').slice(0, 100);
}

export function decodePager(customId: string): PagerId | undefined {
  const parts = customId.split('|');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [, command, key, page, owner, expires] = parts as [string, string, string, string, string, string];
  if (!/^\d+$/.test(page) || !/^\d+$/.test(expires)) return undefined;
  return { command, key, page: Number(page), owner, expiresAt: Number(expires) * 1000 };
}
