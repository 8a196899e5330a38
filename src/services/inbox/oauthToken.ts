import type { OAuthClientCredentials } from '../../config.js'

/** A token is renewed this long before it expires, so a poll never starts with one about to lapse. */
export const RENEW_BEFORE_MS = 5 * 60_000

type Held = { token: string; expiresAt: number }

/**
 * Access tokens for the complaints mailbox from the OAuth2 client credentials grant (RFC 6749
 * 4.4), as Microsoft 365 and Google issue them for a service reading a mailbox: fetched when
 * first needed, kept until five minutes before they expire, then fetched again. A static
 * IMAP_ACCESS_TOKEN lapses within the hour; these do not.
 */
export function oauthTokenSource(
  client: OAuthClientCredentials,
  now: () => number = Date.now,
  fetchImpl: typeof fetch = fetch,
) {
  let held: Held | undefined
  return async function accessToken(): Promise<string> {
    if (held && held.expiresAt - RENEW_BEFORE_MS > now()) return held.token
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      ...(client.scope ? { scope: client.scope } : {}),
    })
    const answer = await fetchImpl(client.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(30_000),
    })
    const json = (await answer.json().catch(() => ({}))) as {
      access_token?: unknown
      expires_in?: unknown
      error?: unknown
      error_description?: unknown
    }
    if (!answer.ok || typeof json.access_token !== 'string' || !json.access_token) {
      held = undefined
      const why = [json.error, json.error_description].filter((x) => typeof x === 'string').join(': ')
      throw new Error(
        `The OAuth2 token endpoint (IMAP_OAUTH_TOKEN_URL) gave no access token for the mailbox: HTTP ${answer.status}${why ? `, ${why}` : ''}`,
      )
    }
    // Without expires_in (it is only RECOMMENDED), a token is taken to last an hour.
    const seconds = Number(json.expires_in)
    held = {
      token: json.access_token,
      expiresAt: now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000,
    }
    return held.token
  }
}
