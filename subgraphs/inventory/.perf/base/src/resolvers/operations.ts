import { badUserInput, connection, forbidden, notAuthenticated, pageArgs } from '@ucg/subgraph-kit';
import { materialTitle } from '../erp/master-data.ts';
import { createPurchaseOrder, type PurchaseOrderInputArgs } from '../purchasing/create-purchase-order.ts';
import type { InventoryContext } from './context.ts';

/** Staff only, with the scope; the gateway enforces `@requiresScopes`, the subgraph checks again. */
function requireStaff(ctx: InventoryContext, scope: string): string {
  const staff = ctx.request.staff;
  if (!staff) throw notAuthenticated('staff sign-in required');
  if (!staff.scopes.includes(scope)) throw forbidden(`needs the ${scope} scope`);
  return staff.subject;
}

export const operationResolvers = {
  Query: {
    lowStock: async (_: unknown, args: { first?: number | null; after?: string | null; locationId?: string | null }, ctx: InventoryContext) => {
      requireStaff(ctx, 'inventory:read');
      const page = pageArgs(args, { first: 50, max: 250 });
      const { runtime } = ctx;
      if (args.locationId && !(await runtime.directory.get()).byId.has(args.locationId)) throw badUserInput(`no location ${args.locationId}`, 'locationId');
      const rows = await runtime.lowStock.rows(args.locationId ?? undefined);
      const slice = rows.slice(page.offset, page.offset + page.first);
      const materials = await runtime.erp.materials.getMany([...new Set(slice.map((r) => r.sku))]);
      const nodes = slice.map((r) => {
        const material = materials.get(r.sku)?.value;
        return { ...r, title: material ? materialTitle(material, ctx.request.language) : r.sku };
      });
      return connection(nodes, page, rows.length);
    },
  },
  Mutation: {
    purchaseOrderCreate: async (_: unknown, { input }: { input: PurchaseOrderInputArgs }, ctx: InventoryContext) => {
      const subject = requireStaff(ctx, 'purchasing:write');
      const { runtime } = ctx;
      return createPurchaseOrder(
        { sap: runtime.sap, erp: runtime.erp, directory: runtime.directory, keys: runtime.keys, currency: runtime.config.ERP_PURCHASE_CURRENCY, fallbackPriceFactor: runtime.config.PO_FALLBACK_PRICE_FACTOR, logger: ctx.logger },
        input,
        subject,
      );
    },
  },
};
