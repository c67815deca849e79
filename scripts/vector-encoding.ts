/*
 * What both vector scripts write out for themselves, apart from shared/crypto, so the
 * vectors check the code instead of repeating it: PROTOCOL.md §3.2's length-prefixed
 * encoding, and the hex and base64url the vector files use.
 */

const encoder = new TextEncoder();

export const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** The protocol's length-prefixed encoding (PROTOCOL.md, "Labelled, length-prefixed fields"). */
export function fields(label: string, parts: readonly Uint8Array[]): Uint8Array {
  const all = [encoder.encode(label), ...parts];
  const out = new Uint8Array(all.reduce((sum, part) => sum + 4 + part.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of all) {
    view.setUint32(offset, part.length, false);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}
