import { generateSecret, generateURI, verify } from 'otplib';

/*
 * The second factor: RFC 6238 time-based codes (30 s, 6 digits, SHA-1: what every
 * authenticator app reads from a QR code), through otplib. A code is accepted one
 * step either side of now, and each step once per account (the store keeps the last
 * one used).
 */

const ISSUER = 'Jourchatt';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(label: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label, secret });
}

/** The time step the code belongs to, if it is valid now and later than `afterStep`. */
export async function checkTotp(
  secret: string,
  code: string,
  afterStep: number,
  now = Date.now(),
): Promise<number | undefined> {
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(now / 1000),
      epochTolerance: 30,
      afterTimeStep: afterStep,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  } catch {
    return undefined;
  }
}
