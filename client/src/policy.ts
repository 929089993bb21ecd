import { useMemo } from 'react'
import { can, refusal, type Action, type Principal, type Refusal, type TargetArgs } from '../../shared/policy.js'

/** The shared policy table, bound to one person: `can('session.run')`, `can('comment.edit', comment)`. */
export interface Can {
  <A extends Action>(action: A, ...target: TargetArgs<A>): boolean
  why: <A extends Action>(action: A, ...target: TargetArgs<A>) => Refusal | null
  principal: Principal | null
}

export function policyFor(principal: Principal | null): Can {
  const bound = <A extends Action>(action: A, ...target: TargetArgs<A>): boolean => can(principal, action, ...target)
  return Object.assign(bound, {
    why: <A extends Action>(action: A, ...target: TargetArgs<A>): Refusal | null => refusal(principal, action, ...target),
    principal,
  })
}

/**
 * What this person may do, from the same table the server decides with. Pass
 * the live principal (from gov.people, see usePrincipal): a role change shows
 * at once. Components ask this rather than compare roles themselves; the
 * server still decides every request.
 */
export function useCan(principal: Principal | null): Can {
  const { personId, role, orgId } = principal ?? { personId: null, role: null, orgId: null }
  return useMemo(() => policyFor(personId !== null && role !== null ? { personId, role, orgId } : null), [personId, role, orgId])
}
