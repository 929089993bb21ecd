import { getSchema } from '@tiptap/core'
import type { Schema } from '@tiptap/pm/model'
import { editorSchemaExtensions } from '../../shared/editor-extensions.js'

let schema: Schema | null = null

/** The section editor's ProseMirror schema, built once on the server from the editor's own extensions (exports, import, versions). */
export function editorSchema(): Schema {
  schema ??= getSchema(editorSchemaExtensions())
  return schema
}
