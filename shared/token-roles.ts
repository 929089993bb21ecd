import { ACTIONS, POLICY } from './policy.js'
import { ROLES, type Role } from './roles.js'

/**
 * Which roles a personal access token may carry: none that could do more
 * than its owner. Derived from the policy table, not from a ranking: role
 * `a` is within role `b` when every rule that lets `a` act also lets `b`.
 * So a facilitator's token may be a facilitator's or an observer's, never a
 * delegate's (delegates answer polls; facilitators do not).
 */
export function roleWithin(a: Role, b: Role): boolean {
  return a === b || ACTIONS.every((action) => !POLICY[action].roles.includes(a) || POLICY[action].roles.includes(b))
}

/** The roles a token of an owner holding `ownerRole` may be created with. */
export const tokenRolesFor = (ownerRole: Role): Role[] => ROLES.filter((r) => roleWithin(r, ownerRole))

/**
 * What a token of role `tokenRole` acts as once its owner holds `ownerRole`
 * (which may have changed since): the token's role if still within the
 * owner's, else the greatest role within both; null if none is.
 */
export function effectiveRole(tokenRole: Role, ownerRole: Role): Role | null {
  if (roleWithin(tokenRole, ownerRole)) return tokenRole
  return ROLES.filter((r) => roleWithin(r, tokenRole) && roleWithin(r, ownerRole)).at(-1) ?? null
}
