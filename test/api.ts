import type { TestApp } from './app.js'

/** Calls the JSON API as an integration would, with a bearer token; the body is read as JSON. */
export function apiCaller(app: () => TestApp, defaultToken: () => string) {
  return async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    token = defaultToken(),
    headers: Record<string, string> = {},
  ) => {
    const res = await app().app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
    // biome-ignore lint/suspicious/noExplicitAny: test responses are read field by field
    return { status: res.statusCode, body: (res.body ? res.json() : undefined) as any, headers: res.headers }
  }
}
