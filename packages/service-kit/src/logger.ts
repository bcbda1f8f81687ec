import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * The one place where secrets and personal data are kept out of logs. Every service's logger
 * comes from here; child loggers add request ids, subgraph or connector names.
 */
const redact: LoggerOptions['redact'] = {
  paths: [
    'req.headers.authorization',
    'req.headers["x-api-key"]',
    'req.headers["x-ucg-context"]',
    'req.headers.cookie',
    'headers.authorization',
    'headers["x-api-key"]',
    '*.password',
    '*.token',
    '*.accessToken',
    '*.secret',
    '*.email',
    'email',
  ],
  censor: '[redacted]',
};

export function createLogger(name: string, options: { level?: string } = {}): Logger {
  return pino({
    name,
    level: options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    redact,
    base: { service: name },
  });
}
