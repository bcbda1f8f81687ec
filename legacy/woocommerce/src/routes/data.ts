import type { FastifyInstance } from 'fastify';
import { currencySymbols } from '../format.ts';
import { api } from '../render.ts';
import { home, type RouteContext } from './context.ts';

const names: Record<string, string> = { USD: 'United States (US) dollar', EUR: 'Euro', GBP: 'Pound sterling' };

/** `GET data/currencies/current`: the shop's base currency (what product prices are in). */
export function registerDataRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/wp-json/wc/v3/data/currencies/current', async (request) => {
    const code = ctx.store().currency;
    const h = home(ctx, request);
    return {
      code,
      name: names[code] ?? code,
      symbol: (currencySymbols[code] ?? code).replace(/[^\x20-\x7e]/g, (c) => `&#${c.codePointAt(0)};`).replace('$', '&#36;'),
      _links: { self: [{ href: api(h, `data/currencies/${code}`) }], collection: [{ href: api(h, 'data/currencies') }] },
    };
  });
}
