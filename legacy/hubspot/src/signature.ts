import { createHash, createHmac } from 'node:crypto';

/**
 * HubSpot decodes these percent-encoded characters in the request URI before signing (v3), so a
 * receiver must do the same to the URL it was called at. Everything else stays encoded.
 */
const decoded: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

export function signatureUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => decoded[m.toUpperCase()] ?? m);
}

/** `X-HubSpot-Signature-v3`: base64 HMAC-SHA256 of method + URI + body + timestamp, keyed with the app's client secret. */
export function signatureV3(clientSecret: string, method: string, url: string, body: string, timestamp: number | string): string {
  return createHmac('sha256', clientSecret).update(`${method}${signatureUri(url)}${body}${timestamp}`, 'utf8').digest('base64');
}

/** `X-HubSpot-Signature` (v1), still sent beside v3: hex SHA-256 of client secret + body. */
export function signatureV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(`${clientSecret}${body}`, 'utf8').digest('hex');
}
