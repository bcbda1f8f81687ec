/** One `errordetails` entry of an SAP Gateway error (a message from the application log). */
export interface ODataErrorDetail {
  code: string;
  message: string;
  propertyref?: string;
  severity?: 'error' | 'warning' | 'info';
  target?: string;
}

/**
 * A request SAP Gateway refuses. Carries the HTTP status and an SAP message id as `code`
 * (message class/number, e.g. `V1/392`, or a Gateway runtime code like `/IWBEP/CM_MGW_RT/020`).
 */
export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ODataErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ODataError';
  }
}

export interface ErrorContext {
  /** Technical service name, e.g. `API_SALES_ORDER_SRV`. */
  service?: string;
  /** Software component of the application, as Gateway reports it in `innererror`. */
  component?: string;
}

let transactionSeq = 0;

/** The JSON body SAP Gateway answers errors with, `innererror` included. */
export function errorBody(error: ODataError, context: ErrorContext = {}): Record<string, unknown> {
  transactionSeq = (transactionSeq + 1) % 1_000_000;
  const now = new Date();
  return {
    error: {
      code: error.code,
      message: { lang: 'en', value: error.message },
      innererror: {
        application: {
          component_id: context.component ?? '',
          service_namespace: '/SAP/',
          service_id: context.service ?? '',
          service_version: '0001',
        },
        transactionid: `UCG${String(transactionSeq).padStart(29, '0')}`,
        timestamp: `${now.toISOString().replace(/[-:TZ]/g, '')}0000`,
        Error_Resolution: {
          SAP_Transaction: 'For backend administrators: use ADT feed reader "SAP Gateway Error Log" or run transaction /IWFND/ERROR_LOG on SAP Gateway hub system and search for entries with the timestamp above for more details',
          SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)',
        },
        errordetails: [
          { code: error.code, message: error.message, propertyref: '', severity: 'error', target: '' },
          ...error.details.map((d) => ({ propertyref: '', severity: 'error', target: '', ...d })),
        ],
      },
    },
  };
}

/** Any throwable as an ODataError: unexpected failures become the 500 Gateway shows for a short dump. */
export function asODataError(error: unknown): ODataError {
  if (error instanceof ODataError) return error;
  return new ODataError(500, '/IWBEP/CM_MGW_RT/000', `Runtime error: ${(error as Error)?.message ?? String(error)}`);
}
