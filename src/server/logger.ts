// Structured JSON logs (pino). Credentials never reach a log line: the redact list
// covers the places they travel.
import pino, { type Logger } from 'pino';
import type { Config } from '../config';

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'marketplace-gateway' },
    redact: {
      paths: ['authorization', 'headers.authorization', 'headers["x-api-key"]', 'password', '*.password', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}
