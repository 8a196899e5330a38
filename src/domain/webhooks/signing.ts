/**
 * How a delivery is signed, and how a receiver checks it: HMAC-SHA256, keyed with the endpoint's
 * secret (the whole `whsec_…` string as UTF-8), over `<timestamp>.<body>`, as lowercase hex, sent
 * as `Webhook-Signature: v1=<hex>`. While a rotated secret is still honoured, the header carries
 * one `v1=` per secret, separated by a space. The domain stays free of Node's modules, so the
 * HMAC itself is given (`hmacHex`) by the caller.
 */
export type HmacHex = (key: string, message: string) => string

/** A receiver refuses a timestamp further than this from its own clock (replay). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60

export const signedContent = (timestamp: number, body: string) => `${timestamp}.${body}`

export function signatureHeader(
  hmacHex: HmacHex,
  secrets: readonly string[],
  timestamp: number,
  body: string,
) {
  return secrets.map((s) => `v1=${hmacHex(s, signedContent(timestamp, body))}`).join(' ')
}

export type Verification = { ok: true } | { ok: false; why: 'no_signature' | 'too_old' | 'mismatch' }

/** What a receiver does, exactly as the documentation says: the timestamp first, then any `v1=` matching. */
export function verifySignature(
  hmacHex: HmacHex,
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
  equal: (a: string, b: string) => boolean = (a, b) => a === b,
): Verification {
  const timestamp = Number(headers.timestamp)
  if (!headers.signature || !headers.timestamp || !Number.isInteger(timestamp))
    return { ok: false, why: 'no_signature' }
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, why: 'too_old' }
  const expected = hmacHex(secret, signedContent(timestamp, body))
  const given = headers.signature
    .split(' ')
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3))
  return given.some((g) => g.length === expected.length && equal(g, expected))
    ? { ok: true }
    : { ok: false, why: 'mismatch' }
}
