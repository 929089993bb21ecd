/**
 * The store interface. The relay, the HTTP API and the governance services
 * see only these methods, so that a later multi-instance mode can put them
 * on PostgreSQL; the embedded default is SQLite (sqlite/).
 */
import type { VersionEntry } from '../../shared/versions.js'
import type { GovOrganization, GovPlatform, GovRemovedSection, GovSection } from '../../shared/gov.js'
import type { Role } from '../../shared/roles.js'
import type { AmendmentStatus } from '../../shared/amendments.js'
import type { PlatformLanguages } from '../../shared/languages.js'
import type { InterfaceLocale } from '../../shared/languages.js'

export interface StoredDocument {
  /** Compacted state, or null if the log has never been compacted. */
  state: Uint8Array | null
  /** Updates appended after the compacted state, oldest first. */
  updates: Uint8Array[]
  /** Sequence number of the newest stored update (0 if none). */
  lastSeq: number
}

/** The durable, append-only log of each document's Yjs updates. */
export interface DocumentStore {
  loadDocument(docName: string): StoredDocument
  /** Appends durably (committed before it returns); returns the update's sequence number. */
  appendUpdate(docName: string, update: Uint8Array): number
  /** Appends several in one transaction (all or none); returns the last one's sequence number. */
  appendUpdates(docName: string, updates: Uint8Array[]): number
  /** Replaces every update up to and including `throughSeq` by one state row. */
  compact(docName: string, state: Uint8Array, throughSeq: number): void
  /** Updates stored after the compacted state. */
  countUpdates(docName: string): number
  /** The person who writes under this Yjs client id of the document, if anyone claimed it. */
  clientOwner(docName: string, client: number): string | null
  /** Records the person writing under a client id (the first writer claims it). */
  claimClient(docName: string, client: number, personId: string): void
  /** The server wrote clocks [from, to) of its client id `client` for `personId` (an accepted amendment, a restore). */
  recordServerWrite(docName: string, client: number, from: number, to: number, personId: string): void
  /** Every range recorded for one of the server's client ids, by clock. */
  serverWrites(docName: string, client: number): Array<{ from: number; to: number; personId: string }>
}

export interface PlatformRecord extends GovPlatform {
  createdAt: string
  adoptedAt: string | null
}

export interface SectionPatch {
  title?: string
  ownerOrgId?: string | null
  locked?: boolean
  /** The whole set of translated titles, by language (replaces what was stored; {} clears them). */
  titles?: Record<string, string>
}

/** Platforms, their member organizations and their sections. */
export interface PlatformStore {
  listPlatforms(): PlatformRecord[]
  getPlatform(platformId: string): PlatformRecord | null
  createPlatform(platform: { id: string; title: string }): PlatformRecord
  renamePlatform(platformId: string, title: string): void
  setApprovalThreshold(platformId: string, threshold: number | null): void
  setPlatformLanguages(platformId: string, languages: PlatformLanguages): void
  /** Freezes the platform for good. */
  adoptPlatform(platformId: string, personId: string, at: string): void
  listOrganizations(platformId: string): GovOrganization[]
  getOrganization(platformId: string, orgId: string): GovOrganization | null
  addOrganization(platformId: string, org: GovOrganization): void
  updateOrganization(platformId: string, org: GovOrganization): void
  /** Live sections, in display order. */
  listSections(platformId: string): GovSection[]
  listRemovedSections(platformId: string): GovRemovedSection[]
  /** A live section; null if unknown or removed. */
  getSection(platformId: string, sectionId: string): GovSection | null
  addSection(platformId: string, section: GovSection): void
  updateSection(platformId: string, sectionId: string, patch: SectionPatch): void
  setSectionPositions(platformId: string, orderedIds: string[]): void
  /** Removes (recoverably) or restores a section. */
  setSectionRemoved(platformId: string, sectionId: string, removedAt: string | null): void
  /** Any section, live or removed. */
  sectionExists(platformId: string, sectionId: string): { removed: boolean } | null
  /** Any section, live or removed, with when it was removed (for re-projecting one section). */
  getAnySection(platformId: string, sectionId: string): { section: GovSection; removedAt: string | null } | null
}

export interface PersonRecord {
  id: string
  username: string | null
  email: string | null
  displayName: string
  passwordHash: string | null
  isDemo: boolean
  createdAt: string
  /** The interface language the person chose (`en`, `es`), or null: the browser's. */
  locale: InterfaceLocale | null
}

/** A person as created: no language chosen yet. */
export type NewPerson = Omit<PersonRecord, 'locale'>

export interface MembershipRecord {
  platformId: string
  personId: string
  role: Role
  orgId: string | null
}

export interface MemberRecord extends MembershipRecord {
  name: string
  username: string | null
  isDemo: boolean
}

/** Accounts, memberships and sessions. Secrets are stored only as hashes. */
export interface PeopleStore {
  createPerson(person: NewPerson): void
  getPerson(personId: string): PersonRecord | null
  setPersonLocale(personId: string, locale: InterfaceLocale): void
  findPersonByLogin(login: string): PersonRecord | null
  countRealAccounts(): number
  listDemoPeople(): Array<PersonRecord & { memberships: MembershipRecord[] }>
  getMembership(platformId: string, personId: string): MembershipRecord | null
  listMemberships(personId: string): MembershipRecord[]
  listMembers(platformId: string): MemberRecord[]
  /** One member with their name (for re-projecting one person). */
  getMember(platformId: string, personId: string): MemberRecord | null
  setMembership(membership: MembershipRecord): void
  removeMembership(platformId: string, personId: string): void
  createSession(tokenHash: string, personId: string, expiresAt: string): void
  getSession(tokenHash: string): { personId: string; expiresAt: string } | null
  deleteSession(tokenHash: string): void
  deleteExpiredSessions(now: string): void
}

export interface InvitationRow {
  id: string
  tokenHash: string
  platformId: string
  role: Role
  orgId: string | null
  name: string | null
  createdBy: string
  createdAt: string
  expiresAt: string
  usedAt: string | null
  usedBy: string | null
  revokedAt: string | null
}

export interface InvitationStore {
  createInvitation(invitation: InvitationRow): void
  getInvitation(platformId: string, invitationId: string): InvitationRow | null
  findInvitationByTokenHash(tokenHash: string): InvitationRow | null
  listInvitations(platformId: string): InvitationRow[]
  markInvitationUsed(invitationId: string, personId: string, at: string): void
  revokeInvitation(invitationId: string, at: string): void
  /**
   * First-run setup: adds a token beside any earlier one. Every instance of a
   * deployment starting on an empty database prints its own link, and one
   * must not void another's; each ends with its age (checkSetupToken), and
   * all of them once the first account exists.
   */
  putSetupToken(tokenHash: string, at: string): void
  /** Marks the token used; false if it is unknown or already used. */
  useSetupToken(tokenHash: string, at: string): boolean
  /** A setup token by its hash (to check it, and its age, before any work is done for it). */
  getSetupToken(tokenHash: string): { createdAt: string; usedAt: string | null } | null
}

export interface AuditRow {
  /** Position in the whole table: internal, never shown per platform (it would reveal other platforms' activity). */
  seq: number
  platformId: string | null
  /** Position in its chain: each platform's entries (and those of no platform) are numbered and chained on their own. */
  platformSeq: number
  actorId: string | null
  action: string
  detail: string
  createdAt: string
  prevHash: string
  hash: string
  /** HMAC of `hash` with the server's audit key (kept outside the database); null only before the chain was sealed. */
  mac: string | null
}

export interface AuditStore {
  /** The last entry of a chain (a platform's, or null for entries of no platform). */
  auditHead(platformId: string | null): { platformSeq: number; hash: string } | null
  appendAudit(row: Omit<AuditRow, 'seq'>): number
  /** One entry of a chain by its number. */
  auditEntry(platformId: string | null, platformSeq: number): AuditRow | null
  /** Entries in order; for one platform if given. */
  listAudit(platformId?: string): AuditRow[]
  /** Rewrites the chain fields of existing entries (one-time sealing of entries written before the key existed). */
  resealAudit(rows: Array<Pick<AuditRow, 'seq' | 'platformSeq' | 'prevHash' | 'hash' | 'mac'>>): void
}

export interface Mentions {
  personIds: string[]
  orgIds: string[]
}

export interface CommentRow {
  id: string
  platformId: string
  sectionId: string
  /** A thread on an amendment's proposed text (anchored in amend:<id>); null for the section's own text. */
  amendmentId: string | null
  /** A thread on a translation (anchored in body:<sectionId>:<lang>); null for the primary text. */
  lang: string | null
  parentId: string | null
  authorId: string
  body: string
  anchorStart: string | null
  anchorEnd: string | null
  quote: string | null
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
  resolvedAt: string | null
  resolvedBy: string | null
  hiddenAt: string | null
  hiddenBy: string | null
  hiddenReason: string | null
  mentions: Mentions
}

export type CommentPatch = Partial<
  Pick<CommentRow, 'body' | 'editedAt' | 'deletedAt' | 'resolvedAt' | 'resolvedBy' | 'hiddenAt' | 'hiddenBy' | 'hiddenReason' | 'mentions'>
>

export interface InboxRow {
  id: number
  commentId: string
  kind: 'mention' | 'reply'
  createdAt: string
  readAt: string | null
}

export interface CommentStore {
  insertComment(row: CommentRow): void
  getComment(platformId: string, commentId: string): CommentRow | null
  listComments(platformId: string): CommentRow[]
  /** A thread: its root comment and the replies to it. */
  listThread(platformId: string, rootId: string): CommentRow[]
  updateComment(platformId: string, commentId: string, patch: CommentPatch): void
  addInboxItem(item: { personId: string; platformId: string; commentId: string; kind: 'mention' | 'reply'; createdAt: string }): void
  listInbox(personId: string, platformId: string): InboxRow[]
  /** Marks the given items (or all when null) read. */
  markInboxRead(personId: string, platformId: string, ids: number[] | null, at: string): void
}

export interface SignoffRow {
  id: string
  platformId: string
  sectionId: string
  orgId: string
  personId: string
  decision: 'approve' | 'changes'
  note: string
  hash: string
  snapshotJson: string
  snapshotText: string
  createdAt: string
}

export interface SignoffStore {
  insertSignoff(row: SignoffRow): void
  /** The newest decision per section and organization. */
  latestSignoffs(platformId: string): SignoffRow[]
  /** The newest decision of one organization on one section. */
  latestSignoff(platformId: string, sectionId: string, orgId: string): SignoffRow | null
  /** Every decision, oldest first (for the endorsements page and minutes). */
  listSignoffs(platformId: string): SignoffRow[]
}

/** A board representative's notice that an approval of their organization went stale. */
export interface ApprovalNoticeRow {
  id: number
  personId: string
  platformId: string
  signoffId: string
  sectionId: string
  orgId: string
  /** The accepted amendment that made it stale, when it was one. */
  amendmentId: string | null
  createdAt: string
  readAt: string | null
}

export interface ApprovalNoticeStore {
  /** Adds one notice per person for the approval; a person who has one for it already keeps theirs. Returns how many were added. */
  addApprovalNotices(notices: Array<Omit<ApprovalNoticeRow, 'id' | 'readAt' | 'amendmentId'> & { amendmentId?: string | null }>): number
  /** The approvals (signoff ids) of the list that already gave notices. */
  noticedSignoffs(signoffIds: string[]): Set<string>
  /** One person's notices on a platform, newest first. */
  listApprovalNotices(personId: string, platformId: string): ApprovalNoticeRow[]
  /** Marks the given notices (or all when null) read. */
  markApprovalNoticesRead(personId: string, platformId: string, ids: number[] | null, at: string): void
}

export interface AmendmentRow {
  id: string
  platformId: string
  sectionId: string
  orgId: string
  authorId: string
  title: string
  rationale: string
  status: AmendmentStatus
  baseHash: string
  /** Canonical JSON of the section's node tree when it was proposed. */
  baseJson: string
  createdAt: string
  decidedBy: string | null
  decidedAt: string | null
  decisionNote: string
  resultHash: string | null
  /** Endorsing organizations, sorted. */
  endorsements: string[]
}

export interface AmendmentStore {
  insertAmendment(row: Omit<AmendmentRow, 'status' | 'decidedBy' | 'decidedAt' | 'decisionNote' | 'resultHash' | 'endorsements'>): void
  getAmendment(platformId: string, id: string): AmendmentRow | null
  /** Every amendment of the platform, oldest first. */
  listAmendments(platformId: string): AmendmentRow[]
  /** False if the organization endorses it already. */
  addEndorsement(amendmentId: string, orgId: string, personId: string, at: string): boolean
  /** False if the organization did not endorse it. */
  removeEndorsement(amendmentId: string, orgId: string): boolean
  /** Closes an open amendment; false if it was not open. */
  closeAmendment(id: string, close: { status: Exclude<AmendmentStatus, 'open'>; by: string; at: string; note: string; resultHash: string | null }): boolean
}

export interface DraftingSessionRow {
  id: string
  platformId: string
  title: string
  scheduledStart: string | null
  status: 'planned' | 'running' | 'ended'
  startedAt: number | null
  endedAt: number | null
  currentItem: number | null
  itemStartedAt: number | null
  pausedAt: number | null
  pausedMs: number
  extraMs: number
  followSectionId: string | null
  followSeq: number
  penSectionId: string | null
  penPersonId: string | null
  progressive: boolean
  notes: string
  createdAt: string
}

export interface AgendaRow {
  kind: 'section' | 'free'
  sectionId: string | null
  /** A section item about one amendment of that section. */
  amendmentId: string | null
  title: string
  timeBoxMs: number
}

export interface HandRow {
  id: number
  item: number
  personId: string
  orgId: string | null
  raisedAt: number
  loweredAt: number | null
  calledAt: number | null
}

export interface PollRow {
  id: string
  item: number
  kind: 'consent' | 'fist'
  question: string
  openedAt: number
  closedAt: number | null
  answers: Array<{ personId: string; orgId: string | null; value: string; answeredAt: number }>
}

export interface SessionEventRow {
  at: number
  kind: string
  detail: Record<string, unknown>
}

export interface DraftingStore {
  createDraftingSession(row: DraftingSessionRow, agenda: AgendaRow[]): void
  getDraftingSession(platformId: string, sessionId: string): DraftingSessionRow | null
  listDraftingSessions(platformId: string): DraftingSessionRow[]
  /** The running sessions only (without reading every session ever held). */
  runningDraftingSessions(platformId: string): DraftingSessionRow[]
  updateDraftingSession(sessionId: string, patch: Partial<Omit<DraftingSessionRow, 'id' | 'platformId'>>): void
  agenda(sessionId: string): AgendaRow[]
  raiseHand(sessionId: string, item: number, personId: string, orgId: string | null, at: number): void
  /** Lowers (or, with `called`, calls) the person's raised hand in the item. */
  settleHand(sessionId: string, item: number, personId: string, at: number, called: boolean): void
  hands(sessionId: string): HandRow[]
  /** The hands of one agenda item, oldest first. */
  itemHands(sessionId: string, item: number): HandRow[]
  /** One person's hands in one agenda item, oldest first. */
  personHands(sessionId: string, item: number, personId: string): HandRow[]
  createPoll(sessionId: string, poll: Omit<PollRow, 'answers' | 'closedAt'>): void
  closePoll(pollId: string, at: number): void
  answerPoll(pollId: string, personId: string, orgId: string | null, value: string, at: number): void
  polls(sessionId: string): PollRow[]
  /** One poll without its answers (answering must not read every answer). */
  poll(sessionId: string, pollId: string): Omit<PollRow, 'answers'> | null
  /** One person's answer to one poll. */
  pollAnswer(pollId: string, personId: string): PollRow['answers'][number] | null
  addSessionEvent(sessionId: string, event: SessionEventRow): void
  sessionEvents(sessionId: string): SessionEventRow[]
}

export interface AccessTokenRow {
  id: string
  /** SHA-256 (hex) of the token's secret; the secret itself is never stored. */
  secretHash: string
  personId: string
  platformId: string
  role: Role
  name: string
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
}

/** A websocket ticket (server/identity/tickets.ts), stored under its hash. */
export interface TicketRow {
  personId: string
  platformId: string
  sessionKey: string
  /** Epoch ms. */
  expiresAt: number
}

/**
 * What abuse limits count (server/identity/rate-limit.ts, sign-in-throttle.ts,
 * tickets.ts), kept in the store so that every instance sharing it counts
 * the same events: a limit or a single use holds across instances. Times are
 * epoch ms; rows past their expiry are purged as others are written.
 */
export interface LimitStore {
  /** Events of `scope`/`key` after `since`, oldest first (their times). */
  rateEventTimes(scope: string, key: string, since: number): number[]
  /** Adds an event; returns its id (to withdraw it). */
  addRateEvent(scope: string, key: string, at: number, expiresAt: number): number
  removeRateEvent(id: number): void
  clearRateEvents(scope: string, key: string): void
  /** A failed sign-in of this (login, address) pair: one more failure, or the first again when the last is older than `forgetBefore`. */
  addSignInFailure(pair: string, at: number, forgetBefore: number): void
  signInFailures(pair: string): { count: number; last: number } | null
  /**
   * Counts one attempt of the pair, before its password is checked, if its
   * count is still `seen` (what signInFailures returned; null: no row): true
   * when counted, false when another attempt (on any instance) changed it
   * first, so the caller reads again and decides again. As addSignInFailure,
   * a count whose last attempt is older than `forgetBefore` starts again at 1.
   */
  takeSignInAttempt(pair: string, seen: { count: number; last: number } | null, at: number, forgetBefore: number): boolean
  /** Uncounts one attempt takeSignInAttempt counted whose password was never checked; its time stays. */
  withdrawSignInAttempt(pair: string): void
  clearSignInFailures(pair: string): void
  insertTicket(hash: string, row: TicketRow): void
  /** Deletes the ticket and returns it: whichever instance takes it first gets it, once. */
  takeTicket(hash: string): TicketRow | null
  /** Drops rate events, failures and tickets that no longer count. */
  purgeExpiredLimits(now: number, failuresForgetBefore: number): void
}

/** Personal access tokens (server/identity/access-tokens.ts). */
export interface AccessTokenStore {
  createAccessToken(row: AccessTokenRow): void
  getAccessToken(tokenId: string): AccessTokenRow | null
  /** A person's tokens, newest first. */
  listAccessTokens(personId: string): AccessTokenRow[]
  revokeAccessToken(tokenId: string, at: string): void
  markAccessTokenUsed(tokenId: string, at: string): void
}

/** A translation's last review (issue 15): which version of the primary text it was brought up to date with. */
export interface TranslationReviewRow {
  platformId: string
  sectionId: string
  lang: string
  /** Content hash of the primary text reviewed. */
  upToDateWith: string
  /** That primary text's canonical JSON, so a stale translation can show what changed in the primary since. */
  primaryJson: string
  personId: string
  at: string
}

/** Translation reviews: one current row per section and language (the audit log keeps each one). */
export interface TranslationStore {
  /** Every section's reviews on the platform, without the primary's text (for the gov projection). */
  listTranslationReviews(platformId: string): Array<Omit<TranslationReviewRow, 'primaryJson'>>
  getTranslationReview(platformId: string, sectionId: string, lang: string): TranslationReviewRow | null
  setTranslationReview(row: TranslationReviewRow): void
}

/** A kept version of a section (issue 16): the API's entry, with its platform; its text is stored apart, once per section and hash. */
export interface VersionRow extends VersionEntry {
  platformId: string
}

export interface VersionStore {
  /** Appends a version; `content` (its text as JSON) is stored when not null and not stored yet for that hash. */
  insertVersion(row: Omit<VersionRow, 'name'>, content: string | null): void
  hasVersionText(platformId: string, sectionId: string, hash: string): boolean
  versionText(platformId: string, sectionId: string, hash: string): string | null
  /** Newest first; a section's, or the platform's (sectionId null). */
  listVersions(platformId: string, sectionId: string | null, limit: number): VersionRow[]
  latestVersion(platformId: string, sectionId: string): VersionRow | null
  /** The sections that have at least one version (an index scan, not the rows). */
  sectionsWithVersions(platformId: string): Set<string>
  getVersion(platformId: string, id: string): VersionRow | null
  renameVersion(platformId: string, id: string, name: string | null): boolean
}

/** Every table's operations: one implementation over SQL (repos/), for both engines. */
export interface TableStores
  extends AccessTokenStore,
    LimitStore,
    VersionStore,
    TranslationStore,
    AmendmentStore,
    DraftingStore,
    SignoffStore,
    ApprovalNoticeStore,
    DocumentStore,
    PlatformStore,
    PeopleStore,
    InvitationStore,
    AuditStore,
    CommentStore {}

export interface Store extends TableStores {
  readonly engine: 'sqlite' | 'postgres'
  /** The shared database's identity (PostgreSQL's cluster_identity), naming its Redis channels; null for SQLite, which nothing shares. */
  readonly deploymentId: string | null
  /**
   * Runs `fn` in one transaction (nested calls join the outer one). It runs
   * alone among the transactions of every instance sharing the database.
   */
  transaction<T>(fn: () => T): T
  /** A trivial query for GET /healthz: returns when the store answers, throws when it cannot. Cheap: it runs on every probe. */
  ping(): void
  close(): Promise<void>
}
