// Who the client is. Behind a load balancer the socket's peer is the proxy, and the client
// is named in X-Forwarded-For; but anyone can send that header, so it counts only from
// peers the operator trusts (TRUST_PROXY), the way Express decides `req.ip` (proxy-addr).
// The address keys anonymous budgets and login throttles (docs/limits.md).
import proxyaddr from 'proxy-addr';

export type TrustProxy = (address: string, hop: number) => boolean;

/** "false" trusts nobody; a number trusts that many hops; otherwise a list of addresses and ranges. */
export function trustProxyFunction(setting: string): TrustProxy {
  const value = setting.trim();
  if (value === '' || value === 'false') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

export function isValidTrustProxy(setting: string): boolean {
  try {
    trustProxyFunction(setting);
    return true;
  } catch {
    return false;
  }
}

/** The client's address: the socket peer, or what trusted proxies say it is. */
export function clientAddress(remoteAddress: string, forwardedFor: string | null, trust: TrustProxy): string {
  // proxy-addr reads a Node request; these two fields are all it looks at.
  const request = { connection: { remoteAddress }, socket: { remoteAddress }, headers: { 'x-forwarded-for': forwardedFor ?? undefined } };
  return proxyaddr(request as never, trust);
}
