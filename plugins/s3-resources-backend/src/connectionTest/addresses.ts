import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is not a plain public unicast address. */
export type AddressClass =
  | 'metadata'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved';

const CLASS_NAMES: Record<AddressClass, string> = {
  metadata: 'a cloud metadata address',
  unspecified: 'the unspecified address',
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  shared: 'a shared (carrier-grade NAT, 100.64.0.0/10) address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local IPv6 address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

export function describeAddressClass(kind: AddressClass): string {
  return CLASS_NAMES[kind];
}

/** Instance metadata and credential services; never reachable, whatever the allow-list says. */
const METADATA_V4 = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, …
  '169.254.170.2', // AWS ECS task metadata
  '169.254.170.23', // Amazon EKS Pod Identity
  '169.254.169.123', // AWS time sync
  '100.100.100.200', // Alibaba Cloud
]);
const METADATA_V6 = new Set([
  'fd00:ec2:0:0:0:0:0:254', // AWS instance metadata over IPv6
  'fd00:ec2:0:0:0:0:0:23', // Amazon EKS Pod Identity over IPv6
]);

/**
 * Kinds no allow-list entry opens, not even with `allowPrivateAddresses`:
 * the metadata services above, and the link-local ranges (169.254.0.0/16,
 * fe80::/10) where such services answer and a portal has nothing to reach.
 */
export function isNeverAllowed(kind: AddressClass): boolean {
  return kind === 'metadata' || kind === 'link-local';
}

function v4ToInt(ip: string): number {
  return ip
    .split('.')
    .reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function intToV4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const V4_RANGES: Array<[string, number, AddressClass]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function classifyV4(ip: string): AddressClass | undefined {
  if (METADATA_V4.has(ip)) return 'metadata';
  const n = v4ToInt(ip);
  for (const [base, bits, kind] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === v4ToInt(base)) return kind;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (which may end in a dotted quad). */
function v6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const tail: number[] = [];
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    tail.push(n >>> 16, n & 0xffff);
    text = text.slice(0, -dotted[1].length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const [head, rest] = text.split('::');
  const parse = (s: string) =>
    s ? s.split(':').map(g => parseInt(g, 16)) : ([] as number[]);
  const left = parse(head);
  const right = [...(rest === undefined ? [] : parse(rest)), ...tail];
  if (rest === undefined) return [...left, ...tail];
  const fill = new Array(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

function embeddedV4(groups: number[], at: number): string {
  return intToV4(((groups[at] << 16) | groups[at + 1]) >>> 0);
}

function classifyV6(ip: string): AddressClass | undefined {
  const g = v6Groups(ip);
  const key = g.map(x => x.toString(16)).join(':');
  if (METADATA_V6.has(key)) return 'metadata';
  const zeroUpTo = (n: number) => g.slice(0, n).every(x => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d: judge the IPv4 address
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(embeddedV4(g, 6));
  if (zeroUpTo(6)) return classifyV4(embeddedV4(g, 6)) ?? 'reserved';
  // NAT64 64:ff9b::a.b.c.d reaches the IPv4 address; 64:ff9b:1::/48 is local use
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    if (g.slice(2, 6).every(x => x === 0)) return classifyV4(embeddedV4(g, 6));
    if (g[2] === 1) return 'private';
  }
  // 6to4 2002:aabb:ccdd::/48 carries an IPv4 address
  if (g[0] === 0x2002) return classifyV4(embeddedV4(g, 1));
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x100 && g.slice(1, 4).every(x => x === 0)) return 'reserved'; // discard
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'reserved'; // documentation
  return undefined;
}

/**
 * What kind of non-public address `ip` is, or undefined for a public unicast
 * address. IPv4 embedded in IPv6 (mapped, compatible, NAT64, 6to4) is judged
 * as the IPv4 address it reaches.
 */
export function classifyAddress(ip: string): AddressClass | undefined {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return classifyV4(bare);
  if (isIPv6(bare)) return classifyV6(bare);
  return undefined;
}

/** Whether `host` (a URL hostname, IPv6 in brackets or not) is an IP literal. */
export function isIpLiteral(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIPv4(bare) || isIPv6(bare);
}
