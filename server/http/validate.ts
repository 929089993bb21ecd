import type { z } from 'zod'
import { ApiError } from '../errors.js'

/** Parses a request body with its schema; a mismatch is a 400 naming the first problem. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
  throw new ApiError(400, 'invalid', `${where}${issue?.message ?? 'invalid request'}`)
}
