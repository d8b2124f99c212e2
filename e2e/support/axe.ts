/**
 * axe-core in the browser tests (issue 14 point 6, D73): the WCAG 2.1 A/AA rules run inside the page; a serious or
 * critical finding fails the test with the rule, its help text and the elements concerned. axe-core (MPL-2.0) is a
 * dev dependency used unmodified, evaluated in the page — nothing of it reaches the app's bundle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets the Polish act requires (WCAG 2.1 level A and AA). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending elements (the first few), each with axe's short reason. */
  targets: string[];
  count: number;
}

interface RawResult {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now; returns the serious and critical violations (nothing else). */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  // Not page.addScriptTag: the app's Content-Security-Policy (script-src 'self') refuses inline scripts, and it stays
  // on here. DevTools' evaluate is not subject to it, and defines window.axe the same way.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async (tags) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe;
      const result = (await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      })) as { violations: unknown[] };
      return result.violations;
    },
    WCAG_TAGS as unknown as string[],
  );
  return (violations as RawResult[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      helpUrl: v.helpUrl,
      count: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => {
        const why = (n.failureSummary ?? '').split('\n').slice(1, 2).join(' ').trim();
        return `${n.target.map(String).join(' ')}${why ? ` — ${why}` : ''}`;
      }),
    }));
}

/** A readable list of findings for a failure message. */
export function formatFindings(label: string, findings: AxeFinding[]): string {
  const lines = [`axe: ${findings.length} serious/critical rule(s) broken on "${label}":`];
  for (const f of findings) {
    lines.push(`- ${f.id} (${f.impact}, ${f.count}×): ${f.help} <${f.helpUrl}>`);
    for (const t of f.targets) lines.push(`    ${t}`);
    if (f.count > f.targets.length) lines.push(`    … and ${f.count - f.targets.length} more`);
  }
  return lines.join('\n');
}

/**
 * Fails (throws) when axe finds a serious or critical WCAG 2.1 A/AA problem on the page as it is now; `label` names
 * the screen in the message. Wait for the screen's content before calling it.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const findings = await axeFindings(page);
  if (findings.length > 0) throw new Error(formatFindings(label, findings));
}
