import { z } from 'zod'
import { ApiError } from '../errors.js'

// zod's own Spanish for the detail of a mismatch; built once, it is a pure function of the issue.
const spanish = z.locales.es().localeError

/** Parses a request body with its schema; a mismatch is a 400 naming the first problem, in English and Spanish. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  // The input rides on the issue only for zod's Spanish ("se esperaba texto, recibido número"); it is never sent.
  const result = schema.safeParse(body ?? {}, { reportInput: true })
  if (result.success) return result.data
  const issue = result.error.issues[0]
  if (!issue) throw new ApiError(400, 'invalid', 'http.badRequest')
  const detail = { en: issue.message, es: spanishDetail(issue) }
  if (issue.path.length === 0) throw new ApiError(400, 'invalid', ['validation.body', { detail }])
  throw new ApiError(400, 'invalid', ['validation.field', { path: issue.path.join('.'), detail }])
}

/** zod's Spanish for an issue; a schema's own message (a refine's English words) has no Spanish, so it says "not valid". */
function spanishDetail(issue: z.core.$ZodIssue): string {
  const said = issue.code === 'custom' ? undefined : spanish(issue as Parameters<typeof spanish>[0])
  const text = typeof said === 'string' ? said : said?.message
  return text ?? 'valor no válido'
}
