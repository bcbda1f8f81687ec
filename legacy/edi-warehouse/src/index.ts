export { createEdiStandIn, type EdiStandIn, type EdiStandInOptions } from './server.ts';
export { EdiWarehouse } from './warehouse.ts';
export { ExchangeFolders } from './exchange-folders.ts';
