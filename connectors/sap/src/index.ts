import type {
  CreatedSalesOrder, ExchangeRateRecord, MaterialRecord, PersonDataExport, PersonErasure, PriceRecord, PurchaseOrderInput,
  PurchaseOrderRecord, ReorderPointRecord, SalesOrderInput, SalesOrderRecord, StockRecord,
} from '@ucg/connector-core';
import type { Logger } from 'pino';
import type { BatchRead } from './batch.ts';
import { SapClient } from './client.ts';
import { resolveSapConfig, type ResolvedSapConfig, type SapConfig } from './config.ts';
import type { SapContext } from './context.ts';
import { salesPrices } from './prices.ts';
import { erasePerson, exportPerson } from './privacy.ts';
import { listProducts, products, reorderPoints } from './products.ts';
import { createPurchaseOrder, purchaseOrders, type PurchaseOrderQuery } from './purchase-orders.ts';
import { exchangeRates } from './rates.ts';
import { SalesOrderPoster, salesOrders, type SalesOrderQuery } from './sales-orders.ts';
import type { SapService } from './odata.ts';
import { plantStock } from './stock.ts';

export { sapConfigSchema, resolveSapConfig, type SapConfig, type ResolvedSapConfig } from './config.ts';
export { SapClient, type WriteOptions } from './client.ts';
export { odataString, odataDateTime, parseODataDate, ODATA_ROOT, type SapService } from './odata.ts';
export { CSRF_REQUIRED, odataErrorCode } from './errors.ts';
export type { BatchRead, BatchChange, BatchPartResponse } from './batch.ts';
export type { SalesOrderQuery } from './sales-orders.ts';
export type { PurchaseOrderQuery } from './purchase-orders.ts';
export { mapExchangeRate } from './map/rate.ts';
export { mapPlantStock } from './map/stock.ts';
export { mapMaterial } from './map/material.ts';

export interface SapConnectorOptions {
  /** Clock for "valid today" (prices, rates); tests pin it. @default () => new Date() */
  now?: () => Date;
}

/** The ERP (SAP S/4HANA OData v2), in canonical terms. */
export class SapConnector {
  readonly client: SapClient;
  readonly config: ResolvedSapConfig;
  private readonly ctx: SapContext;
  private readonly poster: SalesOrderPoster;

  constructor(config: SapConfig, logger?: Logger, options: SapConnectorOptions = {}) {
    this.config = resolveSapConfig(config);
    this.client = new SapClient(this.config, logger);
    this.ctx = { client: this.client, config: this.config, now: options.now ?? (() => new Date()) };
    this.poster = new SalesOrderPoster(this.ctx);
  }

  /** Sales prices (PPR0) with strike-through price (ZSTP) per SKU, for a currency and customer group. */
  salesPrices(skus: readonly string[], currency: string, customerGroup = '01'): Promise<PriceRecord[]> {
    return salesPrices(this.ctx, skus, currency, customerGroup);
  }

  /** Materials for SKUs (variant articles), with names in every language the ERP holds. */
  products(skus: readonly string[]): Promise<MaterialRecord[]> {
    return products(this.ctx, skus);
  }

  /** The whole material master, generic and variant articles, every page. */
  listProducts(): Promise<MaterialRecord[]> {
    return listProducts(this.ctx);
  }

  /** Stock at the ERP plant (B2B distribution centre). */
  plantStock(skus: readonly string[]): Promise<StockRecord[]> {
    return plantStock(this.ctx, skus);
  }

  /** Reorder points (and lot sizes) at the ERP plant, for low-stock alerts. */
  reorderPoints(skus: readonly string[]): Promise<ReorderPointRecord[]> {
    return reorderPoints(this.ctx, skus);
  }

  /** Current exchange rates (type M), normalised to direct quotation without ratio factors. */
  exchangeRates(): Promise<ExchangeRateRecord[]> {
    return exchangeRates(this.ctx);
  }

  /** Posts a sales order; a second call with the same external reference returns the first order (`created: false`). */
  createSalesOrder(order: SalesOrderInput): Promise<CreatedSalesOrder> {
    return this.poster.create(order);
  }

  /** Posts many sales orders in one look-up `$batch` and one changeset, idempotently by external reference. */
  createSalesOrders(orders: readonly SalesOrderInput[]): Promise<CreatedSalesOrder[]> {
    return this.poster.createMany(orders);
  }

  /** Sales orders by sold-to party, numbers and/or external references (all when none given). */
  salesOrders(query: SalesOrderQuery = {}): Promise<SalesOrderRecord[]> {
    return salesOrders(this.ctx, query);
  }

  createPurchaseOrder(po: PurchaseOrderInput): Promise<PurchaseOrderRecord> {
    return createPurchaseOrder(this.ctx, po);
  }

  purchaseOrders(query: PurchaseOrderQuery = {}): Promise<PurchaseOrderRecord[]> {
    return purchaseOrders(this.ctx, query);
  }

  /**
   * Reads several entity sets (or filtered views) of one service in a single `$batch` call and
   * returns every page of each, in request order (entities as the ERP sends them).
   */
  batch<T = Record<string, unknown>>(service: SapService, reads: readonly BatchRead[]): Promise<T[][]> {
    return this.client.readMany<T>(service, reads);
  }

  exportPerson(email: string): Promise<PersonDataExport> {
    return exportPerson(this.ctx, email);
  }

  erasePerson(email: string): Promise<PersonErasure> {
    return erasePerson(this.ctx, email);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
