import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { describe, expect, it } from 'vitest';
import { percentEncode, signatureBaseString, signOAuth1 } from '../src/index.ts';

const credentials = { consumerKey: 'ck_test', consumerSecret: 'cs_test' };

describe('OAuth 1.0a signer', () => {
  it('produces the same signature as the oauth-1.0a library WooCommerce’s JS client uses', () => {
    const url = new URL('http://shop.example:8080/wp-json/wc/v3/orders?search=ava chen+x@example.com&per_page=100&after=2026-01-01T00:00:00Z');
    signOAuth1('GET', url, credentials, { nonce: 'abc123', timestamp: 1_800_000_000 });
    const reference = new OAuth({
      consumer: { key: 'ck_test', secret: 'cs_test' },
      signature_method: 'HMAC-SHA256',
      hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
    });
    reference.getNonce = () => 'abc123';
    reference.getTimeStamp = () => 1_800_000_000;
    const query = [...url.searchParams].filter(([k]) => !k.startsWith('oauth_')).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    const expected = reference.authorize({ url: `http://shop.example:8080/wp-json/wc/v3/orders?${query}`, method: 'GET' });
    expect(url.searchParams.get('oauth_signature')).toBe(expected.oauth_signature);
  });

  it('encodes by RFC 3986 and sorts by encoded name', () => {
    expect(percentEncode("a b!*'()~")).toBe('a%20b%21%2A%27%28%29~');
    const url = new URL('http://h/p?b=2&a=1&oauth_signature=ignored');
    expect(signatureBaseString('get', url)).toBe('GET&http%3A%2F%2Fh%2Fp&a%3D1%26b%3D2');
  });

  it('replaces an earlier signature instead of adding a second one, with a fresh nonce', () => {
    const url = new URL('http://h/wp-json/wc/v3/products?page=2');
    signOAuth1('GET', url, credentials);
    const first = url.searchParams.get('oauth_nonce');
    signOAuth1('GET', url, credentials);
    expect(url.searchParams.getAll('oauth_signature')).toHaveLength(1);
    expect(url.searchParams.get('oauth_nonce')).not.toBe(first);
    expect(url.searchParams.get('oauth_nonce')).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});
