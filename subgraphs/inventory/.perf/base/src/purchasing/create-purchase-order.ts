import type { PurchaseOrderRecord } from '@ucg/connector-core';
import type { SapConnector } from '@ucg/connector-sap';
import type { Logger } from '@ucg/service-kit';
import type { ErpMasterData, MaterialInfo } from '../erp/master-data.ts';
import type { LocationDirectory } from '../locations/directory.ts';
import { fingerprintOf, type IdempotencyKeys, type ClaimOutcome } from './idempotency.ts';
import { sourceLines } from './sourcing.ts';

export interface PurchaseOrderInputArgs {
  supplierId?: string | null;
  locationId?: string | null;
  lines: { sku: string; quantity: number }[];
  idempotencyKey?: string | null;
}

export interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

export interface PurchaseOrderView {
  number: string;
  status: 'OPEN' | 'RECEIVED' | 'CANCELLED';
  supplier: string;
  createdAt: string;
  lines: { sku: string; quantity: number }[];
}

export interface PurchaseOrderPayload {
  purchaseOrder: PurchaseOrderView | null;
  userErrors: UserError[];
}

export interface PurchasingDeps {
  sap: SapConnector;
  erp: ErpMasterData;
  directory: LocationDirectory;
  keys: IdempotencyKeys;
  currency: string;
  fallbackPriceFactor: number;
  logger: Logger;
}

const MAX_LINES = 200;
const MAX_QUANTITY = 1_000_000;
/** Keys the client gave are remembered 30 days; without one, the same request by the same person within 10 minutes is a retry. */
const CLIENT_KEY_RETAIN_MS = 30 * 24 * 3600_000;
const DERIVED_KEY_RETAIN_MS = 10 * 60_000;
const BUSY_WAIT_MS = 15_000;

const failed = (...userErrors: UserError[]): PurchaseOrderPayload => ({ purchaseOrder: null, userErrors });
const err = (code: string, field: (string | number)[], message: string): UserError => ({ code, field: field.map(String), message });

function validate(input: PurchaseOrderInputArgs): UserError[] {
  const errors: UserError[] = [];
  if (input.lines.length === 0) errors.push(err('INV_NO_LINES', ['input', 'lines'], 'a purchase order needs at least one line'));
  if (input.lines.length > MAX_LINES) errors.push(err('INV_TOO_MANY_LINES', ['input', 'lines'], `at most ${MAX_LINES} lines per purchase order`));
  input.lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0 || line.quantity > MAX_QUANTITY) {
      errors.push(err('INV_INVALID_QUANTITY', ['input', 'lines', i, 'quantity'], `quantity must be a whole number from 1 to ${MAX_QUANTITY}, not ${line.quantity}`));
    }
    if (!line.sku.trim()) errors.push(err('INV_UNKNOWN_SKU', ['input', 'lines', i, 'sku'], 'SKU is empty'));
  });
  if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && (input.idempotencyKey.length === 0 || input.idempotencyKey.length > 255)) {
    errors.push(err('INV_INVALID_IDEMPOTENCY_KEY', ['input', 'idempotencyKey'], 'idempotencyKey must be 1–255 characters'));
  }
  return errors;
}

export function toView(record: PurchaseOrderRecord, supplierName: string | null): PurchaseOrderView {
  return {
    number: record.number,
    status: record.status,
    supplier: supplierName ?? record.supplier,
    createdAt: record.createdAt ?? new Date().toISOString(),
    lines: record.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  };
}

/**
 * Raises a purchase order in the ERP (one per call), idempotently by key: the same key with the
 * same request returns the order it raised; with a different request it is refused. Expected
 * failures are userErrors (`INV_UNKNOWN_SKU`, `INV_INVALID_QUANTITY`, …); an unreachable ERP is a
 * GraphQL error naming the system.
 */
export async function createPurchaseOrder(deps: PurchasingDeps, input: PurchaseOrderInputArgs, requester: string): Promise<PurchaseOrderPayload> {
  const invalid = validate(input);
  if (invalid.length) return failed(...invalid);

  const directory = await deps.directory.get();
  let plant: string | undefined;
  if (input.locationId) {
    const location = directory.byId.get(input.locationId);
    if (!location || location.system !== 'erp') return failed(err('INV_INVALID_LOCATION', ['input', 'locationId'], `${input.locationId} is not an ERP plant that receives purchase orders`));
    plant = location.nativeId;
  }

  const request = { supplierId: input.supplierId ?? null, locationId: input.locationId ?? null, lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) };
  const fingerprint = fingerprintOf(request);
  const key = input.idempotencyKey ?? `auto:${requester}:${fingerprint}`;
  const retain = { retainMs: input.idempotencyKey ? CLIENT_KEY_RETAIN_MS : DERIVED_KEY_RETAIN_MS };
  let claim: ClaimOutcome = await deps.keys.claim(key, fingerprint, retain);
  if (claim.kind === 'busy') claim = await deps.keys.waitForDone(key, fingerprint, retain, BUSY_WAIT_MS);
  if (claim.kind === 'mismatch') return failed(err('INV_IDEMPOTENCY_KEY_REUSED', ['input', 'idempotencyKey'], 'this idempotencyKey was used for a different purchase order'));
  if (claim.kind === 'busy') return failed(err('INV_REQUEST_IN_PROGRESS', ['input', 'idempotencyKey'], 'a purchase order with this idempotencyKey is still being raised; retry shortly'));
  if (claim.kind === 'done') return existingOrder(deps, claim.number);

  let raising = false;
  try {
    const skus = [...new Set(request.lines.map((l) => l.sku))];
    const found = await deps.erp.materials.getMany(skus);
    const materials = new Map<string, MaterialInfo>();
    const unknown: UserError[] = [];
    request.lines.forEach((line, i) => {
      const m = found.get(line.sku)?.value;
      if (!m || m.kind === 'GENERIC') unknown.push(err('INV_UNKNOWN_SKU', ['input', 'lines', i, 'sku'], `the ERP has no stocked material ${line.sku}`));
      else materials.set(line.sku, m);
    });
    if (unknown.length) return await released(deps, key, failed(...unknown));

    if (request.supplierId && !(await deps.erp.supplierNames.get(request.supplierId)).value) {
      return await released(deps, key, failed(err('INV_UNKNOWN_SUPPLIER', ['input', 'supplierId'], `the ERP has no supplier ${request.supplierId}`)));
    }
    const sourcing = await sourceLines(deps, skus, materials, request.supplierId);
    const suppliers = new Set([...sourcing.values()].map((s) => s.supplier));
    if (suppliers.has(null)) {
      const skusWithout = skus.filter((s) => !sourcing.get(s)!.supplier);
      return await released(deps, key, failed(err('INV_SUPPLIER_REQUIRED', ['input', 'supplierId'], `the ERP has never bought ${skusWithout.join(', ')}; give a supplierId`)));
    }
    if (suppliers.size > 1) {
      return await released(deps, key, failed(err('INV_MULTIPLE_SUPPLIERS', ['input', 'supplierId'], `these SKUs come from ${suppliers.size} suppliers; raise one purchase order per supplier or give a supplierId`)));
    }
    const unpriced = skus.filter((s) => !sourcing.get(s)!.netPrice);
    if (unpriced.length) return await released(deps, key, failed(err('INV_PRICE_UNKNOWN', ['input', 'lines'], `no purchase or list price for ${unpriced.join(', ')}`)));

    const supplier = [...suppliers][0]!;
    raising = true;
    const record = await deps.sap.createPurchaseOrder({
      supplier,
      currency: deps.currency,
      ...(plant ? { locationNativeId: plant } : {}),
      lines: request.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, netPrice: sourcing.get(l.sku)!.netPrice! })),
    });
    await deps.keys.finish(key, fingerprint, record.number, retain);
    deps.logger.info({ system: 'erp', purchaseOrder: record.number, supplier, lines: record.lines.length, requester }, 'purchase order raised');
    const name = (await deps.erp.supplierNames.get(supplier).catch(() => null))?.value ?? null;
    return { purchaseOrder: toView(record, name), userErrors: [] };
  } catch (error) {
    // Before the ERP call nothing was raised: free the key. After it, the ERP may have raised the
    // order without answering, so the claim stays until it lapses rather than risk a second order.
    if (!raising) await deps.keys.release(key).catch(() => undefined);
    throw error;
  }
}

async function released(deps: PurchasingDeps, key: string, payload: PurchaseOrderPayload): Promise<PurchaseOrderPayload> {
  await deps.keys.release(key);
  return payload;
}

async function existingOrder(deps: PurchasingDeps, number: string): Promise<PurchaseOrderPayload> {
  const [record] = await deps.sap.purchaseOrders({ numbers: [number] });
  if (!record) return failed(err('INV_PURCHASE_ORDER_MISSING', ['input', 'idempotencyKey'], `purchase order ${number} raised for this key is no longer in the ERP`));
  const name = (await deps.erp.supplierNames.get(record.supplier).catch(() => null))?.value ?? null;
  return { purchaseOrder: toView(record, name), userErrors: [] };
}
