import { z } from 'zod'
import { normalizeName } from './names.js'
import { INTERFACE_LOCALES, type InterfaceLocale, LANGUAGE_TAG, MAX_OTHER_LANGUAGES } from './languages.js'
import { ROLES } from './roles.js'

/**
 * The HTTP API's request bodies, validated by the server and typed for the
 * client from this one definition. Objects are strict: unknown fields are a
 * 400, so a typo never silently does nothing.
 */
export { ROLES }
export const roleSchema = z.enum(ROLES)

const name = (max: number) => z.string().trim().min(1).max(max)
/** A person's or organization's name: normalised (shared/names.ts), then non-empty and at most `max` characters. */
const personName = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform(normalizeName)
    .pipe(z.string().min(1, 'a name needs visible characters').max(max))
const id = z.string().min(1).max(100)
/** #rgb or #rrggbb: used in CSS, so nothing else is accepted. */
const color = z.string().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/)

export const signInBody = z.strictObject({ login: name(200), password: z.string().min(1).max(1000) })
export const demoSignInBody = z.strictObject({ personId: id })
export const ticketBody = z.strictObject({ platformId: id })
/** What a signed-in person may change about their own session's account: the interface language, remembered for every device. */
export const sessionPreferencesBody = z.strictObject({ locale: z.enum(INTERFACE_LOCALES) })

/** A new account: from the first-run setup link or an invitation. */
export const newAccountBody = z.strictObject({
  username: z
    .string()
    .trim()
    .min(2)
    .max(50)
    .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
  displayName: personName(100),
  email: z.string().trim().email().max(200).optional(),
  password: z.string().min(10).max(1000),
})
export const setupBody = newAccountBody.extend({ token: z.string().min(1).max(200) })
/** Accepting an invitation: a new account, or nothing when already signed in. */
export const acceptInvitationBody = z.union([newAccountBody, z.strictObject({})])

export const createPlatformBody = z.strictObject({ title: name(200) })
/** A language tag (shared/languages.ts). */
const languageTag = z.string().max(35).regex(LANGUAGE_TAG, 'a language tag such as "es" or "pt-BR"')

export const platformLanguagesBody = z.strictObject({
  primary: languageTag,
  others: z.array(languageTag).max(MAX_OTHER_LANGUAGES),
})

export const updatePlatformBody = z.strictObject({
  title: name(200).optional(),
  /** null: unanimity. */
  approvalThreshold: z.number().int().min(1).max(1000).nullable().optional(),
  languages: platformLanguagesBody.optional(),
})

/** A content hash: SHA-256, hex. */
const contentHash = z.string().regex(/^[0-9a-f]{64}$/, 'a content hash (64 hex digits)')

/** Marking a translation up to date: the hash of the primary text the translator reviewed. */
export const translationUpToDateBody = z.strictObject({ hash: contentHash })
/** A version's name (issue 16); null or empty removes it. */
export const versionNameBody = z.strictObject({ name: z.string().trim().max(200).nullable() })
/** Two versions to compare: `to` left out compares with the text now. */
export const versionCompareQuery = z.strictObject({ from: id, to: id.optional() })

/** Adopting; with stale translations, only with a facilitator's reason (issue 15). */
export const adoptBody = z.strictObject({ waiveStaleTranslations: z.string().trim().min(1).max(2000).optional() })

export const createOrganizationBody = z.strictObject({ name: personName(200), shortName: personName(20), color })
export const updateOrganizationBody = z.strictObject({
  name: personName(200).optional(),
  shortName: personName(20).optional(),
  color: color.optional(),
})

export const createSectionBody = z.strictObject({
  title: name(200),
  ownerOrgId: id.nullable().optional(),
})
export const updateSectionBody = z.strictObject({
  title: name(200).optional(),
  ownerOrgId: id.nullable().optional(),
  locked: z.boolean().optional(),
  /** The title in some of the platform's translations, by language (issue 15); "" removes one. Languages not named keep theirs. */
  titles: z
    .record(languageTag, z.string().trim().max(200))
    .refine((t) => Object.keys(t).length <= MAX_OTHER_LANGUAGES, 'at most one title per translation')
    .optional(),
})
/** The full order of the platform's (not removed) sections. */
export const reorderSectionsBody = z.strictObject({ sectionIds: z.array(id).min(1).max(2000) })

export const createInvitationBody = z.strictObject({
  role: roleSchema,
  /** Required for delegates and board representatives; optional otherwise. */
  orgId: id.nullable().optional(),
  /** Who it is for, shown to facilitators and on the accept screen. */
  name: personName(100).optional(),
  expiresInDays: z.number().int().min(1).max(90).optional(),
})
export const updateMemberBody = z.strictObject({ role: roleSchema.optional(), orgId: id.nullable().optional() })

/** Comment bodies are plain text; the length limit is a 413, checked by the server (PLANK_COMMENT_MAX_CHARS). */
const commentText = z
  .string()
  .max(1_000_000)
  .refine((b) => b.trim().length > 0, 'a comment needs some text')
const mentionsSchema = z.strictObject({
  personIds: z.array(id).max(100).default([]),
  orgIds: z.array(id).max(100).default([]),
})
export const createCommentBody = z.union([
  z.strictObject({
    sectionId: id,
    /** A thread on an amendment's proposed text (of this section): the anchor is in its root amend:<amendmentId>. */
    amendmentId: id.optional(),
    /** A thread on one of the section's translations: the anchor is in its root body:<sectionId>:<lang>. */
    lang: languageTag.optional(),
    start: z.string().min(1).max(10_000),
    end: z.string().min(1).max(10_000),
    body: commentText,
    mentions: mentionsSchema.optional(),
  }),
  z.strictObject({ parentId: id, body: commentText, mentions: mentionsSchema.optional() }),
])
export const editCommentBody = z.strictObject({ body: commentText, mentions: mentionsSchema.optional() })
export const hideCommentBody = z.strictObject({ reason: name(500) })
export const readInboxBody = z.strictObject({ ids: z.array(z.number().int()).max(1000).optional() })

export interface CommentSummary {
  id: string
  parentId: string | null
  sectionId: string
  /** Only on a thread on an amendment's proposed text: the amendment (DESIGN.md's fields stay exactly as they are for the rest). */
  amendmentId?: string
  /** Only on a thread on a translation: its language. */
  lang?: string
  authorId: string
  body: string | null
  resolved: boolean
  textRemoved: boolean
}

export interface InboxItem {
  id: number
  commentId: string
  kind: 'mention' | 'reply'
  createdAt: string
  read: boolean
}

/**
 * A board representative's notice that their organization's approval of a
 * section is now of an earlier version (the text changed after it).
 * `GET /api/platforms/<id>/approval-notices` → `{"notices","unread"}`;
 * `POST …/approval-notices/read {"ids"?}` marks them (all without ids) read.
 */
export interface ApprovalNotice {
  id: number
  sectionId: string
  orgId: string
  /** When the approval that went stale was recorded. */
  approvedAt: string
  /** When the edit that made it stale was noticed. */
  createdAt: string
  read: boolean
  /** The accepted amendment whose change made it stale, when it was one. */
  amendment: { id: string; title: string } | null
}

export const signoffBody = z.strictObject({
  decision: z.enum(['approve', 'changes']),
  /** Content hash of the text the person reviewed (shared/content-hash.ts). */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  note: z.string().max(5000).optional(),
})

export const createSessionBody = z.strictObject({
  title: name(200),
  scheduledStart: z.string().datetime({ offset: true }).nullable().optional(),
  progressive: z.boolean().optional(),
  agenda: z
    .array(
      z.strictObject({
        kind: z.enum(['section', 'free']),
        sectionId: id.nullable().optional(),
        /** A section item about one amendment of that section (sectionId may then be left out). */
        amendmentId: id.nullable().optional(),
        title: name(200).optional(),
        minutes: z.number().int().min(1).max(600),
      }),
    )
    .min(1)
    .max(100),
})
export const extendBody = z.strictObject({ minutes: z.number().int().min(1).max(120) })
export const followBody = z.strictObject({ sectionId: id })
export const handBody = z.strictObject({ raised: z.boolean() })
export const pollBody = z.strictObject({ kind: z.enum(['consent', 'fist']), question: name(500) })
export const answerBody = z.strictObject({ value: z.string().min(1).max(20) })
export const penBody = z.strictObject({ personId: id.nullable() })
export const notesBody = z.strictObject({ notes: z.string().max(50_000) })

export type SignInBody = z.infer<typeof signInBody>
export type NewAccountBody = z.infer<typeof newAccountBody>
export type CreateInvitationBody = z.infer<typeof createInvitationBody>

/** What `GET /api/session` answers for a signed-in person. */
export interface SessionInfo {
  /** `locale`: the interface language the person chose, null until they choose one (the browser's then). */
  person: { id: string; name: string; username: string | null; demo: boolean; locale: InterfaceLocale | null }
  memberships: Array<{ platformId: string; role: (typeof ROLES)[number]; orgId: string | null }>
}

export interface InvitationInfo {
  platformId: string
  platformTitle: string
  role: (typeof ROLES)[number]
  orgId: string | null
  orgName: string | null
  name: string | null
  expiresAt: string
}

export interface InvitationRecord {
  id: string
  role: (typeof ROLES)[number]
  orgId: string | null
  name: string | null
  createdAt: string
  expiresAt: string
  usedAt: string | null
  revokedAt: string | null
  /** Only in the answer that created it: the token is stored hashed. */
  link?: string
}

export interface AuditEntry {
  seq: number
  at: string
  actorId: string | null
  actorName: string | null
  action: string
  detail: Record<string, unknown>
  hash: string
}

/** A personal access token for a non-browser client (POST /api/tokens). */
export const createAccessTokenBody = z.strictObject({
  platformId: id,
  /** No higher than the caller's own role on the platform (403 otherwise). */
  role: roleSchema,
  /** What it is for ("import script"), shown in the list. */
  name: name(100),
  /** Days until it stops working; omitted or null: until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
})

export interface AccessTokenRecord {
  id: string
  platformId: string
  role: (typeof ROLES)[number]
  name: string
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
  /** Only in the answer that created it (`?token=` for the relay, `Authorization: Bearer` for the API): stored hashed, never shown again. */
  token?: string
}
