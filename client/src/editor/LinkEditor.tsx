import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { Editor } from '@tiptap/react'
import { isAllowedHref } from '../../../shared/editor-schema.js'
import { useI18n } from '../i18n/index.js'
import { focusNow } from './focus-now.js'
import { linkTargetKey } from './link-shortcut.js'
import type { LinkTarget } from './link-target.js'

/** What a person types into an address: `example.org` means https, `name@example.org` mail. */
export function normalizeHref(input: string): string {
  const text = input.trim()
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return text
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text)) return `mailto:${text}`
  if (/^[^\s/]+\.[^\s]+$/.test(text)) return `https://${text}`
  return text
}

interface Props {
  editor: Editor
  target: LinkTarget
  onClose: () => void
}

/**
 * The inline link editor (Ctrl/Cmd+K or the toolbar's link button): a small
 * popover under the selection with one labelled address field. Enter applies,
 * Escape cancels; an existing link can be changed or removed. Only addresses
 * shared/editor-schema.ts isAllowedHref accepts are applied.
 */
export function LinkEditor({ editor, target, onClose }: Props) {
  const { t } = useI18n()
  const [value, setValue] = useState(target.href ?? '')
  const [invalid, setInvalid] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const fieldId = useId()
  const errorId = useId()

  useEffect(() => {
    input.current?.focus()
    input.current?.select()
    const { view } = editor
    view.dispatch(view.state.tr.setMeta(linkTargetKey, { from: target.from, to: target.to }).setMeta('addToHistory', false))
    return () => {
      if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(linkTargetKey, null).setMeta('addToHistory', false))
    }
  }, [editor, target.from, target.to])

  const backToText = () => editor.chain().focus().setTextSelection({ from: target.from, to: target.to })

  const apply = () => {
    const href = normalizeHref(value)
    if (href === '') {
      if (target.href !== null) remove()
      else cancel()
      return
    }
    if (!isAllowedHref(href)) {
      setInvalid(true)
      input.current?.focus()
      return
    }
    if (target.from === target.to) {
      // Nothing selected: the address itself becomes the linked text.
      backToText()
        .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
        .run()
    } else {
      backToText().extendMarkRange('link').setLink({ href }).run()
    }
    focusNow(editor)
    onClose()
  }
  const remove = () => {
    backToText().extendMarkRange('link').unsetLink().run()
    focusNow(editor)
    onClose()
  }
  const cancel = () => {
    backToText().run()
    focusNow(editor)
    onClose()
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      cancel()
    }
  }

  return (
    <div
      className="link-editor"
      role="dialog"
      aria-label={target.href ? t('linkEditor.editTitle') : t('linkEditor.addTitle')}
      style={{ top: target.top, left: target.left }}
      onKeyDown={onKeyDown}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          apply()
        }}
      >
        <label htmlFor={fieldId}>{t('linkEditor.address')}</label>
        <div className="link-editor-row">
          <input
            ref={input}
            id={fieldId}
            type="text"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            value={value}
            placeholder="https://"
            aria-invalid={invalid}
            aria-describedby={invalid ? errorId : undefined}
            onChange={(e) => {
              setValue(e.target.value)
              setInvalid(false)
            }}
          />
          <button type="submit">{t('linkEditor.apply')}</button>
        </div>
        {invalid ? (
          <p id={errorId} className="link-editor-error" role="alert">
            {t('toolbar.linkInvalid')}
          </p>
        ) : null}
        <div className="link-editor-row">
          {target.href !== null ? (
            <button type="button" onClick={remove}>
              {t('toolbar.unlink')}
            </button>
          ) : null}
          <button type="button" onClick={cancel}>
            {t('linkEditor.cancel')}
          </button>
        </div>
      </form>
    </div>
  )
}
