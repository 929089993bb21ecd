/**
 * What the margin's comment forms share: the text being written with the
 * mentions chosen for it, the mention box bound to it, the action runner
 * that turns a failed request into the message shown, and that message.
 */
import { useState } from 'react'
import { useI18n } from '../i18n/index.js'
import { useComments } from './context.js'
import { MentionInput, mentionsIn, type MentionTarget } from './MentionInput.js'
import { commentErrorText, type Mentions } from './model.js'

/** A comment's text being written, and the mentions picked from the suggestions while writing it. */
export interface CommentText {
  body: string
  setBody: (body: string) => void
  chosen: MentionTarget[]
  choose: (target: MentionTarget) => void
}

export function useCommentText(initial = ''): CommentText & { reset: () => void } {
  const [body, setBody] = useState(initial)
  const [chosen, setChosen] = useState<MentionTarget[]>([])
  return {
    body,
    setBody,
    chosen,
    choose: (m) => setChosen((c) => [...c, m]),
    reset: () => {
      setBody('')
      setChosen([])
    },
  }
}

/** Runs a comment request; a failure becomes `error` (the message for it), a success clears it. */
export function useCommentAction(): { error: string | null; run: (action: () => Promise<unknown>, after?: () => void) => Promise<void> } {
  const { t } = useI18n()
  const [error, setError] = useState<string | null>(null)
  const run = async (action: () => Promise<unknown>, after?: () => void) => {
    setError(null)
    try {
      await action()
      after?.()
    } catch (e) {
      setError(commentErrorText(t, e))
    }
  }
  return { error, run }
}

/**
 * A new comment or reply: its text, and `submit`, which sends it once at a
 * time (not when empty) with the mentions still in the text.
 */
export function useCommentDraft(send: (body: string, mentions: Mentions) => Promise<void>) {
  const text = useCommentText()
  const { error, run } = useCommentAction()
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    if (text.body.trim() === '' || busy) return
    setBusy(true)
    try {
      await run(() => send(text.body, mentionsIn(text.body, text.chosen)))
    } finally {
      setBusy(false)
    }
  }
  return { text, error, busy, submit }
}

/** The mention box for `text`, suggesting the people and organizations of the comments in view. */
export function CommentTextInput({
  text,
  ...rest
}: {
  text: CommentText
  label: string
  onSubmit: () => void
  autoFocus?: boolean
  className?: string
  rows?: number
}) {
  const ctx = useComments()!
  return (
    <MentionInput
      value={text.body}
      onChange={text.setBody}
      chosen={text.chosen}
      onChoose={text.choose}
      people={ctx.people}
      organizations={ctx.organizations}
      {...rest}
    />
  )
}

export function CommentError({ error }: { error: string | null }) {
  return error ? (
    <p className="comment-error" role="alert">
      {error}
    </p>
  ) : null
}
