// Counting the records of an export as its bytes arrive, for the dashboard's progress line:
// JSONL and OTLP exports hold one record per line; a CSV record ends at a line break outside
// quotes (a quoted prompt may hold line breaks). `"` and `\n` are ASCII, never part of a
// multi-byte UTF-8 character, so the bytes can be scanned without decoding them.

export interface RecordCount {
  records: number;
  /** Inside a quoted CSV cell at the end of the bytes seen so far. */
  quoted: boolean;
}

export const NO_RECORDS: RecordCount = { records: 0, quoted: false };

const QUOTE = 34;
const NEWLINE = 10;

export function countRecords(bytes: Uint8Array, csv: boolean, state: RecordCount = NO_RECORDS): RecordCount {
  let { records, quoted } = state;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (csv && b === QUOTE) quoted = !quoted;
    else if (b === NEWLINE && !quoted) records++;
  }
  return { records, quoted };
}
