/**
 * One pass over CSV text, before csv-parse builds anything: per record its fields, its longest field and its
 * length, read with csv-parse's own quoting rules for the options tabular-csv uses (a field is quoted when it
 * starts with a quote; "" inside is a quote; a closing quote not followed by a delimiter or line end makes the
 * field plain text, as relax_quotes does). Lines are "\n"-separated (the caller normalises line breaks).
 */
export interface CsvShapeLimits {
  maxFields: number;
  maxFieldChars: number;
  maxRecordChars: number;
}

export type CsvShapeProblem =
  | { kind: 'fields' | 'record'; line: number }
  | { kind: 'field'; line: number; field: number; start: number };

const QUOTE = 0x22;
const NL = 0x0a;

/** The first record (by line) that breaks a limit, or null. Stops there: never reads past the problem. */
export function csvShape(text: string, delimiter: string, limits: CsvShapeLimits): CsvShapeProblem | null {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let line = 1;
  let recordLine = 1;
  let fields = 1;
  let fieldStart = 0;
  let fieldChars = 0;
  let recordChars = 0;
  let quoted = false;
  let atFieldStart = true;
  const endField = (): CsvShapeProblem | null => {
    if (fieldChars > limits.maxFieldChars) return { kind: 'field', line: recordLine, field: fields, start: fieldStart };
    recordChars += fieldChars;
    if (recordChars > limits.maxRecordChars) return { kind: 'record', line: recordLine };
    fieldChars = 0;
    atFieldStart = true;
    return null;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (atFieldStart) {
      atFieldStart = false;
      fieldStart = i;
      if (c === QUOTE) {
        quoted = true;
        continue;
      }
    }
    if (quoted) {
      if (c === QUOTE) {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : NL;
        if (next === QUOTE) {
          fieldChars++;
          i++;
          continue;
        }
        quoted = false;
        if (next !== delim && next !== NL) fieldChars += 2; // relax_quotes: the quotes stay in the text
        continue;
      }
      if (c === NL) line++;
      fieldChars++;
    } else if (c === delim) {
      const problem = endField();
      if (problem) return problem;
      if (++fields > limits.maxFields) return { kind: 'fields', line: recordLine };
      fieldStart = i + 1;
    } else if (c === NL) {
      const problem = endField();
      if (problem) return problem;
      line++;
      recordLine = line;
      fields = 1;
      recordChars = 0;
    } else fieldChars++;
    if (fieldChars > limits.maxFieldChars) return { kind: 'field', line: recordLine, field: fields, start: fieldStart };
  }
  return endField();
}
