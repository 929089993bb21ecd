import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import type { AccessTokenRecord } from '../../../shared/api.js'
import type { Role } from '../../../shared/roles.js'
import { tokenRolesFor } from '../../../shared/token-roles.js'
import { api, enc, errorText } from '../api.js'
import { useI18n, registerEnglish } from '../i18n/index.js'
import { accountEn } from '../i18n/account.js'
import { ConfirmDialog } from '../shell/ConfirmDialog.js'
import { FormError } from '../FormError.js'

// This screen's English messages arrive with its code, not with the platform page.
registerEnglish(accountEn)

export interface TokenPlatform {
  id: string
  title: string
  /** The person's role there: a token may carry only roles within it (shared/token-roles.ts). */
  role: Role
}

/**
 * The person's personal access tokens, for scripts and other non-browser
 * clients (`?token=` on the relay, `Authorization: Bearer` on the API):
 * create (the secret is shown once), list, revoke.
 */
export function AccessTokens({ platforms }: { platforms: TokenPlatform[] }) {
  const { t, locale } = useI18n()
  const id = useId()
  const [tokens, setTokens] = useState<AccessTokenRecord[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [platformId, setPlatformId] = useState(platforms[0]?.id ?? '')
  const platform = platforms.find((p) => p.id === platformId) ?? platforms[0]
  const roles = useMemo(() => (platform ? tokenRolesFor(platform.role) : []), [platform])
  const [role, setRole] = useState<Role | ''>('')
  const [name, setName] = useState('')
  const [days, setDays] = useState('90')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<AccessTokenRecord | null>(null)
  // The token whose revocation is being confirmed.
  const [revoking, setRevoking] = useState<AccessTokenRecord | null>(null)
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }), [locale])
  const chosenRole: Role | undefined = role && roles.includes(role) ? role : roles[0]

  const load = useCallback(async () => {
    try {
      setTokens((await api<{ tokens: AccessTokenRecord[] }>('GET', '/api/tokens')).tokens)
      setLoadError(null)
    } catch (e) {
      setLoadError(errorText(e))
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return setError(t('tokens.nameRequired'))
    if (!platform || !chosenRole) return
    setBusy(true)
    setError(null)
    try {
      const body = { platformId: platform.id, role: chosenRole, name: name.trim(), expiresInDays: days === 'never' ? null : Number(days) }
      setCreated(await api<AccessTokenRecord>('POST', '/api/tokens', body))
      setName('')
      await load()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (token: AccessTokenRecord) => {
    setRevoking(null)
    try {
      await api('DELETE', `/api/tokens/${enc(token.id)}`)
      if (created?.id === token.id) setCreated(null)
      await load()
    } catch (e) {
      setLoadError(errorText(e))
    }
  }

  const titleOf = (pid: string) => platforms.find((p) => p.id === pid)?.title ?? pid
  const statusOf = (token: AccessTokenRecord): string => {
    if (token.revokedAt) return t('tokens.revoked')
    if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now()) return t('tokens.expired')
    return token.expiresAt ? t('tokens.expires', { date: dateFormat.format(new Date(token.expiresAt)) }) : t('tokens.noExpiry')
  }

  return (
    <section className="card access-tokens" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('tokens.title')}</h2>
      <p className="muted small">{t('tokens.intro')}</p>
      {created?.token ? (
        <div className="banner banner-warning" role="status">
          <p>{t('tokens.createdOnce', { name: created.name })}</p>
          <label htmlFor={`${id}-secret`}>{t('tokens.secretLabel')}</label>
          <input id={`${id}-secret`} readOnly value={created.token} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => setCreated(null)}>
            {t('tokens.dismiss')}
          </button>
        </div>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="inline-fields">
          <div className="field grow">
            <label htmlFor={`${id}-name`}>{t('tokens.name')}</label>
            <input id={`${id}-name`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} aria-invalid={error ? true : undefined} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-platform`}>{t('tokens.platform')}</label>
            <select id={`${id}-platform`} value={platform?.id ?? ''} onChange={(e) => setPlatformId(e.target.value)}>
              {platforms.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('tokens.role')}</label>
            <select id={`${id}-role`} value={chosenRole ?? ''} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-days`}>{t('tokens.expiry')}</label>
            <select id={`${id}-days`} value={days} onChange={(e) => setDays(e.target.value)}>
              {['7', '30', '90', '365'].map((d) => (
                <option key={d} value={d}>
                  {t('tokens.days', { days: Number(d) })}
                </option>
              ))}
              <option value="never">{t('tokens.never')}</option>
            </select>
          </div>
          <button type="submit" className="primary" disabled={busy || !platform}>
            {t('tokens.create')}
          </button>
        </div>
        <FormError error={error} />
      </form>
      {loadError ? (
        <p className="form-error" role="alert">
          {t('tokens.loadError', { message: loadError })}
        </p>
      ) : null}
      {tokens && tokens.length === 0 ? <p className="empty">{t('tokens.none')}</p> : null}
      {tokens && tokens.length > 0 ? (
        <ul className="token-list">
          {tokens.map((token) => (
            <li key={token.id}>
              <span>
                <strong>{token.name}</strong> — {titleOf(token.platformId)}, {t(`role.${token.role}`)} — {statusOf(token)}
              </span>
              {!token.revokedAt ? (
                <button type="button" onClick={() => setRevoking(token)} aria-label={t('tokens.revokeLabel', { name: token.name })}>
                  {t('tokens.revoke')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {revoking ? (
        <ConfirmDialog
          message={t('tokens.revokeConfirm', { name: revoking.name })}
          confirmLabel={t('tokens.revoke')}
          onCancel={() => setRevoking(null)}
          onConfirm={() => void revoke(revoking)}
        />
      ) : null}
    </section>
  )
}
