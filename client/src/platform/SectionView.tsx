import { memo, useEffect, useRef, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { sectionRoot, translationRoot } from '../../../shared/documents.js'
import { languageName } from '../../../shared/languages.js'
import { type GovOrganization, type GovSection, sectionTitleIn } from '../../../shared/gov.js'
import { useI18n, type MessageKey, type TFunction } from '../i18n/index.js'
import { toHexColor } from '../colors.js'
import { SectionEditor } from './SectionEditor.js'
import { SectionSessionTools } from '../sessions/SectionSessionTools.js'
import { StaticText } from './StaticText.js'
import type { PresenceUser } from './hooks.js'
import type { EditRefusal } from '../../../shared/policy.js'
import { DraftPanel } from './DraftPanel.js'
import { SectionSignoff } from '../signoff/SectionSignoff.js'
import { LockIcon } from '../badges.js'
import type { RecoveredDraft } from './drafts.js'
import { CommentMargin } from '../comments/Margin.js'
import { SectionAmendments } from '../amendments/SectionAmendments.js'
import type { TextLanguages } from './text-languages.js'
import { TranslationStatus } from './TranslationStatus.js'
import { useAlignedColumns } from './align-columns.js'
import { SectionHistoryLink } from '../history/HistoryLink.js'

const REFUSAL_KEYS: Record<EditRefusal, MessageKey> = {
  notOwner: 'refusal.notOwner',
  observer: 'refusal.observer',
  locked: 'refusal.locked',
  adopted: 'refusal.adopted',
  penHeld: 'refusal.penHeld',
}

const ADOPTED = { adopted: true }
const NOT_ADOPTED = { adopted: false }

/** Editors mount when their section comes this close to the viewport… */
const MOUNT_MARGIN = '600px 0px'
/** …and unmount (back to the static rendering) once it is this far away, so a
 * long read-through does not leave 150 editors redrawing every remote caret. */
const UNMOUNT_MARGIN = '2400px 0px'

interface Props {
  section: GovSection
  owner: GovOrganization | null
  /** Why this person may not edit the text (null: they may). */
  refusal: EditRefusal | null
  /** Who holds the pen, when that is why. */
  penHolder?: string | null
  editable: boolean
  provider: WebsocketProvider
  user: PresenceUser
  /** Mount the editor now (the section was linked to). */
  forceMount: boolean
  /** The document is loaded (from the server or this device): editors may mount. */
  canMount: boolean
  /** Names of the other people whose cursor is in this section. */
  hereNames: string[]
  drafts: RecoveredDraft[]
  organizations: GovOrganization[]
  onDismissDraft: (draft: RecoveredDraft) => void
  /** The platform is adopted (frozen): no amendment is proposed. */
  adopted: boolean
  /** The languages written in and read beside (issue 15); null on a platform of one language. */
  textLanguages: TextLanguages | null
}

function useFragmentEmpty(fragment: Y.XmlFragment): boolean {
  const [empty, setEmpty] = useState(fragment.length === 0)
  useEffect(() => {
    const check = () => setEmpty(fragment.length === 0)
    check()
    fragment.observe(check)
    return () => fragment.unobserve(check)
  }, [fragment])
  return empty
}

/** A column's heading: the language's name, the primary marked as such. */
const languageLabel = (langs: TextLanguages, lang: string, locale: string, t: TFunction): string =>
  lang === langs.primary ? t('languages.primary', { language: languageName(lang, locale) }) : languageName(lang, locale)

export const SectionView = memo(function SectionView({
  section,
  owner,
  refusal,
  penHolder = null,
  editable,
  provider,
  user,
  forceMount,
  canMount,
  hereNames,
  drafts,
  organizations,
  onDismissDraft,
  adopted,
  textLanguages,
}: Props) {
  const { t, formatList, locale } = useI18n()
  const ref = useRef<HTMLElement>(null)
  const [near, setNear] = useState(false)
  // The text written here: the primary's, or the translation chosen in the language bar.
  const writeLang = textLanguages && textLanguages.write !== textLanguages.primary ? textLanguages.write : null
  const fragment = provider.doc.getXmlFragment(writeLang ? translationRoot(section.id, writeLang) : sectionRoot(section.id))
  const empty = useFragmentEmpty(fragment)
  // An editor on an empty fragment writes an empty paragraph into it: never
  // for a section this person may not edit (the relay would refuse it).
  const mounted = (near || forceMount) && canMount && !(refusal !== null && empty)
  const columnsRef = useRef<HTMLDivElement>(null)
  useAlignedColumns(columnsRef, mounted && Boolean(textLanguages?.beside))

  useEffect(() => {
    const el = ref.current
    if (!el) return
    const observer = near
      ? new IntersectionObserver(
          (entries) => {
            const entry = entries[entries.length - 1]
            // Never unmount the editor someone is typing in.
            if (entry && !entry.isIntersecting && !el.contains(document.activeElement)) setNear(false)
          },
          { rootMargin: UNMOUNT_MARGIN },
        )
      : new IntersectionObserver(
          (entries) => {
            if (entries.some((e) => e.isIntersecting)) setNear(true)
          },
          { rootMargin: MOUNT_MARGIN },
        )
    observer.observe(el)
    return () => observer.disconnect()
  }, [near])

  const titleId = `title-${section.id}`
  // The title in the language written in (issue 15), the primary's where that language has none; marked with its language.
  const title = sectionTitleIn(section, writeLang)
  const titleLang = writeLang && section.titles?.[writeLang] ? writeLang : textLanguages?.primary
  const beside = textLanguages?.beside ?? null
  const besideTitle = beside && beside !== textLanguages?.primary ? sectionTitleIn(section, beside) : section.title
  const principal = user.role ? { personId: user.personId, role: user.role, orgId: user.orgId } : null
  const ownerColor = owner ? toHexColor(owner.color, owner.id) : null
  return (
    <section ref={ref} id={section.id} data-section-id={section.id} aria-labelledby={titleId} className="section">
      <header className="section-header">
        <h2 id={titleId} lang={titleLang}>
          {title}
        </h2>
        <p className="section-meta">
          <span className={owner ? 'badge badge-owned' : 'badge badge-open'} style={ownerColor ? { borderLeftColor: ownerColor } : undefined}>
            {section.ownerOrgId === null ? t('section.open') : t('section.ownedBy', { org: owner?.name ?? t('section.unknownOrg') })}
          </span>
          {section.locked ? <span className="badge badge-locked">{t('section.locked')}</span> : null}
          <SectionSessionTools sectionId={section.id} title={title} doc={provider.doc} platformId={provider.roomname} principal={principal} />
          <SectionHistoryLink platformId={provider.roomname} sectionId={section.id} title={title} />
          {hereNames.length > 0 ? <span className="section-here">{t('section.here', { names: formatList(hereNames) })}</span> : null}
        </p>
      </header>
      <SectionSignoff doc={provider.doc} platformId={provider.roomname} section={section} organizations={organizations} />
      <SectionAmendments
        doc={provider.doc}
        platformId={provider.roomname}
        section={section}
        platform={adopted ? ADOPTED : NOT_ADOPTED}
        principal={principal}
        organizations={organizations}
      />
      {refusal !== null ? (
        <p className="section-readonly" data-refusal={refusal}>
          <LockIcon />
          {t(REFUSAL_KEYS[refusal], { org: owner?.name ?? t('section.unknownOrg'), name: penHolder ?? t('refusal.someone') })}
        </p>
      ) : null}
      {drafts.map((d) => (
        <DraftPanel key={d.savedAt} draft={d} organizations={organizations} onDismiss={onDismissDraft} />
      ))}
      {textLanguages
        ? [textLanguages.write, textLanguages.beside]
            .filter((lang): lang is string => lang !== null && lang !== textLanguages.primary)
            .map((lang) => (
              <TranslationStatus
                key={lang}
                doc={provider.doc}
                platformId={provider.roomname}
                section={section}
                lang={lang}
                primary={textLanguages.primary}
                canReview={refusal === null && editable}
              />
            ))
        : null}
      <div ref={columnsRef} className={textLanguages?.beside ? 'section-columns' : 'section-column-single'}>
        <div className="section-column" lang={textLanguages?.write}>
          {textLanguages?.beside ? <h3 className="section-column-title">{languageLabel(textLanguages, textLanguages.write, locale, t)}</h3> : null}
          {mounted ? (
            <SectionEditor
              key={writeLang ?? ''}
              sectionId={section.id}
              title={title}
              editable={editable}
              provider={provider}
              lang={writeLang ? { tag: writeLang, name: languageName(writeLang, locale) } : undefined}
            />
          ) : (
            <StaticText fragment={fragment} emptyText={t('section.empty')} />
          )}
        </div>
        {textLanguages?.beside ? (
          <div className="section-column section-column-beside" lang={textLanguages.beside}>
            <h3 className="section-column-title">{languageLabel(textLanguages, textLanguages.beside, locale, t)}</h3>
            {/* The text beside under its own title, when it is not the one above. */}
            {besideTitle !== title ? (
              <p className="section-column-name muted small" lang={beside && section.titles?.[beside] ? beside : textLanguages.primary}>
                {besideTitle}
              </p>
            ) : null}
            <StaticText
              fragment={provider.doc.getXmlFragment(
                textLanguages.beside === textLanguages.primary ? sectionRoot(section.id) : translationRoot(section.id, textLanguages.beside),
              )}
              emptyText={t('section.empty')}
            />
          </div>
        ) : null}
      </div>
      {refusal === null && !editable && mounted ? <p className="section-readonly">{t('section.readOnly')}</p> : null}
      <CommentMargin sectionId={section.id} title={title} lang={writeLang} />
    </section>
  )
})
