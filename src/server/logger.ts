// Structured JSON logs (pino). Every line written while serving a request carries its
// request id. Credentials never reach a log line: the redact list covers the places they travel.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config';
import { requestLogFields } from './request-context';

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service: 'marketplace-gateway' },
      mixin: requestLogFields,
      redact: {
        paths: ['authorization', 'headers.authorization', 'headers["x-api-key"]', 'password', '*.password', 'token', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
