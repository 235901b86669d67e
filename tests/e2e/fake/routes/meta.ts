import type { Route, RouteContext } from './router.ts';
import { ok } from './router.ts';

/** Discovery endpoints a client calls at login: gateway URL, own user, own application. */
export function metaRoutes({ world, gatewayUrl, gatewayBot }: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/gateway/bot',
      // @discordjs/ws reads session_start_limit.max_concurrency to pace IDENTIFYs, and `shards` for auto sharding.
      handle: () => {
        const { shards, maxConcurrency } = gatewayBot?.() ?? { shards: 1, maxConcurrency: 1 };
        return ok({
          url: gatewayUrl(),
          shards,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 14_400_000,
            max_concurrency: maxConcurrency,
          },
        });
      },
    },
    { method: 'GET', path: '/gateway', auth: false, handle: () => ok({ url: gatewayUrl() }) },
    { method: 'GET', path: '/users/@me', handle: () => ok(world.botUser) },
    { method: 'GET', path: '/applications/@me', handle: () => ok(world.application) },
  ];
}
