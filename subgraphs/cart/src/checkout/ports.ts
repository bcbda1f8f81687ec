import type { MaterialRecord, Money, PaymentAuthorization } from '@ucg/connector-core';

/** Card authorisations (the web store's payments, `ShopifyConnector`). */
export interface PaymentGateway {
  /** Holds `amount` on the card; the same idempotency key returns the first authorisation. */
  authorizePayment(input: { token: string; amount: Money; idempotencyKey: string }): Promise<PaymentAuthorization>;
  voidAuthorization(authorizationId: string): Promise<PaymentAuthorization>;
}

/** Loyalty points and store credit (the CRM, `HubSpotConnector`); applied once per operation id. */
export interface LoyaltyAccounts {
  updateLoyalty(email: string, delta: { operationId: string; pointsDelta?: number; storeCreditDelta?: Money }): Promise<unknown>;
}

/** Material names for order lines (the ERP, `SapConnector`). */
export interface MaterialSource {
  products(skus: readonly string[]): Promise<MaterialRecord[]>;
}
