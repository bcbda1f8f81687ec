import { badUserInput, forbidden, notAuthenticated } from '@ucg/subgraph-kit';
import type { CustomersContext } from '../context.ts';
import { isPlausibleEmail, normaliseEmail } from '../email.ts';
import type { ErasureRecord } from '../privacy/erasure-requests.ts';
import type { SystemExport } from '../privacy/export.ts';

/**
 * Privacy operations are for staff holding the scope. The gateway enforces `@requiresScopes`; this
 * check keeps a subgraph reached some other way from answering anyone else.
 */
function requireStaffScope(ctx: CustomersContext, scope: 'privacy:read' | 'privacy:erase'): string {
  const staff = ctx.request.staff;
  if (!staff) throw ctx.request.customer || ctx.request.partner ? forbidden(`needs a staff token with the ${scope} scope`) : notAuthenticated();
  if (!staff.scopes.includes(scope)) throw forbidden(`needs a staff token with the ${scope} scope`);
  return staff.subject;
}

function erasureNode(record: ErasureRecord) {
  return {
    id: record.id,
    status: record.status,
    systems: record.systems.map((s) => ({ system: s.system, status: s.status, detail: s.detail, code: s.code })),
    requestedAt: record.requestedAt,
    completedAt: record.completedAt,
  };
}

export const privacyResolvers = {
  Query: {
    customerDataExport: (_: unknown, args: { email: string }, ctx: CustomersContext) => {
      requireStaffScope(ctx, 'privacy:read');
      if (!isPlausibleEmail(args.email)) throw badUserInput('`email` is not an e-mail address', 'email');
      ctx.logger.info({ staff: ctx.request.staff?.subject }, 'customer data export requested');
      return ctx.privacy.exportData(normaliseEmail(args.email), ctx.logger);
    },
    customerErasureRequest: async (_: unknown, args: { id: string }, ctx: CustomersContext) => {
      requireStaffScope(ctx, 'privacy:read');
      const record = await ctx.privacy.request(args.id);
      return record ? erasureNode(record) : null;
    },
  },
  Mutation: {
    customerErase: async (_: unknown, args: { email: string }, ctx: CustomersContext) => {
      const staff = requireStaffScope(ctx, 'privacy:erase');
      if (!isPlausibleEmail(args.email)) {
        return { request: null, userErrors: [{ code: 'CUSTOMER_INVALID_EMAIL', field: ['email'], message: '`email` is not an e-mail address' }] };
      }
      const record = await ctx.privacy.erase(normaliseEmail(args.email), staff, ctx.logger);
      return { request: erasureNode(record), userErrors: [] };
    },
  },
  SystemRecordCount: {
    /** Throws what made the system unreadable: the entry stays, its count is null, the error names the system. */
    recordCount: (s: SystemExport) => {
      if (!s.result) throw s.error;
      return s.result.recordCount;
    },
  },
};
