/**
 * `wp_json_encode()` without flags, as both REST answers and webhook bodies are written: slashes
 * escaped (`https:\/\/…`) and non-ASCII as `\uXXXX`. Webhook signatures cover these exact bytes,
 * so a receiver that re-serialises the parsed body before checking the HMAC gets it wrong.
 */
export function phpJson(value: unknown): string {
  // Both characters can only occur inside JSON strings, so a global replace is safe.
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
