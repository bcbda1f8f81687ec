import { describe, expect, it } from 'vitest';
import { NonceLedger, parseOAuthHeader, parseStr, wooSignatureBaseString } from '../src/index.ts';

describe('WooCommerce OAuth 1.0a verification rules', () => {
  it('builds the base string from the home URL, strcmp-sorted keys and doubly encoded values', () => {
    const params = parseStr('per_page=10&search=a+b%2Bc&oauth_consumer_key=ck&oauth_nonce=n&oauth_signature=sig&filter%5Bperiod%5D=week');
    const base = wooSignatureBaseString('get', 'http://shop.example/wp-json/wc/v3/products', params);
    expect(base).toBe([
      'GET',
      'http%3A%2F%2Fshop.example%2Fwp-json%2Fwc%2Fv3%2Fproducts',
      // filter[period] sorts as "filter"; "a b+c" is encoded once as a value and again as part of the pair.
      ['filter%255Bperiod%255D%3Dweek', 'oauth_consumer_key%3Dck', 'oauth_nonce%3Dn', 'per_page%3D10', 'search%3Da%2520b%252Bc'].join('%26'),
    ].join('&'));
  });

  it('keeps only the last value of a repeated key, as PHP does', () => {
    expect(parseStr('a=1&a=2').get('a')).toBe('2');
    expect([...(parseStr('a[]=1&a[]=2').get('a') as Map<string, string>).values()]).toEqual(['1', '2']);
    expect(parseStr('a.b=1').has('a_b')).toBe(true);
  });

  it('reads OAuth parameters from an Authorization header, url-decoding them', () => {
    const header = 'OAuth oauth_consumer_key="ck_1", oauth_signature="a%2Bb%3D", oauth_nonce="x"';
    expect(Object.fromEntries(parseOAuthHeader(header))).toEqual({ oauth_consumer_key: 'ck_1', oauth_signature: 'a+b=', oauth_nonce: 'x' });
  });

  it('refuses a timestamp outside ±15 minutes and a nonce used before', () => {
    const now = 1_800_000_000;
    const ledger = new NonceLedger(() => now);
    expect(() => ledger.check('ck', String(now - 15 * 60 - 1), 'n1')).toThrow('Invalid timestamp.');
    expect(() => ledger.check('ck', String(now + 15 * 60 + 1), 'n1')).toThrow('Invalid timestamp.');
    expect(() => ledger.check('ck', 'soon', 'n1')).toThrow('Invalid timestamp.');
    ledger.check('ck', String(now), 'n1');
    expect(() => ledger.check('ck', String(now - 5), 'n1')).toThrow('Invalid nonce - nonce has already been used.');
    // Nonces are per key.
    ledger.check('ck_other', String(now), 'n1');
  });
});
