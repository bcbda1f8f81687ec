import { ReadThroughCache } from '@ucg/cache';
import type { LocalizedText, MaterialRecord, ReorderPointRecord } from '@ucg/connector-core';
import { odataString, type SapConnector } from '@ucg/connector-sap';
import type { Store } from '@ucg/store';

export interface MaterialInfo {
  kind: MaterialRecord['kind'];
  genericMaterial: string | null;
  names: LocalizedText[];
}

/** A_BusinessPartner, the two fields a supplier's name is read from. */
interface SupplierRow {
  Supplier: string;
  BusinessPartnerFullName?: string;
  OrganizationBPName1?: string;
}

/** The material's description in `language`, else English, else any. */
export function materialTitle(info: MaterialInfo, language = 'en'): string {
  const pick = (lang: string) => info.names.find((n) => n.language === lang)?.value;
  return pick(language.toLowerCase()) ?? pick('en') ?? info.names[0]?.value ?? '';
}

/**
 * ERP master data the inventory subgraph reads (materials, reorder points, supplier names): it
 * changes rarely, so it is cached (batched, single-flight) for `ttlMs`.
 */
export class ErpMasterData {
  readonly materials: ReadThroughCache<MaterialInfo>;
  readonly reorderPoints: ReadThroughCache<ReorderPointRecord>;
  readonly supplierNames: ReadThroughCache<string>;

  constructor(sap: SapConnector, store: Store, ttlMs: number) {
    const common = { store, ttlMs, staleWhileRevalidateMs: ttlMs, maxBatchSize: 100_000 };
    this.materials = new ReadThroughCache<MaterialInfo>({
      ...common,
      namespace: 'erp:material',
      load: async (skus) => new Map((await sap.products(skus)).map((m) => [m.material, { kind: m.kind, genericMaterial: m.genericMaterial, names: m.names }])),
    });
    this.reorderPoints = new ReadThroughCache<ReorderPointRecord>({
      ...common,
      namespace: 'erp:reorder',
      load: async (skus) => new Map((await sap.reorderPoints(skus)).map((r) => [r.sku, r])),
    });
    this.supplierNames = new ReadThroughCache<string>({
      ...common,
      namespace: 'erp:supplier',
      // The connector has no supplier look-up yet; the business partner API answers it in one read.
      load: async (numbers) => {
        const [rows = []] = await sap.batch<SupplierRow>('API_BUSINESS_PARTNER', [
          { path: 'A_BusinessPartner', query: { $filter: numbers.map((n) => `Supplier eq ${odataString(n)}`).join(' or '), $select: 'Supplier,BusinessPartnerFullName,OrganizationBPName1' } },
        ]);
        return new Map(rows.filter((r) => r.Supplier).map((r) => [r.Supplier, r.BusinessPartnerFullName || r.OrganizationBPName1 || r.Supplier]));
      },
    });
  }
}
