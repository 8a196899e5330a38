import type { FastifyInstance } from 'fastify'

/** Every route the app serves, as method and URL pattern, read from Fastify's own route tree. */
export function routesOf(app: FastifyInstance): { method: string; url: string }[] {
  const stack: string[] = []
  const routes: { method: string; url: string }[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line)
    if (!match) continue
    const depth = (match[1] ?? '').length / 4
    const fragment = match[2] ?? ''
    const parent = depth > 0 ? (stack[depth - 1] ?? '') : ''
    const url =
      depth === 0
        ? fragment
        : fragment.startsWith('/') || parent.endsWith('/')
          ? parent + fragment
          : `${parent}/${fragment}`
    stack[depth] = url
    stack.length = depth + 1
    for (const method of (match[3] ?? '').split(', ')) if (method !== 'HEAD') routes.push({ method, url })
  }
  return routes
}
