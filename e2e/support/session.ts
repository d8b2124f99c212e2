/** What every browser test sets up the same way: the server, Chromium, one page, the first run and failure shots. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchBrowser, newPage, shot } from './browser.js';
import { type E2EServer, startServer } from './server.js';

export interface Session {
  server: E2EServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

export interface SessionOptions {
  /** Before the server starts (e.g. SMTP sinks the server's accounts will point at). */
  before?: () => Promise<void>;
  /** Once the page is open: hands the session to the file's own variables, adds listeners, resizes. */
  ready: (session: Session) => unknown;
  /** After the browser and the server are closed. */
  after?: () => Promise<void>;
  /** Extra environment for the server process (after `before`, so it may name what `before` started). */
  env?: () => Record<string, string>;
  /** How a failure screenshot is taken (default: `shot`). */
  shot?: (page: Page, name: string) => Promise<string>;
}

/**
 * Registers, in the calling `describe`, the set-up and tear-down every browser test repeats: a fresh server, Debian's
 * Chromium and one page; on a failing test a screenshot, the page's text and a note when dist/web was rebuilt.
 */
export function useBrowserSession(options: SessionOptions): void {
  let session: Partial<Session> = {};
  const takeShot = options.shot ?? shot;

  beforeAll(async () => {
    await options.before?.();
    session.server = await startServer({ env: options.env?.() ?? {} });
    session.browser = await launchBrowser();
    Object.assign(session, await newPage(session.browser));
    await options.ready(session as Session);
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const { page, server } = session;
      const name = task.name.replace(/[^\w]+/g, '-').slice(0, 60);
      if (page && !page.isClosed()) {
        console.error(`e2e: failure screenshot ${await takeShot(page, `failed-${name}`)}`);
        const text = ((await page.locator('body').textContent()) ?? '').slice(0, 1500);
        console.error(`e2e: page at failure (${page.url()}):\n${text}`);
      }
      if (server?.webBundleChanged()) {
        console.error('e2e: dist/web was rebuilt by another process during this run — the failure may be that; rerun.');
      }
    });
  });

  afterAll(async () => {
    await session.context?.close();
    await session.browser?.close();
    await session.server?.stop();
    session = {};
    await options.after?.();
  });
}
