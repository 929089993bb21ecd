import type { Editor } from '@tiptap/react'
import { Plugin, PluginKey, Selection, type Transaction } from '@tiptap/pm/state'
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { govOrganizations } from '../../../shared/gov.js'
import { focusNow } from '../editor/focus-now.js'
import { useI18n } from '../i18n/index.js'
import { useGovSignoffs } from './approval-notices.js'
import { useSectionHashes } from './live.js'
import './signoff.css'

const NO_IDS: string[] = []
const guardKey = new PluginKey('approvedEditGuard')

/** Sections whose writer chose to go on editing approved text, for this page view (platform:section). */
const confirmed = new Set<string>()

/**
 * Before the first edit of a section that organizations approved (their
 * latest decision is an approval of the text as it is now), the writer is
 * told that editing asks them to review again, and chooses Continue or
 * Cancel. Until they continue, a ProseMirror filter drops their edits (the
 * first one is applied on Continue if nothing changed meanwhile); remote
 * edits (y-sync) always pass. Asked once per section per page view.
 */
export function ApprovedEditWarning({ editor, sectionId, provider }: { editor: Editor; sectionId: string; provider: WebsocketProvider }) {
  const { t, formatList } = useI18n()
  const id = useId()
  const key = `${provider.roomname}:${sectionId}`
  const doc = provider.doc
  const [done, setDone] = useState(() => confirmed.has(key))
  const [asking, setAsking] = useState(false)
  const pending = useRef<Transaction | null>(null)
  const cancelButton = useRef<HTMLButtonElement>(null)

  const signoffs = useGovSignoffs(done ? null : doc)
  const approvals = signoffs.filter((s) => s.sectionId === sectionId && s.decision === 'approve')
  // Hash only while there is an approval to compare with.
  const hashes = useSectionHashes(doc, approvals.length > 0 && !done ? [sectionId] : NO_IDS)
  const hash = hashes[sectionId]
  const orgs = govOrganizations(doc)
  // While the hash is not yet known, approvals count as current (as the sign-off strip does).
  const current = approvals.filter((s) => (hash === undefined || s.hash === hash) && orgs?.has(s.orgId))
  const armed = !done && current.length > 0
  const armedRef = useRef(armed)
  armedRef.current = armed && !confirmed.has(key)

  useEffect(() => {
    if (done || editor.isDestroyed) return
    const plugin = new Plugin({
      key: guardKey,
      filterTransaction(tr) {
        // Only the writer's own edits: remote ones and what plugins append pass.
        if (!tr.docChanged || !armedRef.current || tr.getMeta('y-sync$') || tr.getMeta('appendedTransaction')) return true
        pending.current ??= tr
        keepSelection(editor, tr)
        setAsking(true)
        return false
      },
    })
    editor.registerPlugin(plugin)
    return () => {
      if (!editor.isDestroyed) editor.unregisterPlugin(guardKey)
    }
  }, [editor, done])

  useEffect(() => {
    if (asking) cancelButton.current?.focus()
  }, [asking])

  // The approvals went stale meanwhile (someone else edited): nothing left to warn about.
  useEffect(() => {
    if (!armed && asking) {
      setAsking(false)
      pending.current = null
    }
  }, [armed, asking])

  const onContinue = useCallback(() => {
    confirmed.add(key)
    // Let edits through at once: the filter is removed only after React renders.
    armedRef.current = false
    setDone(true)
    setAsking(false)
    const tr = pending.current
    pending.current = null
    if (editor.isDestroyed) return
    if (tr?.before.eq(editor.state.doc)) {
      try {
        editor.view.dispatch(tr)
      } catch {
        // The document moved on in a way the kept edit no longer fits: the writer types it again.
      }
    }
    focusNow(editor)
  }, [editor, key])

  const onCancel = useCallback(() => {
    pending.current = null
    setAsking(false)
    focusNow(editor)
  }, [editor])

  if (!asking || !armed) return null
  const count = current.length
  const names = current.map((s) => orgs?.get(s.orgId)?.name ?? '').filter((n) => n !== '')
  const message = t('approvals.editWarning', { count })
  return (
    <div
      className="approved-edit-warning"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      data-approved-edit-warning={sectionId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          onCancel()
        }
      }}
    >
      <p id={`${id}-title`} className="approved-edit-warning-title">
        <strong>{t('approvals.editWarning.title')}</strong>
      </p>
      <p id={`${id}-text`}>
        {message}
        {names.length > 0 ? <> {t('approvals.editWarning.orgs', { orgs: formatList(names) })}</> : null}
      </p>
      <div className="approved-edit-warning-actions">
        <button type="button" className="approved-edit-continue" onClick={onContinue}>
          {t('approvals.editWarning.continue')}
        </button>
        <button type="button" ref={cancelButton} className="link-button approved-edit-cancel" onClick={onCancel}>
          {t('approvals.editWarning.cancel')}
        </button>
      </div>
    </div>
  )
}

/**
 * A typed key's transaction also carries where the caret went (the browser
 * moved it, say with Ctrl+End, and ProseMirror read both at once). Dropping
 * the edit must not drop that move, or the focus returns to where the caret
 * was before and the next key lands there. The caret's place is mapped back
 * through the edit and applied once the filter has returned.
 */
function keepSelection(editor: Editor, tr: Transaction): void {
  const json = tr.selection.map(tr.before, tr.mapping.invert()).toJSON()
  queueMicrotask(() => {
    if (editor.isDestroyed || !editor.state.doc.eq(tr.before)) return
    try {
      const selection = Selection.fromJSON(editor.state.doc, json)
      if (!selection.eq(editor.state.selection)) editor.view.dispatch(editor.state.tr.setSelection(selection))
    } catch {
      // The place no longer resolves in the document: the caret stays where it is.
    }
  })
}
