/** Business outcomes and misuse the HubSpot connector reports (upstream failures are ConnectorErrors). */
export type HubSpotErrorCode =
  /** A redemption would take the points balance below zero. */
  | 'LOYALTY_INSUFFICIENT_POINTS'
  /** A redemption would take the store credit below zero. */
  | 'LOYALTY_INSUFFICIENT_CREDIT'
  /** Store credit is held in USD in the CRM. */
  | 'LOYALTY_CURRENCY_MISMATCH'
  /** The operation id or amounts cannot be recorded (empty, too long, bad characters, not an integer). */
  | 'LOYALTY_BAD_OPERATION'
  /** No contact with that email in the CRM. */
  | 'CRM_CONTACT_NOT_FOUND'
  /** `registerWebhooks` needs `developerApiKey` and `appId`. */
  | 'CRM_WEBHOOK_APP_NOT_CONFIGURED';

/** Detect by `code` (not `instanceof`), like every error in the graph. */
export class HubSpotError extends Error {
  readonly kind = 'HubSpotError' as const;
  readonly system = 'crm' as const;

  constructor(
    readonly code: HubSpotErrorCode,
    message: string,
  ) {
    super(`[crm] ${message}`);
    this.name = 'HubSpotError';
  }
}

export function isHubSpotError(error: unknown): error is HubSpotError {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'HubSpotError';
}
