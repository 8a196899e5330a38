import type { SignedInStaff } from '../services/authentication.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The member of staff making the request, once authenticated. */
    staff: SignedInStaff | undefined
    /** The raw session cookie value, for web requests that have one. */
    sessionToken: string | undefined
    /** Counts shown beside navigation links, by link (the emails waiting in the inbox). */
    navigationCounts: Record<string, number> | undefined
  }
  interface FastifyContextConfig {
    /** An API route anyone may call without a token (getting a token, the API's description). */
    public?: boolean
  }
  interface FastifyReply {
    /** The CSRF token for forms on the page being rendered. */
    csrfToken: string
    /** Renders a Nunjucks view with the layout's shared values. */
    view(template: string, context?: Record<string, unknown>): FastifyReply
  }
}
