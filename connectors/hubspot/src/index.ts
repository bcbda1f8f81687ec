import type { CrmCompany, CrmContact, PersonDataExport, PersonErasure } from '@ucg/connector-core';
import type { Logger } from 'pino';
import { HubSpotClient } from './client.ts';
import { companies, companyById, companyForContact, contactsOfCompany } from './companies.ts';
import { parseHubSpotConfig, type HubSpotConfig } from './config.ts';
import { contactById, contactsByEmail, contactsByIds, listContacts, searchContacts, type ContactFilter } from './contacts.ts';
import { createInProcessLock, type KeyedLock } from './keyed-lock.ts';
import { setLoyalty, updateLoyalty, type LoyaltyDelta, type LoyaltyUpdate, type LoyaltyValues } from './loyalty.ts';
import { exportPerson, erasePerson } from './privacy.ts';
import { registerWebhooks, type RegisterWebhookOptions, type WebhookRegistration } from './webhooks.ts';

export { hubSpotConfigSchema, type HubSpotConfig } from './config.ts';
export { HubSpotError, isHubSpotError, type HubSpotErrorCode } from './errors.ts';
export { verifyHubSpotWebhook, MAX_WEBHOOK_AGE_MS, type HubSpotWebhookEvent, type WebhookRequestLine, type WebhookRegistration, type RegisterWebhookOptions } from './webhooks.ts';
export { createInProcessLock, type KeyedLock } from './keyed-lock.ts';
export type { ContactFilter } from './contacts.ts';
export type { LoyaltyDelta, LoyaltyValues, LoyaltyUpdate } from './loyalty.ts';

export interface HubSpotConnectorDeps {
  logger?: Logger;
  /** Serialises loyalty writes per contact. @default in-process (see KeyedLock) */
  lock?: KeyedLock;
}

/** The CRM (HubSpot CRM v3), in canonical terms. */
export class HubSpotConnector {
  readonly client: HubSpotClient;
  private readonly lock: KeyedLock;

  /** `deps` may be a pino logger (the original signature) or `{ logger, lock }`. */
  constructor(config: HubSpotConfig, deps?: Logger | HubSpotConnectorDeps) {
    const d: HubSpotConnectorDeps = deps && 'child' in deps ? { logger: deps as Logger } : (deps as HubSpotConnectorDeps | undefined) ?? {};
    this.client = new HubSpotClient(parseHubSpotConfig(config), d.logger);
    this.lock = d.lock ?? createInProcessLock();
  }

  /** Contacts by email, case-insensitively; unknown emails are absent from the result. */
  contactsByEmail(emails: readonly string[]): Promise<CrmContact[]> {
    return contactsByEmail(this.client, emails);
  }

  /** Contacts by HubSpot record id (what webhook events carry). */
  contactsByIds(ids: readonly string[]): Promise<CrmContact[]> {
    return contactsByIds(this.client, ids);
  }

  contactById(id: string): Promise<CrmContact | null> {
    return contactById(this.client, id);
  }

  /** Every matching contact (all pages, past HubSpot's 10,000-result search cap). */
  searchContacts(filter: ContactFilter = {}): Promise<CrmContact[]> {
    return searchContacts(this.client, filter);
  }

  /** Every contact (all pages). */
  listContacts(): Promise<CrmContact[]> {
    return listContacts(this.client);
  }

  /** Earn or redeem once per `operationId`: retrying the same operation changes nothing. */
  updateLoyalty(email: string, delta: LoyaltyDelta): Promise<LoyaltyUpdate> {
    return updateLoyalty({ client: this.client, lock: this.lock }, email, delta);
  }

  /** Set points, tier or store credit outright (optionally once per `operationId`). */
  setLoyalty(email: string, values: LoyaltyValues): Promise<LoyaltyUpdate> {
    return setLoyalty({ client: this.client, lock: this.lock }, email, values);
  }

  /** Every partner company (all pages). */
  companies(): Promise<CrmCompany[]> {
    return companies(this.client);
  }

  companyById(id: string): Promise<CrmCompany | null> {
    return companyById(this.client, id);
  }

  contactsOfCompany(companyId: string): Promise<CrmContact[]> {
    return contactsOfCompany(this.client, companyId);
  }

  /** The partner company a buyer belongs to (with its customer group), or null for consumers. */
  companyForContact(email: string): Promise<CrmCompany | null> {
    return companyForContact(this.client, email);
  }

  /** Points the app's webhooks at `targetUrl` and subscribes to loyalty-relevant contact events. */
  registerWebhooks(targetUrl: string, options?: RegisterWebhookOptions): Promise<WebhookRegistration> {
    return registerWebhooks(this.client, targetUrl, options);
  }

  exportPerson(email: string): Promise<PersonDataExport> {
    return exportPerson(this.client, email);
  }

  erasePerson(email: string): Promise<PersonErasure> {
    return erasePerson(this.client, email);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
