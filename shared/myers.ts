import diffSequencesEntry from '@jest/diff-sequences'

/**
 * Myers' O(ND) diff (diff-sequences, Jest's): calls `foundSubsequence` for
 * each run of common items, in order.
 */
export type DiffSequences = (
  aLength: number,
  bLength: number,
  isCommon: (aIndex: number, bIndex: number) => boolean,
  foundSubsequence: (nCommon: number, aCommon: number, bCommon: number) => void,
) => void

// The package's ES module entry exports the function as its default, but its
// types are CommonJS, which the server's NodeNext build reads as `{ default }`:
// take the function whichever of the two arrives.
const entry = diffSequencesEntry as unknown as DiffSequences | { default: DiffSequences }
export const diffSequences: DiffSequences = typeof entry === 'function' ? entry : entry.default
