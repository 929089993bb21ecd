/**
 * Issue 15, API errors in the reader's language: which language a request
 * gets, and that every message renders in both (the catalogs' keys and
 * placeholders are checked in catalogs.test.ts).
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import { ApiError, notFound } from '../../server/errors.js'
import { acceptedLocale, API_ERROR_CATALOGS, type ApiErrorKey, renderApiError } from '../../server/i18n/api-errors.js'

describe('the language of an answer', () => {
  it('is the first of English and Spanish the Accept-Language header lists, by preference', () => {
    expect(acceptedLocale(undefined)).toBe('en')
    expect(acceptedLocale('')).toBe('en')
    expect(acceptedLocale('es-MX,es;q=0.9')).toBe('es')
    expect(acceptedLocale('ES')).toBe('es')
    expect(acceptedLocale('fr-CA, es;q=0.8, en;q=0.7')).toBe('es')
    expect(acceptedLocale('en-US,en;q=0.9,es;q=0.8')).toBe('en')
    expect(acceptedLocale('en;q=0.5, es;q=0.9')).toBe('es')
    expect(acceptedLocale('es;q=0, en')).toBe('en')
    expect(acceptedLocale('de, fr')).toBe('en')
    expect(acceptedLocale('*')).toBe('en')
  })
})

/** Sample values for a message's arguments: a number where it counts (plural), else a word. */
function sampleValues(elements: MessageFormatElement[], into: Record<string, string | number> = {}) {
  for (const e of elements) {
    if (e.type === TYPE.argument) into[e.value] = 'x'
    if (e.type === TYPE.number || e.type === TYPE.plural) into[e.value] = 3
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const o of Object.values(e.options)) sampleValues(o.value, into)
  }
  return into
}

describe('the API error catalogs', () => {
  const keys = Object.keys(API_ERROR_CATALOGS.en) as ApiErrorKey[]

  it('render every message in both languages, and the Spanish is not the English', () => {
    const same: string[] = []
    for (const key of keys) {
      const values = sampleValues(parse(API_ERROR_CATALOGS.en[key], { ignoreTag: true }))
      const en = renderApiError('en', key, values)
      const es = renderApiError('es', key, values)
      expect(en.length).toBeGreaterThan(0)
      if (en === es && key !== 'validation.body') same.push(key)
    }
    expect(same).toEqual([])
  })

  it('an ApiError keeps its English words as its message and says the same in Spanish on request', () => {
    const error = notFound('platform')
    expect(error.message).toBe('No such platform.')
    expect(error.messageIn('es')).toBe('Esa plataforma no existe.')
    const tooLong = new ApiError(413, 'too_long', ['comments.tooLong', { max: 10_000 }])
    expect(tooLong.message).toBe('A comment may have at most 10000 characters.')
    expect(tooLong.messageIn('es')).toBe('Un comentario puede tener como máximo 10000 caracteres.')
    const field = new ApiError(400, 'invalid', ['validation.field', { path: 'title', detail: { en: 'Too big', es: 'Demasiado grande' } }])
    expect(field.message).toBe('title: Too big')
    expect(field.messageIn('es')).toBe('El campo «title» no es válido: Demasiado grande')
  })
})
