// What the code serving a request knows about it wherever it runs, without passing it
// down: its id (on every log line: the logger's mixin reads it here) and whether an
// outage was already logged for it (once per request is enough).
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  outageLogged?: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, run: () => T): T {
  return storage.run(context, run);
}

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** pino's mixin: the request id on every line logged while serving a request. */
export function requestLogFields(): Record<string, unknown> {
  const context = storage.getStore();
  return context ? { requestId: context.requestId } : {};
}
