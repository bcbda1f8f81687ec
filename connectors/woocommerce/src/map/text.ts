/**
 * WordPress stores names and content HTML-escaped (kses turns `&` into `&amp;`) and renders
 * descriptions through `wpautop`. The graph carries plain text.
 */

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return named[entity.toLowerCase()] ?? whole;
  });
}

/** HTML (as `wpautop` produces it) to plain text: paragraphs become blank lines, tags go. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text).replace(/\n{3,}/g, '\n\n').trim();
}

/** WooCommerce dates without a zone (`…_gmt` fields) as ISO-8601 UTC. */
export function gmtToIso(date: string | null | undefined): string | null {
  if (!date) return null;
  const at = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(date) ? date : `${date}Z`);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
