import argon2 from 'argon2'

// OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane): strong, and quick enough that
// a sign-in stays well under a second on a small server.
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options)
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined
/** Spends the same time on an unknown email as on a known one, so timing does not reveal accounts. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('not a real password, used only to spend time')
  await verifyPassword(await dummyHash, password)
  return false
}
