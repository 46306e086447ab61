import { RuleViolation } from './types';
import { violationsFor } from './violation';

type ParsedAddress = { version: 4 | 6; value: bigint; bits: 32 | 128 };

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    // No leading zeros: some parsers read them as octal.
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) {
      return undefined;
    }
    value = value * 256 + Number(part);
  }
  return value;
}

function parseIpv6Groups(part: string, allowIpv4Tail: boolean) {
  if (part === '') return [];
  const groups: number[] = [];
  const items = part.split(':');
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.includes('.') && allowIpv4Tail && i === items.length - 1) {
      const v4 = parseIpv4(item);
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
      groups.push(parseInt(item, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = parseIpv6Groups(halves[0], !compressed);
  const tail = compressed ? parseIpv6Groups(halves[1], true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function parseAddress(text: string): ParsedAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { version: 6, value, bits: 128 };
  }
  const value = parseIpv4(text);
  return value === undefined
    ? undefined
    : { version: 4, value: BigInt(value), bits: 32 };
}

function formatAddress(address: ParsedAddress): string {
  if (address.version === 4) {
    return [24n, 16n, 8n, 0n]
      .map(shift => ((address.value >> shift) & 255n).toString())
      .join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((address.value >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  // RFC 5952: compress the longest run of two or more zero groups.
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map(g => g.toString(16));
  if (best.start < 0) return hex.join(':');
  const left = hex.slice(0, best.start).join(':');
  const right = hex.slice(best.start + best.length).join(':');
  return `${left}::${right}`;
}

/**
 * An IPv4 or IPv6 CIDR block for an `aws:SourceIp` condition. The prefix
 * length is required and host bits must be zero: `10.0.0.5/24` is ambiguous
 * (one address or the whole /24?), so the message offers both readings.
 *
 * @public
 */
export function validateCidr(
  cidr: string,
  field = 'egressCidrs',
): RuleViolation | undefined {
  const fail = violationsFor(field);
  const slash = cidr.indexOf('/');
  const address = parseAddress(slash < 0 ? cidr : cidr.slice(0, slash));
  if (!address) {
    return fail(
      'cidr-address',
      'must start with an IPv4 (203.0.113.0) or IPv6 (2001:db8::) address',
    );
  }
  if (slash < 0) {
    return fail(
      'cidr-prefix-length-missing',
      `must state a prefix length, e.g. ${cidr}/${address.bits} for this one address`,
    );
  }
  const lengthText = cidr.slice(slash + 1);
  const length = Number(lengthText);
  if (!/^(0|[1-9]\d{0,2})$/.test(lengthText) || length > address.bits) {
    return fail(
      'cidr-prefix-length',
      `must have a prefix length from 1 to ${address.bits}`,
    );
  }
  if (length === 0) {
    return fail(
      'cidr-too-broad',
      'matches every address; leave the egress CIDRs out instead',
    );
  }
  const hostBits = BigInt(address.bits - length);
  const network = (address.value >> hostBits) << hostBits;
  if (network !== address.value) {
    const net = formatAddress({ ...address, value: network });
    return fail(
      'cidr-host-bits',
      `has host bits set: write ${net}/${length} for the network or ${formatAddress(
        address,
      )}/${address.bits} for the one address`,
    );
  }
  return undefined;
}

/**
 * Canonical text of a valid CIDR, to find duplicates written differently.
 *
 * @public
 */
export function normalizeCidr(cidr: string): string {
  const [addressText, length] = cidr.split('/');
  const address = parseAddress(addressText);
  return address ? `${formatAddress(address)}/${length}` : cidr;
}

/**
 * A list of CIDRs: each valid, none repeated.
 *
 * @public
 */
export function validateCidrs(
  cidrs: readonly string[],
  field = 'egressCidrs',
): RuleViolation[] {
  const out: RuleViolation[] = [];
  const seen = new Set<string>();
  cidrs.forEach((cidr, i) => {
    const itemField = `${field}.${i}`;
    const broken = validateCidr(cidr, itemField);
    if (broken) {
      out.push(broken);
      return;
    }
    const canonical = normalizeCidr(cidr);
    if (seen.has(canonical)) {
      out.push(
        violationsFor(itemField)('cidr-duplicate', `repeats ${canonical}`),
      );
    }
    seen.add(canonical);
  });
  return out;
}

/**
 * True for RFC 1918, unique-local and similar ranges that aws:SourceIp never sees.
 *
 * @public
 */
export function isPrivateCidr(cidr: string): boolean {
  const address = parseAddress(cidr.split('/')[0]);
  if (!address) return false;
  const inBlock = (base: string, length: number) => {
    const b = parseAddress(base)!;
    if (b.version !== address.version) return false;
    const shift = BigInt(b.bits - length);
    return address.value >> shift === b.value >> shift;
  };
  return (
    inBlock('10.0.0.0', 8) ||
    inBlock('172.16.0.0', 12) ||
    inBlock('192.168.0.0', 16) ||
    inBlock('100.64.0.0', 10) ||
    inBlock('fc00::', 7) ||
    inBlock('fe80::', 10)
  );
}
