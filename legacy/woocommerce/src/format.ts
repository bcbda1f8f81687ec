/**
 * Small formatting rules WordPress/WooCommerce apply to everything they answer with. The site's
 * timezone is UTC, so `date_created` and `date_created_gmt` carry the same wall-clock time.
 */

/** WooCommerce dates: ISO-8601 without milliseconds and without a zone designator ("2026-11-20T12:00:00"). */
export function wooDate(at: string | number | Date): string {
  return new Date(at).toISOString().slice(0, 19);
}

/**
 * WordPress runs titles, term names and post content through kses on save, which turns a bare
 * `&` into `&amp;`: the REST API answers "Fleece &amp; Midlayers", not "Fleece & Midlayers".
 */
export function ksesEscape(text: string): string {
  return text.replace(/&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);)/gi, '&amp;');
}

/** `wpautop()` for the one-paragraph descriptions the catalogue has. */
export function autop(text: string): string {
  return text ? `<p>${ksesEscape(text)}</p>\n` : '';
}

/** `sanitize_title()` for the ASCII names the seed produces. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/&(amp;)?/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

export const currencySymbols: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', CAD: '$', AUD: '$', CHF: 'CHF', SEK: 'kr', DKK: 'kr', PLN: 'zł', JPY: '¥' };

/** Two-decimal string, as WooCommerce stores prices and totals (`wc_format_decimal(…, 2)`). */
export function decimal(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}
