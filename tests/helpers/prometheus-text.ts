/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4),
 * as a scraper would read GET /metrics: every line is a HELP, a TYPE or a
 * sample of a family announced by both, and nothing else. Throws on the first
 * line that is not.
 */

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"'
// Values are read by Go's ParseFloat, which ignores case in NaN and Inf: the format's own page writes "Nan", and so does prom-client.
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[nN][aA][nN]|[+-][iI][nN][fF])'
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (.+)$`)
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`)
const SAMPLE_LINE = new RegExp(`^(${NAME})(\\{(?:${LABEL})(?:,${LABEL})*\\})? (${VALUE})(?: -?\\d+)?$`)

export interface Family {
  help: string
  type: string
  /** Samples by `name{labels}` exactly as written (no labels: the bare name). */
  samples: Map<string, number>
}

/** A sample's family: histogram and summary samples carry a suffix. */
const familyOf = (sample: string, families: Map<string, Family>): Family | undefined =>
  families.get(sample) ?? families.get(sample.replace(/_(bucket|sum|count|total)$/, '')) ?? families.get(sample.replace(/_(bucket|sum|count)$/, ''))

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>()
  const helps = new Map<string, string>()
  text.split('\n').forEach((line, index) => {
    if (line === '') return
    const where = `line ${index + 1}: ${JSON.stringify(line)}`
    const help = HELP_LINE.exec(line)
    if (help) {
      helps.set(help[1]!, help[2]!)
      return
    }
    const type = TYPE_LINE.exec(line)
    if (type) {
      const helpText = helps.get(type[1]!)
      if (helpText === undefined) throw new Error(`TYPE before HELP, ${where}`)
      if (families.has(type[1]!)) throw new Error(`family announced twice, ${where}`)
      families.set(type[1]!, { help: helpText, type: type[2]!, samples: new Map() })
      return
    }
    const sample = SAMPLE_LINE.exec(line)
    if (!sample) throw new Error(`not HELP, TYPE or a sample, ${where}`)
    const family = familyOf(sample[1]!, families)
    if (!family) throw new Error(`sample of a family without HELP and TYPE, ${where}`)
    const key = sample[1]! + (sample[2] ?? '')
    if (family.samples.has(key)) throw new Error(`sample written twice, ${where}`)
    family.samples.set(key, /nan/i.test(sample[3]!) ? Number.NaN : Number(sample[3]!.replace(/inf$/i, 'Infinity')))
  })
  return families
}

/** One sample's value, by family and `name{labels}`; throws if absent (a missing series is a failure, not a 0). */
export function sample(families: Map<string, Family>, family: string, key = family): number {
  const value = families.get(family)?.samples.get(key)
  if (value === undefined) throw new Error(`no sample ${key} in family ${family}`)
  return value
}
