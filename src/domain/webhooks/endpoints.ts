import { notNow, Problems } from '../rules.js'
import { isWebhookEventType, type WebhookEventType } from './events.js'

/** Active: sent to. Paused: held for. Removed: kept with what was sent to it, never sent to again. */
export const endpointStatuses = ['active', 'paused', 'removed'] as const
export type EndpointStatus = (typeof endpointStatuses)[number]

/** A removed endpoint is kept as a record; it cannot be changed, paused, resumed or pinged. */
export function checkNotRemoved(status: EndpointStatus): void {
  if (status === 'removed')
    throw notNow('The endpoint was removed: it is kept as a record and cannot be changed')
}

/** What an administrator gives for an endpoint. */
export type EndpointInput = { url: string; description: string; events: string[] }
export type CheckedEndpoint = { url: string; description: string; events: WebhookEventType[] }

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * An endpoint's address: https, so what is sent and its signature travel encrypted; plain http
 * only to this machine (localhost, 127.0.0.1, ::1), for trying a receiver out.
 */
export function checkEndpoint(input: EndpointInput): CheckedEndpoint {
  const problems = new Problems()
  const url = input.url.trim()
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    problems.add('url', 'Enter the endpoint’s full address, like https://hms.example.org/complaints/webhooks')
  }
  if (parsed) {
    if (parsed.username || parsed.password)
      problems.add(
        'url',
        'The address must not hold a user name or password; the signature proves who sent it',
      )
    else if (parsed.protocol === 'http:' && !LOCAL_HOSTS.has(parsed.hostname))
      problems.add(
        'url',
        'The address must start with https:// (plain http only to localhost or 127.0.0.1, for testing)',
      )
    else if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      problems.add('url', 'The address must start with https://')
  }
  if (url.length > 2000) problems.add('url', 'The address must be 2,000 characters or fewer')
  const description = input.description.trim()
  if (!description) problems.add('description', 'Say what the endpoint is, like “Housing management system”')
  if (description.length > 200) problems.add('description', 'The description must be 200 characters or fewer')
  const events = [...new Set(input.events)]
  if (!events.length) problems.add('events', 'Choose at least one event to send')
  const unknown = events.filter((e) => !isWebhookEventType(e))
  if (unknown.length) problems.add('events', `There is no event called ${unknown.join(', ')}`)
  problems.throwIfAny()
  return { url, description, events: events.filter(isWebhookEventType) }
}

/** A new secret from 32 random bytes (given, as base64url): shown to the administrator, used as the HMAC key. */
export const secretFrom = (randomBase64Url: string) => `whsec_${randomBase64Url}`
