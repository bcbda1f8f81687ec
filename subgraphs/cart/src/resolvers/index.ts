import { multiplyMoney } from '@ucg/connector-core';
import { customerIdForEmail } from '@ucg/request-context';
import { connection, pageArgs, type SubgraphContext } from '@ucg/subgraph-kit';
import type { CheckoutInput, CheckoutService } from '../checkout/checkout-service.ts';
import type { CartLoaders } from '../loaders/index.ts';
import { type CartLineRecord, type CartRecord, totalQuantity } from '../model/cart.ts';
import type { CartMergeStrategy } from '../model/merge.ts';
import { type Requester, visibleTo } from '../services/access.ts';
import type { CartService, MutationResult } from '../services/cart-service.ts';
import { cartProblems, linePrice, viewTotals } from '../services/cart-view.ts';
import type { LineInput, LineUpdate } from '../services/line-edits.ts';

export interface CartContext extends SubgraphContext {
  carts: CartService;
  checkout: CheckoutService;
  loaders: CartLoaders;
  requester: Requester;
  clock: () => number;
}

/** A line as its resolvers see it: with its cart, for prices in the cart's currency. */
type LineParent = CartLineRecord & { cart: CartRecord };

async function visibleCart(ctx: CartContext, id: string): Promise<CartRecord | null> {
  const cart = await ctx.loaders.cart.load(id);
  return visibleTo(cart, ctx.requester, ctx.clock()) ? cart : null;
}

/** Payloads show the cart only to whom may see it (a completed cart is shown with its final state). */
function payload(ctx: CartContext, result: MutationResult) {
  return { ...result, cart: result.cart && visibleTo(result.cart, ctx.requester, ctx.clock()) ? result.cart : null };
}

export const resolvers = {
  Query: {
    cart: (_: unknown, { id }: { id: string }, ctx: CartContext) => visibleCart(ctx, id),
  },
  Mutation: {
    cartCreate: async (_: unknown, { input }: { input: { countryCode?: string | null; lines?: LineInput[] | null; idempotencyKey?: string | null } }, ctx: CartContext) =>
      payload(ctx, await ctx.carts.create(ctx.requester, input)),
    cartLinesAdd: async (_: unknown, args: { cartId: string; lines: LineInput[] }, ctx: CartContext) => payload(ctx, await ctx.carts.linesAdd(args.cartId, ctx.requester, args.lines)),
    cartLinesUpdate: async (_: unknown, args: { cartId: string; lines: LineUpdate[] }, ctx: CartContext) => payload(ctx, await ctx.carts.linesUpdate(args.cartId, ctx.requester, args.lines)),
    cartLinesRemove: async (_: unknown, args: { cartId: string; lineIds: string[] }, ctx: CartContext) => payload(ctx, await ctx.carts.linesRemove(args.cartId, ctx.requester, args.lineIds)),
    cartFulfillmentSet: async (_: unknown, args: { cartId: string; lineIds: string[]; mode: 'SHIPPING' | 'PICKUP'; locationId?: string | null }, ctx: CartContext) =>
      payload(ctx, await ctx.carts.fulfillmentSet(args.cartId, ctx.requester, args.lineIds, args.mode, args.locationId ?? null)),
    cartBuyerIdentityUpdate: async (_: unknown, args: { cartId: string; countryCode?: string | null; mergeStrategy?: CartMergeStrategy | null }, ctx: CartContext) =>
      payload(ctx, await ctx.carts.buyerIdentityUpdate(args.cartId, ctx.requester, args.countryCode ?? null, args.mergeStrategy ?? 'SUM')),
    checkoutComplete: (_: unknown, args: CheckoutInput, ctx: CartContext) => ctx.checkout.complete(args, ctx.requester),
  },
  Cart: {
    __resolveReference: (ref: { id: string }, ctx: CartContext) => visibleCart(ctx, ref.id),
    totalQuantity: (cart: CartRecord) => totalQuantity(cart),
    buyer: (cart: CartRecord) => ({
      customer: cart.buyerEmail ? { __typename: 'Customer', id: customerIdForEmail(cart.buyerEmail) } : null,
      countryCode: cart.countryCode,
    }),
    lines: (cart: CartRecord, args: { first?: number; after?: string }) => {
      const page = pageArgs(args, { first: 100, max: 250 });
      const nodes: LineParent[] = cart.lines.slice(page.offset, page.offset + page.first).map((l) => ({ ...l, cart }));
      return connection(nodes, page, cart.lines.length);
    },
    cost: async (cart: CartRecord, _: unknown, ctx: CartContext) => {
      const totals = await viewTotals(ctx.loaders, cart);
      return { subtotalAmount: totals.subtotal, totalTaxAmount: totals.tax, totalAmount: totals.total };
    },
    problems: (cart: CartRecord, _: unknown, ctx: CartContext) => cartProblems(ctx.loaders, cart, ctx.clock()),
  },
  CartLine: {
    variant: (line: LineParent) => ({ sku: line.sku }),
    fulfillment: (line: LineParent) => ({ mode: line.fulfillment.mode, location: line.fulfillment.locationId ? { id: line.fulfillment.locationId } : null }),
    cost: async (line: LineParent, _: unknown, ctx: CartContext) => {
      const { unit } = await linePrice(ctx.loaders, line.cart, line);
      return { amountPerQuantity: unit, totalAmount: multiplyMoney(unit, line.quantity) };
    },
  },
  Customer: {
    __resolveReference: (ref: { id: string; email?: string }) => ref,
    /** Only the signed-in customer's own cart: the email comes from the customers subgraph, the identity from the token. */
    activeCart: async (customer: { id: string; email?: string }, _: unknown, ctx: CartContext) => {
      const email = ctx.requester.email;
      if (!email || customer.email?.trim().toLowerCase() !== email || customerIdForEmail(email) !== customer.id) return null;
      return ctx.carts.activeCart(email);
    },
  },
};
