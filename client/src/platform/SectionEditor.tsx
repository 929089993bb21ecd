import { useRef } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { translationRoot } from '../../../shared/documents.js'
import { CollabEditor } from '../editor/CollabEditor.js'
import { useI18n } from '../i18n/index.js'
import { ApprovedEditWarning } from '../signoff/ApprovedEditWarning.js'

/** lastActive is announced at most this often while typing. */
const ACTIVITY_THROTTLE_MS = 10_000

interface Props {
  sectionId: string
  title: string
  editable: boolean
  provider: WebsocketProvider
  /** A translation's language (its text is `body:<sectionId>:<lang>`); absent for the primary text. */
  lang?: { tag: string; name: string } | undefined
}

/**
 * A section's text: the shared editor on `body:<sectionId>` (or on one of its
 * translations), announcing activity and warning before an approved text
 * changes (an approval covers every language).
 */
export function SectionEditor({ sectionId, title, editable, provider, lang }: Props) {
  const { t } = useI18n()
  const lastActivity = useRef(0)
  const announceActivity = () => {
    const now = Date.now()
    if (now - lastActivity.current < ACTIVITY_THROTTLE_MS) return
    lastActivity.current = now
    provider.awareness.setLocalStateField('lastActive', now)
  }
  return (
    <CollabEditor
      place={lang ? { sectionId, lang: lang.tag } : { sectionId }}
      title={title}
      label={lang ? t('languages.textLabel', { title, language: lang.name }) : t('section.textLabel', { title })}
      className="section-text"
      editable={editable}
      provider={provider}
      presenceKey={lang ? translationRoot(sectionId, lang.tag) : sectionId}
      onLocalEdit={announceActivity}
      notice={(editor) => <ApprovedEditWarning editor={editor} sectionId={sectionId} provider={provider} />}
    />
  )
}
