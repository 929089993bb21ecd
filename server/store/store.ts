/**
 * The store interface. The relay and the HTTP API see only these methods, so
 * that a later multi-instance mode can put them on PostgreSQL; the embedded
 * default is SQLite (sqlite-store.ts).
 */
import type { GovOrganization, GovPlatform, GovSection } from '../../shared/gov.js'

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
  /** Replaces every update up to and including `throughSeq` by one state row. */
  compact(docName: string, state: Uint8Array, throughSeq: number): void
  /** Updates stored after the compacted state. */
  countUpdates(docName: string): number
}

export interface PlatformRecord extends GovPlatform {
  createdAt: string
}

/** Platforms, their member organizations and their sections. */
export interface PlatformStore {
  listPlatforms(): PlatformRecord[]
  getPlatform(platformId: string): PlatformRecord | null
  createPlatform(platform: { id: string; title: string }): PlatformRecord
  listOrganizations(platformId: string): GovOrganization[]
  addOrganization(platformId: string, org: GovOrganization): void
  listSections(platformId: string): GovSection[]
  addSection(platformId: string, section: GovSection): void
}

export interface Store extends DocumentStore, PlatformStore {
  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T
  close(): void
}
