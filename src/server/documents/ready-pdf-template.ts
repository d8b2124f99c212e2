/**
 * What a template may use for documents that came as ready PDFs (a printout, a ZIP, a PDF sent through the API):
 * the parties (recipient, unit, property, account) and, of the document, only its title, period and the fields
 * sent with the file. A template that reaches for the type's data (amounts, readings…) is named before the batch
 * is made, instead of failing halfway through it.
 */
import type { FieldIssue } from '../lib/errors.js';
import { htmlEngine, liquidMessage, parseTemplate, textEngine } from './template-engine.js';
import type { TemplateText } from './types/document-type.js';

/** The document's own variables every ready PDF has. */
export const READY_PDF_DOCUMENT_FIELDS = ['title', 'period'] as const;

/** The `document.…` variables a template uses that documents with these fields do not have (none: it fits). */
export function readyPdfProblems(template: TemplateText, fields: readonly string[] = []): FieldIssue[] {
  const known = new Set<string>([...READY_PDF_DOCUMENT_FIELDS, ...fields]);
  const issues: FieldIssue[] = [];
  for (const part of ['subject', 'html', 'text'] as const) {
    const source = template[part];
    if (!source) continue;
    const engine = part === 'html' ? htmlEngine : textEngine;
    let segments: (string | number)[][];
    try {
      segments = engine.globalVariableSegmentsSync(parseTemplate(engine, source)) as (string | number)[][];
    } catch (e) {
      issues.push({ path: part, message: liquidMessage(e) });
      continue;
    }
    const missing = new Set(
      segments.filter((s) => s[0] === 'document' && s.length > 1 && !known.has(String(s[1]))).map((s) => String(s[1])),
    );
    for (const name of missing) {
      issues.push({
        path: part,
        message: `Zmienna „document.${name}” nie jest dostępna dla dokumentów z gotowych PDF-ów (wydruk, ZIP, PDF z API): znany jest tylko tytuł i okres dokumentu${fields.length > 0 ? ` oraz pola ${fields.join(', ')}` : ''}, adresat, lokal, nieruchomość i konto. Użyj tych zmiennych albo osobnego szablonu.`,
      });
    }
  }
  return issues;
}
