import type { Sender } from './schemas.js';

/** One line of a conversation, as a `history` frame carries it. */
export interface HistoryLine {
  id: string;
  from: Sender;
  text: string;
  /** Which counsellor wrote a counsellor's line, where known. */
  by?: string;
}

/** Text bytes per history frame: well inside one frame's limit with its envelope. */
const HISTORY_BATCH_BYTES = 6000;
/** The schema's limit of lines per history frame. */
const HISTORY_BATCH_LINES = 100;
const encoder = new TextEncoder();

/**
 * Splits a conversation into history frames' worth of lines, in order. A line
 * longer than a batch goes alone (one message always fits one frame).
 */
export function historyBatches(lines: readonly HistoryLine[]): HistoryLine[][] {
  const batches: HistoryLine[][] = [];
  let batch: HistoryLine[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes =
      encoder.encode(line.text).length + (line.by ? encoder.encode(line.by).length + 8 : 0) + 64;
    if (
      batch.length > 0 &&
      (size + bytes > HISTORY_BATCH_BYTES || batch.length >= HISTORY_BATCH_LINES)
    ) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(line);
    size += bytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
