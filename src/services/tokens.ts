import { createHash, randomBytes } from 'node:crypto'

/** Sessions and API tokens are stored only as this hash of the secret their holder keeps. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** A 256-bit random secret with a prefix saying what it is (ses_ for a session, cst_ for an API token). */
export const newToken = (prefix: 'ses' | 'cst' | 'drf' | 'trk' | 'res') =>
  `${prefix}_${randomBytes(32).toString('base64url')}`
