import { createHmac, timingSafeEqual } from 'node:crypto'
import type { HmacHex } from '../../domain/webhooks/signing.js'

/** HMAC-SHA256 as lowercase hex: the signature's one implementation, for sending and for checking. */
export const hmacSha256Hex: HmacHex = (key, message) =>
  createHmac('sha256', key).update(message, 'utf8').digest('hex')

/** Compares two signatures in constant time (a receiver should too). */
export const sameSignature = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
