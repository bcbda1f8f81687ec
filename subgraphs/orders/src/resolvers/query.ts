import { badUserInput, forbidden } from '@ucg/subgraph-kit';
import type { OrdersContext } from '../context.ts';
import { staffHas } from '../context.ts';
import { emailsMatch, fromSalesOrder, type OrderView } from '../model.ts';
import { normaliseOrderNumber, sourceOfNumber } from '../numbers.ts';

const MAX_PARTNER_NUMBERS = 100;
const DAY = 86_400_000;

export const queryResolvers = {
  Query: {
    /**
     * Guest look-up: the number says which one system to ask; the order is returned only if it was
     * placed with this email (case-insensitively). A wrong email and an unknown number both answer
     * null, so the answer never hints that a number exists.
     */
    async order(_: unknown, args: { number: string; email: string }, ctx: OrdersContext): Promise<OrderView | null> {
      if (args.number.length > 64 || args.email.length > 320) throw badUserInput('number or email is too long');
      if (!sourceOfNumber(args.number, ctx.services.config.MARKETPLACE_ORDER_NUMBER_FLOOR)) return null;
      const order = await ctx.loaders.orders.load(args.number);
      return order && emailsMatch(order.email, args.email) ? order : null;
    },

    /**
     * The calling partner's own orders among `numbers`: ERP sales orders sold to the partner
     * company's ERP account, read with that account in the filter, so others' orders never leave
     * the ERP. Numbers of other systems or other accounts are simply absent.
     */
    async partnerOrders(_: unknown, args: { numbers: string[] }, ctx: OrdersContext): Promise<OrderView[]> {
      if (args.numbers.length > MAX_PARTNER_NUMBERS) throw badUserInput(`at most ${MAX_PARTNER_NUMBERS} numbers per request`, 'numbers');
      const partner = ctx.request.partner;
      if (!partner) return [];
      const floor = ctx.services.config.MARKETPLACE_ORDER_NUMBER_FLOOR;
      const wanted = [...new Set(args.numbers.map(normaliseOrderNumber))].filter((n) => sourceOfNumber(n, floor) === 'erp');
      if (wanted.length === 0) return [];
      const account = await ctx.services.partners.erpCustomerFor(partner.companyId);
      if (!account) return [];
      const found = (await ctx.services.systems.erp.salesOrders({ soldToParty: account, numbers: wanted })).filter((o) => o.soldToParty === account);
      const byNumber = new Map(found.map((o) => [o.number, fromSalesOrder(o)]));
      return wanted.flatMap((n) => byNumber.get(n) ?? []);
    },

    async fulfillmentBoard(_: unknown, __: unknown, ctx: OrdersContext) {
      if (!staffHas(ctx.request, 'fulfillment:read')) throw forbidden('the fulfilment board needs the fulfillment:read scope');
      return ctx.services.board.rows();
    },

    async orderDeliveryFailures(_: unknown, __: unknown, ctx: OrdersContext) {
      if (!staffHas(ctx.request, 'fulfillment:read')) throw forbidden('delivery failures need the fulfillment:read scope');
      const letters = await ctx.services.deliveries.deadLetters();
      return letters.map((l) => ({ orderNumber: l.number, system: l.target, code: l.error?.code ?? 'UNKNOWN', message: l.error?.message ?? '', attempts: l.attempts, failedAt: l.at }));
    },

    async salesSummary(_: unknown, args: { from: string; to: string; currencyCode?: string | null }, ctx: OrdersContext) {
      if (!staffHas(ctx.request, 'reports:read')) throw forbidden('sales reports need the reports:read scope');
      const from = new Date(args.from);
      const to = new Date(args.to);
      if (!(from < to)) throw badUserInput('`from` must be before `to`', 'from');
      const maxDays = ctx.services.config.SALES_MAX_PERIOD_DAYS;
      if (to.getTime() - from.getTime() > maxDays * DAY) throw badUserInput(`a sales summary covers at most ${maxDays} days`, 'to');
      return ctx.services.sales.summary(from, to, args.currencyCode ?? 'USD');
    },
  },
};
