import { type Request, Router } from 'express'
import { answerBody, createSessionBody, extendBody, followBody, handBody, notesBody, penBody, pollBody } from '../../shared/api.js'
import { gatherMinutes, minutesHtml, minutesMarkdown } from '../drafting/minutes.js'
import { ExportWords } from '../publish/export-words.js'
import { documentOptions } from './document-options.js'
import type { Services } from '../services.js'
import { requireMember } from './auth.js'
import { parseBody } from './validate.js'

/** Drafting sessions: plan, run, speak, poll, hand the pen, and the minutes. */
export function draftingRouter(services: Services): Router {
  const { drafting } = services
  const router = Router()
  const base = '/:platformId/sessions/:sessionId'

  router.post('/:platformId/sessions', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    res.status(201).json({ id: drafting.create(actor, req.params.platformId, parseBody(createSessionBody, req.body)) })
  })

  type Actor = Parameters<typeof drafting.start>[0]
  /** A request on one session by a member: `act` does it and returns the JSON answer. */
  const onSession = (
    method: 'post' | 'put',
    path: string,
    act: (actor: Actor, platformId: string, sessionId: string, req: Request) => object,
    status = 200,
  ): void => {
    router[method](`${base}${path}`, (req, res) => {
      const { platformId, sessionId } = sessionParams(req)
      const actor = requireMember(services, res, platformId)
      res.status(status).json(act(actor, platformId, sessionId, req))
    })
  }

  /** Facilitator actions without a body. */
  const simple: Record<string, (actor: Actor, platformId: string, sessionId: string) => unknown> = {
    start: (a, p, s) => drafting.start(a, p, s),
    pause: (a, p, s) => drafting.pause(a, p, s, true),
    resume: (a, p, s) => drafting.pause(a, p, s, false),
    next: (a, p, s) => drafting.next(a, p, s),
    end: (a, p, s) => drafting.end(a, p, s),
    'call-next': (a, p, s) => ({ speaker: drafting.callNext(a, p, s) }),
  }
  for (const [path, action] of Object.entries(simple)) {
    onSession('post', `/${path}`, (a, p, s) => {
      const result = action(a, p, s)
      return { id: s, ...(typeof result === 'object' && result !== null ? result : {}) }
    })
  }

  onSession('post', '/extend', (a, p, s, req) => {
    drafting.extend(a, p, s, parseBody(extendBody, req.body).minutes)
    return { id: s }
  })
  onSession('post', '/follow', (a, p, s, req) => {
    drafting.follow(a, p, s, parseBody(followBody, req.body).sectionId)
    return { id: s }
  })
  onSession('post', '/hand', (a, p, s, req) => {
    const { raised } = parseBody(handBody, req.body)
    drafting.raiseHand(a, p, s, raised)
    return { id: s, raised }
  })
  onSession(
    'post',
    '/polls',
    (a, p, s, req) => {
      const { kind, question } = parseBody(pollBody, req.body)
      return { id: drafting.openPoll(a, p, s, kind, question) }
    },
    201,
  )
  onSession('post', '/polls/:pollId/close', (a, p, s, req) => {
    drafting.closePoll(a, p, s, pollIdOf(req))
    return { id: pollIdOf(req) }
  })
  onSession('post', '/polls/:pollId/answer', (a, p, s, req) => {
    drafting.answerPoll(a, p, s, pollIdOf(req), parseBody(answerBody, req.body).value)
    return { id: pollIdOf(req) }
  })
  onSession('post', '/pen', (a, p, s, req) => {
    drafting.handPen(a, p, s, parseBody(penBody, req.body).personId)
    return { id: s }
  })
  onSession('put', '/notes', (a, p, s, req) => {
    drafting.setNotes(a, p, s, parseBody(notesBody, req.body).notes)
    return { id: s }
  })

  for (const format of ['md', 'html'] as const) {
    router.get(`${base}/minutes.${format}`, (req, res) => {
      requireMember(services, res, req.params.platformId)
      // The minutes are in the interface's words: ?lang= one language (English words where Plank has no catalog).
      const { languages, timeZone } = documentOptions(req.query, 1)
      const words = new ExportWords(languages?.[0] ?? 'en', timeZone)
      const minutes = gatherMinutes(services.store, req.params.platformId, req.params.sessionId)
      res.setHeader('Content-Language', words.lang)
      if (format === 'md') res.type('text/markdown; charset=utf-8').send(minutesMarkdown(minutes, words))
      else res.type('text/html; charset=utf-8').send(minutesHtml(minutes, words))
    })
  }

  return router
}

// Casts: express sets every parameter the route's path declares (base declares these two; the poll routes :pollId).
const sessionParams = (req: Request) => req.params as { platformId: string; sessionId: string }
const pollIdOf = (req: Request): string => req.params.pollId as string
