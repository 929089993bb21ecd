import { Router } from 'express'
import { answerBody, createSessionBody, extendBody, followBody, handBody, notesBody, penBody, pollBody } from '../../shared/api.js'
import { gatherMinutes, minutesHtml, minutesMarkdown } from '../drafting/minutes.js'
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

  /** Facilitator actions without a body. */
  const simple: Record<string, (actor: Parameters<typeof drafting.start>[0], platformId: string, sessionId: string) => unknown> = {
    start: (a, p, s) => drafting.start(a, p, s),
    pause: (a, p, s) => drafting.pause(a, p, s, true),
    resume: (a, p, s) => drafting.pause(a, p, s, false),
    next: (a, p, s) => drafting.next(a, p, s),
    end: (a, p, s) => drafting.end(a, p, s),
    'call-next': (a, p, s) => ({ speaker: drafting.callNext(a, p, s) }),
  }
  for (const [path, action] of Object.entries(simple)) {
    router.post(`${base}/${path}`, (req, res) => {
      const actor = requireMember(services, res, req.params.platformId)
      const result = action(actor, req.params.platformId, req.params.sessionId)
      res.json({ id: req.params.sessionId, ...(typeof result === 'object' && result !== null ? result : {}) })
    })
  }

  router.post(`${base}/extend`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    drafting.extend(actor, req.params.platformId, req.params.sessionId, parseBody(extendBody, req.body).minutes)
    res.json({ id: req.params.sessionId })
  })

  router.post(`${base}/follow`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    drafting.follow(actor, req.params.platformId, req.params.sessionId, parseBody(followBody, req.body).sectionId)
    res.json({ id: req.params.sessionId })
  })

  router.post(`${base}/hand`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { raised } = parseBody(handBody, req.body)
    drafting.raiseHand(actor, req.params.platformId, req.params.sessionId, raised)
    res.json({ id: req.params.sessionId, raised })
  })

  router.post(`${base}/polls`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { kind, question } = parseBody(pollBody, req.body)
    res.status(201).json({ id: drafting.openPoll(actor, req.params.platformId, req.params.sessionId, kind, question) })
  })

  router.post(`${base}/polls/:pollId/close`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    drafting.closePoll(actor, req.params.platformId, req.params.sessionId, req.params.pollId)
    res.json({ id: req.params.pollId })
  })

  router.post(`${base}/polls/:pollId/answer`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    drafting.answerPoll(actor, req.params.platformId, req.params.sessionId, req.params.pollId, parseBody(answerBody, req.body).value)
    res.json({ id: req.params.pollId })
  })

  router.post(`${base}/pen`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    drafting.handPen(actor, req.params.platformId, req.params.sessionId, parseBody(penBody, req.body).personId)
    res.json({ id: req.params.sessionId })
  })

  router.put(`${base}/notes`, (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    drafting.setNotes(actor, req.params.platformId, req.params.sessionId, parseBody(notesBody, req.body).notes)
    res.json({ id: req.params.sessionId })
  })

  for (const format of ['md', 'html'] as const) {
    router.get(`${base}/minutes.${format}`, (req, res) => {
      requireMember(services, res, req.params.platformId)
      const minutes = gatherMinutes(services.store, req.params.platformId, req.params.sessionId)
      if (format === 'md') res.type('text/markdown; charset=utf-8').send(minutesMarkdown(minutes))
      else res.type('text/html; charset=utf-8').send(minutesHtml(minutes))
    })
  }

  return router
}
