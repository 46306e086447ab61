import fc from 'fast-check';
import {
  isPrivateCidr,
  normalizeCidr,
  validateCidr,
  validateCidrs,
} from './cidr';

describe('validateCidr', () => {
  it.each([
    '203.0.113.0/24',
    '203.0.113.5/32',
    '198.51.100.128/25',
    '0.0.0.0/1',
    '2001:db8::/32',
    '2001:db8:0:0:0:0:0:1/128',
    '2001:DB8::/48',
    '::ffff:203.0.113.0/120',
    '::/1',
    '2001:db8::192.0.2.1/128',
  ])('accepts %s', cidr => {
    expect(validateCidr(cidr)).toBeUndefined();
  });

  it.each([
    ['1.2.3/24', 'cidr-address'],
    ['1.2.3.4.5/32', 'cidr-address'],
    ['2001:db8::/3a', 'cidr-prefix-length'],
    ['10.0.0.0/08', 'cidr-prefix-length'],
    ['10.0.0.0/', 'cidr-prefix-length'],
    ['1:2:3:4:5:6:7:8:9/128', 'cidr-address'],
    ['1:2:3:4:5:6:7/112', 'cidr-address'],
    ['1::2::3/128', 'cidr-address'],
    // '::' stands for at least one group
    ['1:2:3:4::5:6:7:8/128', 'cidr-address'],
    ['fe80::1%eth0/128', 'cidr-address'],
    ['::/0', 'cidr-too-broad'],
  ])('refuses %s (%s)', (cidr, rule) => {
    expect(validateCidr(cidr)?.rule).toBe(rule);
  });

  it('offers both readings of a CIDR with host bits', () => {
    expect(validateCidr('10.0.0.5/24')?.message).toContain(
      '10.0.0.0/24 for the network or 10.0.0.5/32',
    );
    expect(validateCidr('2001:db8::1/64')?.message).toContain(
      '2001:db8::/64 for the network or 2001:db8::1/128',
    );
  });

  const ipv4 = fc.tuple(
    fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    fc.integer({ min: 1, max: 32 }),
  );

  it('accepts every IPv4 network address with its prefix length', () => {
    fc.assert(
      fc.property(ipv4, ([value, length]) => {
        const network =
          length === 32 ? value : value - (value % 2 ** (32 - length));
        const text = [24, 16, 8, 0]
          .map(s => Math.floor(network / 2 ** s) % 256)
          .join('.');
        expect(validateCidr(`${text}/${length}`)).toBeUndefined();
      }),
    );
  });

  it('agrees with itself on IPv6 normal forms', () => {
    fc.assert(
      fc.property(
        fc.ipV6(),
        fc.integer({ min: 1, max: 128 }),
        (address, length) => {
          const cidr = `${address}/${length}`;
          const result = validateCidr(cidr);
          // the only thing wrong with a well-formed address is host bits,
          // and the network the message offers is valid and canonical
          expect([undefined, 'cidr-host-bits']).toContain(result?.rule);
          const offered = /write (\S+) for the network/.exec(
            result?.message ?? '',
          );
          const fixed = offered ? offered[1] : normalizeCidr(cidr);
          expect(validateCidr(fixed)).toBeUndefined();
          expect(normalizeCidr(fixed)).toBe(fixed);
        },
      ),
    );
  });
});

describe('validateCidrs', () => {
  it('finds duplicates written differently and names the item', () => {
    expect(validateCidrs(['203.0.113.0/24', 'bad', '203.0.113.0/24'])).toEqual([
      expect.objectContaining({ field: 'egressCidrs.1', rule: 'cidr-address' }),
      expect.objectContaining({
        field: 'egressCidrs.2',
        rule: 'cidr-duplicate',
      }),
    ]);
  });
});

describe('isPrivateCidr', () => {
  it.each([
    ['10.1.0.0/16', true],
    ['172.20.0.0/16', true],
    ['192.168.1.0/24', true],
    ['fd00::/8', true],
    ['203.0.113.0/24', false],
    ['2001:db8::/32', false],
  ])('%s → %s', (cidr, expected) => {
    expect(isPrivateCidr(cidr)).toBe(expected);
  });
});
