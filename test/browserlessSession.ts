import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { multipart } from './multipart.js'

/**
 * A person at a browser, without the browser: keeps cookies between requests, reads the
 * CSRF token from the last page and posts forms as a browser would (urlencoded).
 */
export class FormSession {
  readonly cookies = new Map<string, string>()
  lastPage = ''

  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && new Date(c.expires).getTime() < Date.now()))
        this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    if (String(res.headers['content-type'] ?? '').startsWith('text/html')) this.lastPage = res.body
    return res
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  csrfToken(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastPage)
    if (!match?.[1]) throw new Error('No CSRF token on the last page')
    return match[1]
  }

  async get(url: string) {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }),
    )
  }

  /** Posts the fields; a list is sent as the same field repeated, as ticked checkboxes are. */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams(options.csrf === false ? {} : { _csrf: this.csrfToken() })
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one)
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    )
  }

  /** Posts a form with a file (multipart), with the CSRF token from the last page, as a browser does. */
  async postFile(
    url: string,
    fields: Record<string, string>,
    file: { name?: string; bytes: Buffer } | undefined,
    fileField = 'file',
  ) {
    const body = multipart({ _csrf: this.csrfToken(), ...fields }, file, fileField)
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': body.contentType },
        payload: body.payload,
      }),
    )
  }

  /**
   * Posts a form whose action issues a letter as a person does: the first press shows the letter
   * (see before you send), the second sends the letter that was shown. A form with errors, or an
   * action that sends no letter this time, answers the first press.
   */
  async postWithLetter(url: string, fields: Record<string, string | string[]>) {
    const shown = await this.post(url, fields)
    const checksum = /name="letterChecksum" value="([^"]+)"/.exec(shown.body)?.[1]
    if (!checksum || shown.statusCode !== 200) return shown
    return this.post(url, { ...fields, intent: 'send', letterChecksum: checksum })
  }

  async signIn(email: string, password: string) {
    await this.get('/sign-in')
    return this.post('/sign-in', { email, password })
  }
}
