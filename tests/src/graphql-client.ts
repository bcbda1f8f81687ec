/** A minimal GraphQL-over-HTTP client for end-to-end tests: what a storefront would send. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse<T>['body'] };
}

export interface CallCount {
  total: number;
  byEndpoint: Record<string, number>;
}

export async function sandboxCalls(baseUrl: string): Promise<CallCount> {
  return (await (await fetch(`${baseUrl}/__sandbox/calls`)).json()) as CallCount;
}

export async function sandboxReset(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/__sandbox/reset`, { method: 'POST' });
}

export async function sandboxFaults(baseUrl: string, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${baseUrl}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!res.ok) throw new Error(`sandbox faults: ${res.status} ${await res.text()}`);
}
