/**
 * Governance, as the relay sees it through its hooks (server/relay/hooks.ts):
 * who may write which root (the policy table, against the live `gov` state),
 * the gov projection when a document loads, and the names and colours that
 * presence shows. The relay knows none of this; app.ts plugs it in.
 */
import { parseRoot } from '../../shared/documents.js'
import { penOn } from '../../shared/drafting.js'
import { findSection, govAmendments, govOrganizations, govPeople, govSessions, govPlatform } from '../../shared/gov.js'
import { amendmentFacts, can, type Principal } from '../../shared/policy.js'
import type { RelayHooks } from '../relay/hooks.js'
import type { GovContext } from './context.js'

export type GovernanceHooks = Pick<RelayHooks<Principal>, 'authorizeWrites' | 'afterLoadDocument' | 'beforeUnloadDocument' | 'identify' | 'describe'>

const DEFAULT_COLOR = '#37474f'
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/

/**
 * `gov` is asked for lazily: the relay's rooms are built before GovContext
 * (which reaches documents through them), and no hook runs before the
 * server accepts connections.
 */
export function governanceHooks(gov: () => GovContext): GovernanceHooks {
  return {
    authorizeWrites({ document, context: principal }) {
      // Read once per update: the platform's settings as they are now.
      const platform = govPlatform(document)
      return (root) => {
        const parsed = parseRoot(root)
        if (parsed.kind === 'amend') {
          // An amendment's root: the amendment's rules, with its section (the section's owner decides; its lock does not stop drafting).
          const amendment = govAmendments(document)?.get(parsed.amendmentId) ?? null
          const section = amendment ? findSection(document, amendment.sectionId) : null
          return can(principal, 'root.write', { root, platform, section, amendment: amendment && amendmentFacts(amendment) })
        }
        // A section's text and its translations (body:<id>:<lang>) are written under the section's rules; the policy checks the language.
        const sectionId = parsed.kind === 'body' ? parsed.sectionId : null
        const section = sectionId === null ? null : findSection(document, sectionId)
        const pen = sectionId === null ? null : penOn(govSessions(document)?.values() ?? [], sectionId)
        return can(principal, 'root.write', { root, platform, section, pen })
      }
    },
    afterLoadDocument({ documentName, document }) {
      gov().loaded(documentName, document)
    },
    beforeUnloadDocument({ documentName }) {
      gov().unloading(documentName)
    },
    identify({ document, context: { personId, role, orgId }, claimed }) {
      const person = govPeople(document)?.get(personId)
      const org = orgId === null ? undefined : govOrganizations(document)?.get(orgId)
      // Carets draw only #rrggbb: the organization's colour when it is one, else the client's choice.
      const color = [org?.color, claimed?.color].find((c): c is string => typeof c === 'string' && HEX_COLOR.test(c)) ?? DEFAULT_COLOR
      return { personId, name: person?.name ?? '', role, orgId, color }
    },
    describe(userId, { role }) {
      return `person ${userId} (${role})`
    },
  }
}
