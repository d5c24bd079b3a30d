import { randomBytes } from 'node:crypto';

/** A fresh CSP nonce: 128 random bits, base64url (a valid CSP base64-value). One per page load. */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}
