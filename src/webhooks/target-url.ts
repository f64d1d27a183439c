// Where a webhook may point: an http(s) URL whose host resolves only to public addresses
// (src/webhooks/ip-ranges.ts), so nobody can make the gateway call into its own network
// (SSRF). It is checked when a webhook is saved and again before every attempt; the
// attempt then connects to the address that was checked, so a DNS answer that changes in
// between (DNS rebinding) cannot redirect it. `allowPrivateTargets` lifts the address rule
// (tests, and operators whose receivers live on a private network).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { refusedAddress } from './ip-ranges';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to all of its addresses. The default is the system's resolver (getaddrinfo). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

export const URL_MAX_LENGTH = 2048;
const DEFAULT_RESOLVE_TIMEOUT_MS = 5000;

export interface TargetUrlOptions {
  /** Accept loopback, private, link-local, ... addresses (WEBHOOKS_ALLOW_PRIVATE_TARGETS). */
  allowPrivateTargets?: boolean;
  resolve?: Resolver;
  /** Longest the name lookup may take. */
  resolveTimeoutMs?: number;
}

/** A refusal names the field and why, for `badInput('url', reason)` ("Invalid url: <reason>"). */
export interface TargetRefusal {
  ok: false;
  field: 'url';
  reason: string;
}

export type TargetCheck = { ok: true; url: URL /** The host without IPv6 brackets. */; host: string; address: string; family: 4 | 6 } | TargetRefusal;

const refuse = (reason: string): TargetRefusal => ({ ok: false, field: 'url', reason });

/** The rules that need no network: length, scheme, no credentials, a host. */
export function parseTargetUrl(text: string): { ok: true; url: URL } | TargetRefusal {
  if (text.length > URL_MAX_LENGTH) return refuse(`must be at most ${URL_MAX_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('must be an http or https URL');
  if (url.username || url.password) return refuse('must not hold a user name or password');
  if (!url.hostname) return refuse('must name a host');
  if (url.hash) return refuse('must not have a #fragment');
  return { ok: true, url };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('lookup timed out'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks a webhook URL and resolves its host. On success, `address` is the one to connect
 * to. Every address the host resolves to must be allowed, not just the first: otherwise a
 * second lookup (the connection's own) could pick the other one.
 */
export async function checkTargetUrl(text: string, options: TargetUrlOptions = {}): Promise<TargetCheck> {
  const parsed = parseTargetUrl(text);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allowPrivate = options.allowPrivateTargets === true;

  if (isIP(host)) {
    const why = refusedAddress(host);
    if (why && !allowPrivate) return refuse(`its host is ${why}; webhooks are only sent to public addresses`);
    return { ok: true, url, host, address: host, family: isIP(host) === 6 ? 6 : 4 };
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!allowPrivate && (name === 'localhost' || name.endsWith('.localhost'))) {
    return refuse('its host is a loopback name; webhooks are only sent to public addresses');
  }

  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await withTimeout((options.resolve ?? systemResolver)(host), options.resolveTimeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return refuse(`its host ${host} does not resolve`);
    return refuse(`its host ${host} could not be resolved now (${code ?? 'lookup failed'}); try again`);
  }
  if (addresses.length === 0) return refuse(`its host ${host} does not resolve`);
  if (!allowPrivate) {
    // The address itself is not echoed: it would map the gateway's internal DNS for the caller.
    const why = addresses.map((a) => refusedAddress(a.address)).find((reason) => reason !== null);
    if (why) return refuse(`its host resolves to ${why}; webhooks are only sent to public addresses`);
  }
  const [first] = addresses as [ResolvedAddress];
  return { ok: true, url, host, address: first.address, family: first.family };
}
