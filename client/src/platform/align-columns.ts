import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { type RefObject, useLayoutEffect } from 'react'

/**
 * Side-by-side languages are paragraph-aligned (issue 15): the n-th block
 * of the text being written starts level with the n-th block of the text
 * beside it, so a translator reads each paragraph next to the one it
 * translates. Whichever column's block would start higher gets space above
 * it. In the editor that space is a ProseMirror node decoration (the editor
 * owns its DOM: a style set by hand would be read back as an edit or thrown
 * away); in the static column beside it, a style on the block.
 */

const alignKey = new PluginKey<DecorationSet>('alignColumns')

/** The space above each top-level block, as node decorations. */
function spacing(doc: PMNode, pads: readonly number[]): DecorationSet {
  const decorations: Decoration[] = []
  let index = 0
  doc.forEach((node, offset) => {
    const pad = pads[index++] ?? 0
    if (pad > 0) decorations.push(Decoration.node(offset, offset + node.nodeSize, { style: `padding-top: ${pad}px` }))
  })
  return DecorationSet.create(doc, decorations)
}

const alignPlugin = () =>
  new Plugin<DecorationSet>({
    key: alignKey,
    state: {
      init: () => DecorationSet.empty,
      apply: (tr, set) => {
        const pads = tr.getMeta(alignKey) as number[] | undefined
        return pads ? spacing(tr.doc, pads) : set.map(tr.mapping, tr.doc)
      },
    },
    props: { decorations: (state) => alignKey.getState(state) },
  })

/**
 * The space each column's blocks need above them so that block i of both
 * starts at the same height. `tops` are where the blocks start now and
 * `pads` the space already given to each, so one measurement is enough.
 */
export function alignedPads(a: { tops: number[]; pads: number[] }, b: { tops: number[]; pads: number[] }): [number[], number[]] {
  const rows = Math.min(a.tops.length, b.tops.length)
  const next: [number[], number[]] = [a.tops.map(() => 0), b.tops.map(() => 0)]
  if (rows === 0) return next
  const columns = [a, b]
  // Where block i's content starts in the aligned layout (content: below its own space).
  let row = Math.max(a.tops[0]!, b.tops[0]!)
  for (let i = 0; i < rows; i++) {
    if (i > 0) {
      // Without space of its own, block i would start where block i-1's content starts plus that block's own height.
      const natural = columns.map((c) => row + (c.tops[i]! - c.tops[i - 1]! - c.pads[i - 1]!))
      row = Math.max(...natural)
      columns.forEach((_, k) => {
        next[k]![i] = Math.round(row - natural[k]!)
      })
    } else {
      columns.forEach((c, k) => {
        next[k]![0] = Math.round(row - c.tops[0]!)
      })
    }
  }
  return next
}

const samePads = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => Math.abs(v - (y[i] ?? 0)) < 1)

/**
 * Keeps the two columns under `container` aligned while `active`: measured
 * after every change of either text and every resize, at most once a frame.
 */
export function useAlignedColumns(container: RefObject<HTMLElement | null>, active: boolean): void {
  useLayoutEffect(() => {
    const root = container.current
    if (!active || !root) return
    let editor: Editor | null = null
    let beside: HTMLElement[] = []
    let frame = 0
    const measure = () => {
      frame = 0
      const dom = root.querySelector<HTMLElement & { editor?: Editor }>('.section-column:not(.section-column-beside) .ProseMirror')
      const current = dom?.editor
      if (!current || current.isDestroyed) return
      if (current !== editor) {
        editor = current
        current.registerPlugin(alignPlugin())
      }
      const written: HTMLElement[] = []
      current.state.doc.forEach((_node, offset) => {
        const block = current.view.nodeDOM(offset)
        if (block instanceof HTMLElement) written.push(block)
      })
      beside = [...root.querySelectorAll<HTMLElement>('.section-column-beside .static-text > *')]
      // Hidden beside (a phone shows one language): nothing to align with.
      const shown = beside.length > 0 && beside[0]!.getClientRects().length > 0
      const top = (el: HTMLElement) => el.getBoundingClientRect().top
      // The space each block has now, read from the page: blocks re-rendered since have none.
      const pad = (el: HTMLElement) => Number.parseFloat(el.style.paddingTop) || 0
      const padsA = written.map(pad)
      const padsB = beside.map(pad)
      const [nextA, nextB] = shown
        ? alignedPads({ tops: written.map(top), pads: padsA }, { tops: beside.map(top), pads: padsB })
        : [written.map(() => 0), beside.map(() => 0)]
      if (!samePads(nextA, padsA)) current.view.dispatch(current.state.tr.setMeta(alignKey, nextA).setMeta('addToHistory', false))
      if (!samePads(nextB, padsB)) {
        beside.forEach((el, i) => {
          el.style.paddingTop = nextB[i] ? `${nextB[i]}px` : ''
        })
      }
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure)
    }
    const resized = new ResizeObserver(schedule)
    for (const column of root.querySelectorAll('.section-column')) resized.observe(column)
    // Text typed, received or re-rendered in either column (styles are attributes: not observed, so no loop).
    const changed = new MutationObserver(schedule)
    changed.observe(root, { childList: true, subtree: true, characterData: true })
    schedule()
    return () => {
      cancelAnimationFrame(frame)
      resized.disconnect()
      changed.disconnect()
      if (editor && !editor.isDestroyed) editor.unregisterPlugin(alignKey)
      for (const el of beside) el.style.paddingTop = ''
    }
  }, [container, active])
}
