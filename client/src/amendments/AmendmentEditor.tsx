import type { WebsocketProvider } from 'y-websocket'
import { amendmentRoot } from '../../../shared/documents.js'
import { CollabEditor } from '../editor/CollabEditor.js'
import { useI18n } from '../i18n/index.js'

interface Props {
  amendmentId: string
  /** The amendment's section: comments on the text are filed under it. */
  sectionId: string
  title: string
  editable: boolean
  provider: WebsocketProvider
}

/**
 * The amendment's proposed text: the shared editor on the root `amend:<id>`.
 * Those the policy table does not let write it get the read-only mirror, as
 * for others' sections. Carets are shared under the root's name (presence's
 * `sectionId`), so only people in this amendment see each other here.
 */
export function AmendmentEditor({ amendmentId, sectionId, title, editable, provider }: Props) {
  const { t } = useI18n()
  return (
    <CollabEditor
      place={{ sectionId, amendmentId }}
      title={title}
      label={t('amendments.editorLabel', { title })}
      className="section-text amendment-text"
      editable={editable}
      provider={provider}
      presenceKey={amendmentRoot(amendmentId)}
    />
  )
}
