/** The Polish report written beside a rejected drop-folder file (`<name>.txt` in `odrzucone/`). */
import { formatOfficeDateTime } from '../../lib/dates.js';

export interface Rejection {
  message: string;
  hint?: string;
  rows?: { line: number; key?: string | null; path: string; message: string }[];
  intakeId?: string;
}

const GENERAL_HINT =
  'Popraw plik i wrzuć go ponownie do tego samego folderu (może mieć tę samą nazwę). Nic z tego pliku nie zostało wysłane.';
const MAX_ROWS = 200;

/** What was wrong, where, and how to fix it — for the person who reads the folder, not for a program. */
export function reportText(name: string, atIso: string, r: Rejection): string {
  const lines = [
    `Plik: ${name}`,
    `Odrzucony: ${formatOfficeDateTime(atIso)}`,
    '',
    'Co jest nie tak:',
    `  ${r.message}`,
  ];
  const rows = r.rows ?? [];
  if (rows.length > 0) {
    lines.push('', 'Błędy w pozycjach:');
    for (const row of rows.slice(0, MAX_ROWS)) {
      const key = row.key ? ` (${row.key})` : '';
      lines.push(`  wiersz/strona ${row.line}${key}, ${row.path}: ${row.message}`);
    }
    if (rows.length > MAX_ROWS) lines.push(`  … i ${rows.length - MAX_ROWS} więcej.`);
  }
  lines.push('', 'Jak to naprawić:', `  ${r.hint ?? GENERAL_HINT}`);
  if (r.intakeId) lines.push('', `Numer zlecenia: ${r.intakeId}`);
  return `${lines.join('\n')}\n`;
}
