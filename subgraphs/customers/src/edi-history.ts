import { join } from 'node:path';
import type { PersonDataExport, PersonErasure } from '@ucg/connector-core';
import { EdiConnector, HistoryOnlyExchange, LocalFolderExchange } from '@ucg/connector-x12-edi';
import type { Logger } from '@ucg/service-kit';


/**
 * The EU 3PL for access and erasure requests. EDI carries no e-mail, so the person's shipments are
 * found by the order numbers the selling systems hold; before each request the connector reads any
 * history files it has not seen yet (the first time: all of them) into this subgraph's own state.
 */
export class EdiPrivacy {
  private readonly connector: EdiConnector;

  constructor(options: { exchangeDir: string; stateDir?: string; logger?: Logger }) {
    const exchange = new HistoryOnlyExchange(new LocalFolderExchange(options.exchangeDir), 'the customers subgraph');
    this.connector = new EdiConnector(
      { exchangeDir: options.exchangeDir, stateDir: options.stateDir ?? join(options.exchangeDir, '.connector-customers') },
      { exchange, ...(options.logger ? { logger: options.logger } : {}) },
    );
  }

  async exportPerson(email: string, orderReferences: readonly string[]): Promise<PersonDataExport> {
    await this.connector.poll();
    return this.connector.exportPerson(email, { orderReferences });
  }

  async erasePerson(email: string, orderReferences: readonly string[]): Promise<PersonErasure> {
    await this.connector.poll();
    return this.connector.erasePerson(email, { orderReferences });
  }

  close(): Promise<void> {
    return this.connector.close();
  }
}
