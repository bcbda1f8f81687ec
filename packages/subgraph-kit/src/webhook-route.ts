import type { IncomingMessage, ServerResponse } from 'node:http';
import { isConnectorError, type SystemId } from '@ucg/connector-core';
import { BodyTooLargeError, readBody, sendJson, type Logger, type Route } from '@ucg/service-kit';

const MAX_BODY_BYTES = 1_048_576;

/**
 * One webhook receiver: reads the raw body (signatures cover the exact bytes), verifies it, applies
 * it, and answers as senders understand. Forged, unsigned or replayed deliveries get 401 with the
 * rejection's stable code (`WEBHOOK_UNSIGNED`, `WEBHOOK_BAD_SIGNATURE`, `WEBHOOK_STALE`); one that
 * could not be applied gets 503, so a sender that retries sends it again.
 */
export function webhookRoute<E>(options: {
  system: SystemId;
  path: string;
  logger: Logger;
  verify: (rawBody: string, headers: IncomingMessage['headers']) => E;
  apply: (event: E) => Promise<void>;
}): Route {
  const { system, logger } = options;
  return {
    method: 'POST',
    path: options.path,
    handler: async (req: IncomingMessage, res: ServerResponse) => {
      let raw: string;
      try {
        raw = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendJson(res, 413, { code: 'WEBHOOK_TOO_LARGE', message: error.message });
        throw error;
      }
      let event: E;
      try {
        event = options.verify(raw, req.headers);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && code.startsWith('WEBHOOK_')) {
          logger.warn({ system, code }, 'webhook rejected');
          return sendJson(res, 401, { code, message: `${system} webhook rejected: ${code}` });
        }
        if (isConnectorError(error) || error instanceof SyntaxError) return sendJson(res, 400, { code: 'WEBHOOK_BAD_PAYLOAD', message: 'signed body is not a readable event' });
        throw error;
      }
      try {
        await options.apply(event);
      } catch (error) {
        logger.error({ err: error, system }, 'webhook could not be applied; the sender may retry');
        return sendJson(res, 503, { code: 'WEBHOOK_NOT_APPLIED', message: 'try again' });
      }
      res.writeHead(204).end();
    },
  };
}
