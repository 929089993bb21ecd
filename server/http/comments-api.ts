import { Router } from 'express'
import { createCommentBody, editCommentBody, hideCommentBody, readInboxBody } from '../../shared/api.js'
import type { Services } from '../services.js'
import { requireMember } from './auth.js'
import { parseBody } from './validate.js'

/** Comment threads and each person's inbox, per platform. */
export function commentsRouter(services: Services): Router {
  const { comments } = services
  const router = Router()

  router.get('/:platformId/comments', (req, res) => {
    requireMember(services, res, req.params.platformId)
    res.json({ comments: comments.list(req.params.platformId) })
  })

  router.post('/:platformId/comments', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const input = parseBody(createCommentBody, req.body)
    res.status(201).json({ id: comments.create(actor, req.params.platformId, input) })
  })

  router.patch('/:platformId/comments/:commentId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { body, mentions } = parseBody(editCommentBody, req.body)
    comments.edit(actor, req.params.platformId, req.params.commentId, body, mentions)
    res.json({ id: req.params.commentId })
  })

  router.delete('/:platformId/comments/:commentId', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    comments.remove(actor, req.params.platformId, req.params.commentId)
    res.status(204).end()
  })

  for (const [path, resolved] of [
    ['resolve', true],
    ['reopen', false],
  ] as const) {
    router.post(`/:platformId/comments/:commentId/${path}`, (req, res) => {
      const actor = requireMember(services, res, req.params.platformId)
      comments.setResolved(actor, req.params.platformId, req.params.commentId, resolved)
      res.json({ id: req.params.commentId, resolved })
    })
  }

  router.post('/:platformId/comments/:commentId/hide', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { reason } = parseBody(hideCommentBody, req.body)
    comments.hide(actor, req.params.platformId, req.params.commentId, reason)
    res.json({ id: req.params.commentId, hidden: true })
  })

  router.get('/:platformId/inbox', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    res.json(comments.inbox(actor.personId, req.params.platformId))
  })

  router.post('/:platformId/inbox/read', (req, res) => {
    const actor = requireMember(services, res, req.params.platformId)
    const { ids } = parseBody(readInboxBody, req.body)
    comments.markRead(actor.personId, req.params.platformId, ids ?? null)
    res.json(comments.inbox(actor.personId, req.params.platformId))
  })

  return router
}
