// Which IP addresses a webhook may be sent to: none that reach into the gateway's own
// network (loopback, private, link-local, unique-local, CGNAT), cloud metadata services, or
// addresses that are not unicast on the internet. An IPv6 address that carries an IPv4 one
// (IPv4-mapped, NAT64, 6to4) is judged by the IPv4 address it carries.
import { isIP } from 'node:net';

/** [first address, prefix length, what it is]; IPv4 ranges are written in their IPv4-mapped form. */
const REFUSED: readonly (readonly [string, number, string])[] = [
  ['169.254.169.254', 32, 'a cloud metadata address'],
  ['168.63.129.16', 32, 'a cloud metadata address'],
  ['fd00:ec2::254', 128, 'a cloud metadata address'],
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT (shared) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['::', 96, 'an IPv4-compatible address (deprecated)'],
  ['100::', 64, 'a discard address'],
  ['2001::', 23, 'an IETF protocol address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['fc00::', 7, 'a unique-local address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
].map(
  ([address, prefix, what]) =>
    [address as string, isIP(address as string) === 4 ? 96 + (prefix as number) : (prefix as number), what as string] as const,
);

function ipv4Bytes(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** The 16 bytes of an IPv6 address (IPv4 addresses become IPv4-mapped), or null when it is not an address. */
export function addressBytes(text: string): Uint8Array | null {
  const address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = isIP(address);
  if (kind === 4) return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ipv4Bytes(address)!]);
  if (kind !== 6) return null;
  let body = address;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    tail = ipv4Bytes(body.slice(lastColon + 1))!;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = body.split('::') as [string, string | undefined];
  const groups = (s: string) => (s ? s.split(':') : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  if (tail.length) bytes.set(tail, 12);
  return bytes;
}

function inRange(bytes: Uint8Array, first: Uint8Array, prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (first[bit / 8]! & mask)) return false;
  }
  return true;
}

const RANGES = REFUSED.map(([address, prefix, what]) => ({ first: addressBytes(address)!, prefix, what }));
const NAT64 = addressBytes('64:ff9b::')!;
const NAT64_LOCAL = addressBytes('64:ff9b:1::')!;
const SIX_TO_FOUR = addressBytes('2002::')!;

/**
 * Why a webhook may not be sent to `address` (e.g. "a loopback address"), or null when it
 * is a public unicast address. Anything that is not an IP address is refused too.
 */
export function refusedAddress(address: string): string | null {
  const bytes = addressBytes(address);
  if (!bytes) return 'not an IP address';
  // Addresses that carry an IPv4 address are judged by it.
  if (inRange(bytes, NAT64, 96)) return refusedAddress(ipv4Text(bytes.subarray(12)));
  if (inRange(bytes, NAT64_LOCAL, 48)) return 'a local-use NAT64 address';
  if (inRange(bytes, SIX_TO_FOUR, 16)) return refusedAddress(ipv4Text(bytes.subarray(2, 6)));
  for (const range of RANGES) if (inRange(bytes, range.first, range.prefix)) return range.what;
  return null;
}

function ipv4Text(bytes: ArrayLike<number>): string {
  return Array.from(bytes).join('.');
}
