import ipaddr from 'ipaddr.js';

/*
 * The network a client address belongs to, for limits that one host must not dodge by
 * changing its address: on IPv6 one host is given a whole /64 (and can pick any address
 * in it), on IPv4 a household or an attacker's rented block is usually a /24. A limit
 * keyed on the prefix counts them as one. The prefix, like the address, is only ever
 * keyed (AddressKeyer) before it is used.
 */

export interface PrefixLengths {
  /** Bits of an IPv4 address that name its network (24 by default). */
  v4: number;
  /** Bits of an IPv6 address that name its network (64 by default). */
  v6: number;
}

/** `203.0.113.0/24` for `203.0.113.7`; IPv4-mapped IPv6 counts as IPv4; junk stays as it came. */
export function addressPrefix(address: string | undefined, lengths: PrefixLengths): string {
  if (address === undefined || !ipaddr.isValid(address)) return address ?? 'unknown';
  const parsed = ipaddr.process(address);
  const bits = parsed.kind() === 'ipv4' ? lengths.v4 : lengths.v6;
  const bytes = parsed.toByteArray().map((byte, index) => {
    const keep = Math.max(0, Math.min(8, bits - index * 8));
    return byte & (0xff << (8 - keep)) & 0xff;
  });
  const network =
    parsed.kind() === 'ipv4' ? new ipaddr.IPv4(bytes) : new ipaddr.IPv6(toParts(bytes));
  return `${network.toString()}/${bits}`;
}

function toParts(bytes: number[]): number[] {
  const parts: number[] = [];
  for (let index = 0; index < bytes.length; index += 2) {
    parts.push(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
  }
  return parts;
}
