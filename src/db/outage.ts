// Telling our failures from the caller's. An error from the database is one of three:
//   - an outage: the database is unreachable, closed the connection, timed out, is
//     shutting down or out of resources. Not the caller's doing, and likely to pass:
//     answered 503 with Retry-After (docs/operations.md);
//   - a data exception (SQLSTATE class 22: a NUL byte, a number or date out of range)
//     that input checks at the edge should have caught: answered as bad input, logged
//     as a gap to close;
//   - anything else: a bug, masked as 500 and logged with its stack.
// Errors arrive from Prisma (with the driver adapter's classification in meta), from pg
// directly (a connection that broke before Prisma saw it) or from Node's sockets.

type Dependency = 'database';

/** Driver-adapter kinds that mean the database is away or overwhelmed. */
const OUTAGE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
  'AuthenticationFailed',
]);

/** Prisma's own codes for connection trouble (P1xxx) and pool or transaction timeouts. */
const OUTAGE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2028']);

/**
 * SQLSTATEs of an unavailable server: connection exceptions (08), statement timeout and
 * admin/crash shutdown (57014, 57P01–57P05), insufficient resources (53), system errors
 * (58), and the serialization failures a retry resolves (40001, 40P01).
 */
const OUTAGE_SQLSTATE = /^(08|53|58|57P0|57014$|40001$|40P01$)/;

const OUTAGE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Cannot use a pool after calling end|Connection refused|server closed the connection|Can't reach database server/i;

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface Described {
  name?: string;
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } };
  cause?: unknown;
  originalError?: unknown;
}

/** The error and everything it wraps (GraphQL's originalError, `cause`), outermost first. */
function* chain(error: unknown): Generator<Described> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current as Described;
    const described = current as Described;
    current = described.originalError ?? described.cause;
  }
}

function sqlState(error: Described): string | undefined {
  const cause = error.meta?.driverAdapterError?.cause;
  const state = cause?.originalCode ?? cause?.code ?? (typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : undefined);
  return typeof state === 'string' ? state : undefined;
}

/** Which dependency an error says is down, or null when it is not an outage. */
export function outageOf(error: unknown): Dependency | null {
  for (const link of chain(error)) {
    if (link.name === 'PrismaClientInitializationError' || link.name === 'PrismaClientRustPanicError') return 'database';
    const kind = link.meta?.driverAdapterError?.cause?.kind;
    if (kind && OUTAGE_KINDS.has(kind)) return 'database';
    if (typeof link.code === 'string' && (OUTAGE_PRISMA_CODES.has(link.code) || SOCKET_CODES.has(link.code))) return 'database';
    const state = sqlState(link);
    if (state && OUTAGE_SQLSTATE.test(state)) return 'database';
    if (typeof link.message === 'string' && OUTAGE_MESSAGES.test(link.message)) return 'database';
  }
  return null;
}

/** A value the database refused as data (SQLSTATE class 22). */
export function isDataException(error: unknown): boolean {
  for (const link of chain(error)) if (sqlState(link)?.startsWith('22')) return true;
  return false;
}
