import { useId, useState, type FormEvent } from 'react'
import type { NewAccountBody } from '../../../shared/api.js'
import { ApiError, NetworkError } from '../api.js'
import { useI18n, type MessageKey, registerEnglish } from '../i18n/index.js'
import { accountEn } from '../i18n/account.js'
import { FormError } from '../FormError.js'

// This screen's English messages arrive with its code, not with the platform page.
registerEnglish(accountEn)

type Field = 'username' | 'displayName' | 'email' | 'password'
const FIELDS: Field[] = ['username', 'displayName', 'email', 'password']
export const MIN_PASSWORD = 10
const USERNAME = /^[a-zA-Z0-9._-]+$/

/** Which field a 400 answer is about: `issues[].path` if the server sends them, else the field named in the message. */
function fieldErrors(error: ApiError, body: unknown): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {}
  const issues = (body as { error?: { issues?: Array<{ path?: unknown[]; message?: string }> } } | null)?.error?.issues
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      const f = issue.path?.[0]
      if (typeof f === 'string' && (FIELDS as string[]).includes(f)) out[f as Field] = issue.message ?? error.message
    }
  }
  if (Object.keys(out).length > 0) return out
  const lower = error.message.toLowerCase()
  const named =
    FIELDS.find((f) => lower.includes(f.toLowerCase())) ??
    (lower.includes('display name') ? 'displayName' : undefined) ??
    // The message is in the reader's language; the code says the same in every one.
    (error.code.includes('username') || error.code === 'account_exists' ? 'username' : undefined)
  if (named) out[named] = error.message
  return out
}

/** Mirrors the server's rules so most mistakes are caught before sending. */
function validate(values: Record<Field, string>): Partial<Record<Field, MessageKey>> {
  const out: Partial<Record<Field, MessageKey>> = {}
  const username = values.username.trim()
  if (username.length < 2 || username.length > 50) out.username = 'account.usernameLength'
  else if (!USERNAME.test(username)) out.username = 'account.usernameChars'
  if (!values.displayName.trim()) out.displayName = 'account.displayNameRequired'
  if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) out.email = 'account.emailInvalid'
  if (values.password.length < MIN_PASSWORD) out.password = 'account.passwordShort'
  return out
}

/** Username, display name, optional email, password: for first-run setup and invitations. */
export function NewAccountForm({
  submitLabel,
  onSubmit,
  initialName = '',
}: {
  submitLabel: string
  /** Throws ApiError when the server says no. */
  onSubmit: (body: NewAccountBody) => Promise<void>
  initialName?: string
}) {
  const { t } = useI18n()
  const id = useId()
  const [values, setValues] = useState<Record<Field, string>>({ username: '', displayName: initialName, email: '', password: '' })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const local = validate(values)
    if (Object.keys(local).length > 0) {
      const translated: Partial<Record<Field, string>> = {}
      for (const [f, key] of Object.entries(local) as Array<[Field, MessageKey]>) translated[f] = t(key, { min: MIN_PASSWORD })
      setErrors(translated)
      setFormError(null)
      document.getElementById(`${id}-${Object.keys(local)[0]}`)?.focus()
      return
    }
    setBusy(true)
    setErrors({})
    setFormError(null)
    try {
      const body: NewAccountBody = {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        ...(values.email.trim() ? { email: values.email.trim() } : {}),
      }
      await onSubmit(body)
    } catch (e) {
      const apiError = e instanceof ApiError ? e : null
      if (apiError && (apiError.status === 400 || apiError.status === 409)) {
        const perField = fieldErrors(apiError, apiError.body)
        if (Object.keys(perField).length > 0) setErrors(perField)
        else setFormError(apiError.message)
      } else if (e instanceof NetworkError) {
        setFormError(t('signin.offline'))
      } else {
        setFormError(e instanceof Error ? e.message : String(e))
      }
    } finally {
      setBusy(false)
    }
  }

  const field = (name: Field, label: string, type: string, autoComplete: string, hint: string | null = null) => {
    const describedBy = [hint ? `${id}-${name}-hint` : null, errors[name] ? `${id}-${name}-error` : null].filter(Boolean).join(' ')
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {hint ? (
          <span id={`${id}-${name}-hint`} className="hint">
            {hint}
          </span>
        ) : null}
        <input
          id={`${id}-${name}`}
          name={name}
          type={type}
          autoComplete={autoComplete}
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
        {errors[name] ? (
          <span id={`${id}-${name}-error`} className="field-error">
            {errors[name]}
          </span>
        ) : null}
      </div>
    )
  }

  return (
    <form className="account-form" onSubmit={(e) => void submit(e)} noValidate>
      {field('displayName', t('account.displayName'), 'text', 'name', t('account.displayNameHint'))}
      {field('username', t('account.username'), 'text', 'username', t('account.usernameHint'))}
      {field('email', t('account.email'), 'email', 'email', t('account.emailHint'))}
      {field('password', t('account.password'), 'password', 'new-password', t('account.passwordHint', { min: MIN_PASSWORD }))}
      <FormError error={formError} />
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t('account.fixFields')}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  )
}
