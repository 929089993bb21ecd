import { useI18n, type MessageKey } from '../i18n/index.js'

/**
 * The header row of a settings table: one column head per key and, with
 * `actions`, a last column for the row's buttons, named for screen readers only.
 */
export function TableHead({ columns, actions = false }: { columns: MessageKey[]; actions?: boolean }) {
  const { t } = useI18n()
  return (
    <thead>
      <tr>
        {columns.map((key) => (
          <th key={key} scope="col">
            {t(key)}
          </th>
        ))}
        {actions ? (
          <th scope="col">
            <span className="visually-hidden">{t('settings.people.actions')}</span>
          </th>
        ) : null}
      </tr>
    </thead>
  )
}
