import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useI18n, type Locale, type MessageKey } from '../i18n/index.js'

/**
 * A date and time as labelled selects (day, month, year, hour, minute) in
 * the chosen language: `<input type="datetime-local">` draws its picker in
 * the browser's language instead. Emits the same `YYYY-MM-DDTHH:mm` local
 * time, or '' while nothing is chosen; `partial` says some but not all parts
 * are chosen (the form asks for the rest).
 */
interface Props {
  legend: string
  /** '' or `YYYY-MM-DDTHH:mm`; setting '' from outside clears the fields. */
  value: string
  onChange: (value: string, partial: boolean) => void
  /** How many years after this one the year list offers. */
  yearsAhead?: number
}

type Part = 'day' | 'month' | 'year' | 'hour' | 'minute'
type Parts = Record<Part, string>

const EMPTY: Parts = { day: '', month: '', year: '', hour: '', minute: '' }
const LABELS: Record<Part, MessageKey> = {
  day: 'sessions.dateTime.day',
  month: 'sessions.dateTime.month',
  year: 'sessions.dateTime.year',
  hour: 'sessions.dateTime.hour',
  minute: 'sessions.dateTime.minute',
}
const MINUTE_STEP = 5

const pad = (n: number) => String(n).padStart(2, '0')
const daysIn = (year: number, month: number) => new Date(year, month, 0).getDate()

function partsOf(value: string): Parts {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!m) return EMPTY
  return { year: m[1]!, month: String(Number(m[2])), day: String(Number(m[3])), hour: String(Number(m[4])), minute: String(Number(m[5])) }
}

function localValue(parts: Parts): string {
  if (Object.values(parts).some((p) => p === '')) return ''
  return `${parts.year}-${pad(Number(parts.month))}-${pad(Number(parts.day))}T${pad(Number(parts.hour))}:${pad(Number(parts.minute))}`
}

/** The order of day, month and year in the locale's dates ("March 14, 2027" or "14 de marzo de 2027"). */
function dateOrder(locale: Locale): Part[] {
  const order = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' })
    .formatToParts(new Date(2027, 2, 14))
    .map((p) => p.type)
    .filter((type): type is 'day' | 'month' | 'year' => type === 'day' || type === 'month' || type === 'year')
  return order.length === 3 ? order : ['day', 'month', 'year']
}

export function DateTimeField({ legend, value, onChange, yearsAhead = 4 }: Props) {
  const { t, locale } = useI18n()
  const id = useId()
  const [parts, setParts] = useState<Parts>(() => partsOf(value))
  const emitted = useRef(value)
  const first = useRef<HTMLSelectElement>(null)
  // A value set from outside (the form cleared after planning): the fields follow it.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value
      setParts(partsOf(value))
    }
  }, [value])

  const options = useMemo(() => {
    const thisYear = new Date().getFullYear()
    const months = new Intl.DateTimeFormat(locale, { month: 'long' })
    const hours = new Intl.DateTimeFormat(locale, { hour: 'numeric' })
    const digits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 })
    const numbers = new Intl.NumberFormat(locale, { useGrouping: false })
    return {
      thisYear,
      month: Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: months.format(new Date(2000, i, 1)) })),
      // Shown in the locale's hour cycle (6 PM, 18), valued 0–23.
      hour: Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hours.format(new Date(2000, 0, 1, h)) })),
      minute: Array.from({ length: 60 / MINUTE_STEP }, (_, i) => ({ value: String(i * MINUTE_STEP), label: digits.format(i * MINUTE_STEP) })),
      numbers,
      digits,
    }
  }, [locale])
  const years = Array.from({ length: yearsAhead + 1 }, (_, i) => options.thisYear + i)
  // A value from elsewhere (another year, another minute) stays choosable.
  if (parts.year && !years.includes(Number(parts.year))) years.push(Number(parts.year))
  const minutes = [...options.minute]
  if (parts.minute && Number(parts.minute) % MINUTE_STEP !== 0) minutes.push({ value: parts.minute, label: options.digits.format(Number(parts.minute)) })
  const maxDay = parts.year && parts.month ? daysIn(Number(parts.year), Number(parts.month)) : 31
  const choices: Record<Part, { value: string; label: string }[]> = {
    day: Array.from({ length: maxDay }, (_, i) => ({ value: String(i + 1), label: options.numbers.format(i + 1) })),
    month: options.month,
    year: years.map((y) => ({ value: String(y), label: options.numbers.format(y) })),
    hour: options.hour,
    minute: minutes.sort((a, b) => Number(a.value) - Number(b.value)),
  }

  const update = (next: Parts) => {
    // The 31st of a shorter month becomes its last day.
    if (next.day && next.year && next.month) next = { ...next, day: String(Math.min(Number(next.day), daysIn(Number(next.year), Number(next.month)))) }
    setParts(next)
    const full = localValue(next)
    const chosen = Object.values(next).filter((p) => p !== '').length
    emitted.current = full
    onChange(full, chosen > 0 && full === '')
  }
  const empty = Object.values(parts).every((p) => p === '')
  const order: Part[] = [...dateOrder(locale), 'hour', 'minute']

  const select = (part: Part, index: number) => (
    <span className={`date-time-part date-time-${part}`} key={part}>
      <label htmlFor={`${id}-${part}`}>{t(LABELS[part])}</label>
      <select id={`${id}-${part}`} ref={index === 0 ? first : undefined} value={parts[part]} onChange={(e) => update({ ...parts, [part]: e.target.value })}>
        <option value="">{t('sessions.dateTime.none')}</option>
        {choices[part].map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  )

  return (
    <fieldset className="date-time-field" aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <p id={`${id}-hint`} className="hint">
        {t('sessions.dateTime.hint')}
      </p>
      <div className="date-time-parts">
        <span className="date-time-group" role="group" aria-label={t('sessions.dateTime.date')}>
          {order.slice(0, 3).map((part, i) => select(part, i))}
        </span>
        <span className="date-time-group" role="group" aria-label={t('sessions.dateTime.time')}>
          {order.slice(3).map((part, i) => select(part, i + 3))}
        </span>
        <button
          type="button"
          className="date-time-clear"
          disabled={empty}
          onClick={() => {
            update(EMPTY)
            first.current?.focus()
          }}
        >
          {t('sessions.dateTime.clear')}
        </button>
      </div>
    </fieldset>
  )
}
