import { createSapStandIn, type SapStandIn, type SapStandInOptions } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

export const AUTH = `Basic ${Buffer.from('UCG_DEV:ucg-dev-secret').toString('base64')}`;
export const ROOT = '/sap/opu/odata/sap';

/** A JSON answer, untyped: tests assert on its shape. */
export async function readJson(res: Response): Promise<any> {
  return res.json();
}

export interface Erp {
  standIn: SapStandIn;
  url: string;
  /** GET/POST/… with Basic auth (and JSON accept) unless headers say otherwise. */
  call(method: string, path: string, init?: { headers?: Record<string, string>; body?: string }): Promise<Response>;
  json<T = any>(path: string): Promise<T>;
  /** Fetches a CSRF token and session cookie, as a client does before writing. */
  csrf(service?: string): Promise<{ token: string; cookie: string }>;
  close(): Promise<void>;
}

/** A stand-in on a free port with a tenth of the retailer (fast), zero latency. */
export async function startErp(options: SapStandInOptions = {}): Promise<Erp> {
  const standIn = createSapStandIn({ seed: { scale: 0.1 }, ...options });
  const url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  const call = (method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
    fetch(`${url}${path}`, { method, headers: { authorization: AUTH, accept: 'application/json', ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}) });
  return {
    standIn,
    url,
    call,
    async json<T = any>(path: string): Promise<T> {
      const res = await call('GET', path);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    },
    async csrf(service = 'API_SALES_ORDER_SRV') {
      const res = await call('GET', `${ROOT}/${service}/`, { headers: { 'x-csrf-token': 'Fetch' } });
      return { token: res.headers.get('x-csrf-token')!, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    },
    close: () => standIn.app.close(),
  };
}
