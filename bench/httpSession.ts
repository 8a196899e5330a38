import http from 'node:http'

export type HttpAnswer = { status: number; bytes: number; body: string; contentType: string }

/**
 * A signed-in person's browser, for the page benchmarks: one kept-alive connection, cookies kept,
 * every answer read to its end (streamed downloads included, whatever their transfer encoding),
 * bodies kept only when they are pages, so a 20 MB download does not weigh on the bench.
 */
export function httpSession(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const { hostname, port } = new URL(base)
  const cookies = new Map<string, string>()
  let lastPage = ''

  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
      const req = http.request(
        {
          agent,
          host: hostname,
          port: Number(port),
          method,
          path,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
            ...headers,
          },
        },
        (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair] = line.split(';')
            const eq = pair?.indexOf('=') ?? -1
            if (!pair || eq < 0) continue
            const name = pair.slice(0, eq).trim()
            const value = pair.slice(eq + 1).trim()
            if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name)
            else cookies.set(name, value)
          }
          const contentType = String(res.headers['content-type'] ?? '')
          const keep = contentType.startsWith('text/html') || contentType.startsWith('application/json')
          const chunks: Buffer[] = []
          let bytes = 0
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length
            if (keep) chunks.push(chunk)
          })
          res.on('end', () => {
            const text = keep ? Buffer.concat(chunks).toString('utf8') : ''
            if (contentType.startsWith('text/html')) lastPage = text
            resolve({ status: res.statusCode ?? 0, bytes, body: text, contentType })
          })
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      if (body !== undefined) req.write(body)
      req.end()
    })

  const csrf = () => {
    const token = /name="_csrf" value="([^"]+)"/.exec(lastPage)?.[1]
    if (!token) throw new Error('No CSRF token on the last page')
    return token
  }

  return {
    get: (path: string, headers: Record<string, string> = {}) => send('GET', path, headers),
    /** A form posted as a browser posts it, with the last page's CSRF token. */
    postForm(path: string, fields: Record<string, string>) {
      const body = new URLSearchParams({ _csrf: csrf(), ...fields }).toString()
      return send('POST', path, { 'content-type': 'application/x-www-form-urlencoded' }, body)
    },
    postJson: (path: string, json: unknown, headers: Record<string, string> = {}) =>
      send('POST', path, { 'content-type': 'application/json', ...headers }, JSON.stringify(json)),
    async signIn(email: string, password: string) {
      await send('GET', '/sign-in', {})
      const answer = await this.postForm('/sign-in', { email, password, next: '/' })
      if (answer.status !== 303 && answer.status !== 302)
        throw new Error(`Signing in as ${email} answered ${answer.status}`)
    },
    close: () => agent.destroy(),
  }
}
