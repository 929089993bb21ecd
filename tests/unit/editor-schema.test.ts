import { describe, expect, test } from 'vitest'
import { getSchema } from '@tiptap/core'
import type { NodeType } from '@tiptap/pm/model'
import { editorSchemaExtensions } from '../../shared/editor-extensions.js'
import {
  EDITOR_SCHEMA,
  attrValueAllowed,
  elementAttrsAllowed,
  formatAllowed,
  isAllowedHref,
  type AttrRule,
  type MarkRule,
  type NodeRule,
} from '../../shared/editor-schema.js'

const schema = getSchema(editorSchemaExtensions())
const nodes: Record<string, NodeRule> = EDITOR_SCHEMA.nodes
const marks: Record<string, MarkRule> = EDITOR_SCHEMA.marks

/** Every node type a content expression can hold (order and counts ignored). */
function childTypes(type: NodeType): Set<string> {
  const seen = new Set<unknown>()
  const out = new Set<string>()
  const stack = [type.contentMatch]
  while (stack.length > 0) {
    const match = stack.pop()!
    if (seen.has(match)) continue
    seen.add(match)
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i)
      out.add(edge.type.name)
      stack.push(edge.next)
    }
  }
  return out
}

const sorted = (xs: Iterable<string>) => [...xs].sort()

describe('EDITOR_SCHEMA describes the real Tiptap schema', () => {
  test('node and mark names', () => {
    expect(sorted(Object.keys(nodes))).toEqual(sorted(Object.keys(schema.nodes)))
    expect(sorted(Object.keys(marks))).toEqual(sorted(Object.keys(schema.marks)))
    expect(schema.topNodeType.name).toBe('doc')
  })

  test('attribute names and defaults of every node and mark', () => {
    for (const [name, type] of Object.entries(schema.nodes)) {
      const rule = nodes[name]!
      expect(sorted(Object.keys(type.spec.attrs ?? {})), name).toEqual(sorted(Object.keys(rule.attrs)))
      for (const [attr, spec] of Object.entries(type.spec.attrs ?? {})) {
        expect((spec as { default?: unknown }).default, `${name}.${attr}`).toEqual(rule.attrs[attr]!.default)
        expect(
          attrValueAllowed(rule.attrs[attr]!, (spec as { default?: unknown }).default) || rule.attrs[attr]!.default === null,
          `${name}.${attr} default`,
        ).toBe(true)
      }
    }
    for (const [name, type] of Object.entries(schema.marks)) {
      const rule = marks[name]!
      expect(sorted(Object.keys(type.spec.attrs ?? {})), name).toEqual(sorted(Object.keys(rule.attrs)))
      for (const legacy of Object.keys(rule.legacyAttrs)) expect(type.spec.attrs?.[legacy], `${name}.${legacy}`).toBeUndefined()
      expect(rule.overlapping, name).toBe(!type.excludes(type))
    }
  })

  test('children, text and marks of every node', () => {
    for (const [name, type] of Object.entries(schema.nodes)) {
      const rule = nodes[name]!
      const children = childTypes(type)
      expect(rule.text, `${name} text`).toBe(children.has('text'))
      children.delete('text')
      expect(sorted(rule.children), `${name} children`).toEqual(sorted(children))
      expect(rule.content, `${name} content`).toBe(type.spec.content ?? '')
      if (rule.text) expect(rule.marks, `${name} marks`).toBe(Object.values(schema.marks).some((m) => type.allowsMarkType(m)))
      expect(rule.storedAs, name).toBe(name === 'doc' ? 'fragment' : name === 'text' ? 'text' : 'element')
    }
  })

  test('rendered links carry only the fixed href, target and rel', () => {
    const link = schema.marks.link!
    const mark = link.create({ href: 'https://example.org', target: '_top', rel: 'opener', class: 'alert' } as Record<string, unknown>)
    expect(mark.attrs).toEqual({ href: 'https://example.org' })
    const spec = link.spec.toDOM!(mark, true) as [string, Record<string, unknown>, number]
    expect(spec[0]).toBe('a')
    expect(spec[1]).toEqual({ href: 'https://example.org', target: '_blank', rel: 'noopener noreferrer nofollow' })
    const bad = link.spec.toDOM!(link.create({ href: 'javascript:alert(1)' }), true) as [string, Record<string, unknown>, number]
    expect(bad[1].href).toBe('')
  })
})

describe('validators', () => {
  const rule = (node: string, attr: string): AttrRule => nodes[node]!.attrs[attr]!
  test('heading level, ordered list start and type, code block language', () => {
    expect(attrValueAllowed(rule('heading', 'level'), 3)).toBe(true)
    expect(attrValueAllowed(rule('heading', 'level'), 7)).toBe(false)
    expect(attrValueAllowed(rule('heading', 'level'), '3')).toBe(false)
    expect(attrValueAllowed(rule('orderedList', 'start'), 5)).toBe(true)
    expect(attrValueAllowed(rule('orderedList', 'start'), 1.5)).toBe(false)
    expect(attrValueAllowed(rule('orderedList', 'type'), 'a')).toBe(true)
    expect(attrValueAllowed(rule('orderedList', 'type'), 'disc')).toBe(false)
    expect(attrValueAllowed(rule('codeBlock', 'language'), 'js')).toBe(true)
    expect(attrValueAllowed(rule('codeBlock', 'language'), 'js alert')).toBe(false)
    expect(elementAttrsAllowed('paragraph', {})).toBe(true)
    expect(elementAttrsAllowed('paragraph', { class: 'x' })).toBe(false)
    expect(elementAttrsAllowed('doc', {})).toBe(false)
    expect(elementAttrsAllowed('script', {})).toBe(false)
    expect(elementAttrsAllowed('constructor', {})).toBe(false)
  })

  test('links: protocols, length, fixed legacy values', () => {
    expect(isAllowedHref('https://example.org/a?b#c')).toBe(true)
    expect(isAllowedHref('mailto:someone@example.org')).toBe(true)
    expect(isAllowedHref('HTTP://EXAMPLE.ORG')).toBe(true)
    for (const bad of [
      'javascript:alert(1)',
      ' https://x.org',
      'https://x.org/\u0000',
      'data:text/html,x',
      '//evil.example',
      'https://',
      'ftp://x.org',
      `https://x.org/${'a'.repeat(2048)}`,
    ]) {
      expect(isAllowedHref(bad), bad).toBe(false)
    }
    expect(formatAllowed('link', { href: 'https://example.org' })).toBe(true)
    expect(formatAllowed('link', { href: 'https://example.org', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null })).toBe(true)
    expect(formatAllowed('link', { href: 'https://example.org', target: '_self' })).toBe(false)
    expect(formatAllowed('link', { href: 'https://example.org', class: 'alert' })).toBe(false)
    expect(formatAllowed('link', { href: 'https://example.org', onclick: 'x' })).toBe(false)
    expect(formatAllowed('link', {})).toBe(false)
    expect(formatAllowed('link', null)).toBe(true)
    expect(formatAllowed('bold', {})).toBe(true)
    expect(formatAllowed('bold', { x: 1 })).toBe(false)
    expect(formatAllowed('bold', true)).toBe(false)
    expect(formatAllowed('bold--abcdefgh', {})).toBe(false)
    expect(formatAllowed('blink', {})).toBe(false)
    expect(formatAllowed('__proto__', {})).toBe(false)
  })
})
