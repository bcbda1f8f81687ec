import type { CustomerSystems } from '../connectors.ts';
import { normaliseEmail } from '../email.ts';

const PAGE = 100;

/** Every web-store order number placed with the email (web and POS), walking every page. */
async function webstoreOrderNumbers(systems: Pick<CustomerSystems, 'webstore'>, email: string): Promise<string[]> {
  const numbers: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await systems.webstore.ordersByEmail(email, { first: PAGE, after });
    numbers.push(...page.orders.map((o) => o.number));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return numbers;
    after = page.pageInfo.endCursor;
  }
}

async function marketplaceOrderNumbers(systems: Pick<CustomerSystems, 'marketplace'>, email: string): Promise<string[]> {
  const numbers: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await systems.marketplace.ordersByEmail(email, { first: PAGE, ...(after ? { after } : {}) });
    numbers.push(...page.nodes.map((o) => o.number));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return numbers;
    after = page.pageInfo.endCursor;
  }
}

/** Order numbers a request found so far, and whether every selling system answered. */
export interface KnownReferences {
  numbers: string[];
  complete: boolean;
}

const unique = (lists: readonly (readonly string[])[]) => [...new Set(lists.flat())];

/**
 * The subject of one access or erasure request. Systems that carry no e-mail (the EU warehouse's
 * EDI documents) find the person by the order numbers the selling systems hold; those are read once
 * per request, and before any selling system erases (erasure detaches orders from the e-mail).
 */
export class PersonLookup {
  readonly email: string;
  private reads: [Promise<string[]>, Promise<string[]>] | undefined;

  constructor(
    email: string,
    private readonly systems: Pick<CustomerSystems, 'webstore' | 'marketplace'>,
    /** What an earlier attempt of the same request found: a retry after a selling system erased finds no more there. */
    private readonly known: KnownReferences | null = null,
  ) {
    this.email = normaliseEmail(email);
  }

  private read(): [Promise<string[]>, Promise<string[]>] {
    if (!this.reads) {
      const skip = this.known?.complete;
      this.reads = [
        skip ? Promise.resolve([]) : webstoreOrderNumbers(this.systems, this.email),
        skip ? Promise.resolve([]) : marketplaceOrderNumbers(this.systems, this.email),
      ];
      // Failures are reported by `orderReferences()` to whoever needs them; never unhandled.
      for (const r of this.reads) r.catch(() => undefined);
    }
    return this.reads;
  }

  /** Every web-store and marketplace order number of the person; rejects if either system cannot be read. */
  async orderReferences(): Promise<string[]> {
    return unique([this.known?.numbers ?? [], ...(await Promise.all(this.read()))]);
  }

  /** Resolves once the order numbers have been read (or failed to be): selling systems erase only after. */
  async referencesSettled(): Promise<void> {
    await Promise.allSettled(this.read());
  }

  /** What this request knows now, for the record: null when it never needed order numbers. */
  async knownReferences(): Promise<KnownReferences | null> {
    if (!this.reads) return this.known;
    const settled = await Promise.allSettled(this.reads);
    const found = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    return { numbers: unique([this.known?.numbers ?? [], ...found]), complete: Boolean(this.known?.complete) || found.length === settled.length };
  }
}
