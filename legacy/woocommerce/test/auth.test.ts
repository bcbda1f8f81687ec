import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, SECRET, basic, overHttps, signedUrl, startWoo } from './helpers.ts';

describe('WooCommerce authentication', () => {
  let env: Awaited<ReturnType<typeof startWoo>>;
  const products = () => `${env.url}/wp-json/wc/v3/products`;

  beforeAll(async () => {
    env = await startWoo();
  });
  afterAll(() => env.close());

  it('ignores key/secret sent over plain HTTP: the caller is simply anonymous', async () => {
    const viaBasic = await fetch(products(), { headers: { authorization: basic } });
    expect(viaBasic.status).toBe(401);
    expect(await viaBasic.json()).toEqual({ code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
    const viaQuery = await fetch(`${products()}?consumer_key=${KEY}&consumer_secret=${SECRET}`);
    expect(viaQuery.status).toBe(401);
  });

  it('accepts Basic and query-string credentials when the request reached WordPress over HTTPS', async () => {
    expect((await fetch(products(), { headers: overHttps })).status).toBe(200);
    expect((await fetch(`${products()}?consumer_key=${KEY}&consumer_secret=${SECRET}`, { headers: { 'x-forwarded-proto': 'https' } })).status).toBe(200);
    const wrong = await fetch(products(), { headers: { 'x-forwarded-proto': 'https', authorization: `Basic ${Buffer.from(`${KEY}:nope`).toString('base64')}` } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toBe('Consumer secret is invalid.');
  });

  it('accepts HMAC-SHA1 and HMAC-SHA256 signatures and refuses a reused nonce', async () => {
    expect((await fetch(signedUrl(`${products()}?per_page=1`, { signatureMethod: 'HMAC-SHA1' }))).status).toBe(200);
    const once = signedUrl(`${products()}?per_page=1`, { nonce: 'replayme' });
    expect((await fetch(once)).status).toBe(200);
    const replay = await fetch(once);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ code: 'woocommerce_rest_authentication_error', message: 'Invalid nonce - nonce has already been used.', data: { status: 401 } });
  });

  it('refuses a stale timestamp, an unknown key and an incomplete set of OAuth parameters', async () => {
    const stale = await fetch(signedUrl(products(), { timestamp: Math.floor(Date.now() / 1000) - 16 * 60 }));
    expect(await stale.json()).toMatchObject({ code: 'woocommerce_rest_authentication_error', message: 'Invalid timestamp.' });
    const unknown = await fetch(signedUrl(products()).replace(KEY, 'ck_someone_else'));
    expect(await unknown.json()).toMatchObject({ message: 'Consumer key is invalid.' });
    const partial = await fetch(`${products()}?oauth_consumer_key=${KEY}&oauth_nonce=x`);
    expect(partial.status).toBe(401);
    expect(await partial.json()).toMatchObject({ code: 'woocommerce_rest_authentication_missing_parameter', message: 'Missing OAuth parameters oauth_timestamp, oauth_signature, oauth_signature_method' });
  });

  it('signs against the home URL: a request signed for another host is refused', async () => {
    const elsewhere = signedUrl(products().replace('127.0.0.1', 'localhost')).replace('localhost', '127.0.0.1');
    const answer = await fetch(elsewhere);
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { message: string }).message).toBe('Invalid signature - provided signature does not match.');
  });

  it('takes OAuth parameters from an Authorization: OAuth header too', async () => {
    const url = new URL(signedUrl(`${products()}?per_page=2`));
    const header = `OAuth ${[...url.searchParams].filter(([k]) => k.startsWith('oauth_')).map(([k, v]) => `${k}="${encodeURIComponent(v)}"`).join(', ')}`;
    const answer = await fetch(`${products()}?per_page=2`, { headers: { authorization: header } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toHaveLength(2);
  });

  it('answers an unknown route with rest_no_route, and a bad signature there with 401', async () => {
    expect(await (await fetch(`${env.url}/wp-json/wc/v3/nothing-here`)).json()).toMatchObject({ code: 'rest_no_route', data: { status: 404 } });
    expect((await fetch(signedUrl(`${env.url}/wp-json/wc/v3/nothing-here`, { secret: 'wrong' }))).status).toBe(401);
  });
});
