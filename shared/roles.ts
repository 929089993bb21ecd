/**
 * The roles a person can hold on a platform: the one list. The API's
 * validation (shared/api.ts), the policy table (shared/policy.ts) and the
 * client's role pickers use it; the database's CHECK on memberships.role is
 * tested against it (tests/unit/policy-roles.test.ts).
 *
 * A leaf module: it imports nothing, so shared/gov.ts and shared/policy.ts
 * can both use it without importing each other.
 */
export const ROLES = ['observer', 'delegate', 'boardRep', 'facilitator'] as const

export type Role = (typeof ROLES)[number]

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value)
