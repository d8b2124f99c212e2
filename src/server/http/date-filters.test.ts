import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/support/app.js';
import { createWorld, expectFieldError, expectStatus, type World } from '../../../test/support/world.js';

/**
 * Day filters (mailbox, audit, bulk actions by mailbox filter): a date the calendar or the office cannot have is
 * the clerk's typo, answered 400 naming the field — never a 500 from date arithmetic further in.
 */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

/** A wrong form or year speaks of the date; a day the calendar does not have is named as such. */
const DATE_MESSAGE = /dat|^Taki (dzień|miesiąc) nie istnieje: /i;
const IMPOSSIBLE = ['9999-12-31', '0000-01-01', '0001-01-01', '10000-01-01', '2026-02-30', '2026-13-01', '2025-02-29'];

describe('day filters refuse impossible and out-of-range dates', () => {
  it.each(IMPOSSIBLE)('GET /api/mailboxes/:mailbox?from|to=%s → 400 naming the field', async (date) => {
    for (const field of ['from', 'to']) {
      const res = await call(t, w.admin, 'GET', `/api/mailboxes/sent?${field}=${date}`);
      expectFieldError(res, `querystring.${field}`, DATE_MESSAGE);
    }
  });

  it.each(IMPOSSIBLE)('GET /api/audit?from|to=%s → 400 naming the field', async (date) => {
    for (const field of ['from', 'to']) {
      expectFieldError(
        await call(t, w.admin, 'GET', `/api/audit?${field}=${date}`),
        `querystring.${field}`,
        DATE_MESSAGE,
      );
    }
  });

  it.each(['queue', 'cancel', 'resend'])(
    'POST /api/messages/%s with a filter date out of range → 400',
    async (action) => {
      for (const date of IMPOSSIBLE) {
        const res = await call(t, w.admin, 'POST', `/api/messages/${action}`, {
          selection: { filter: { mailbox: 'drafts', to: date } },
          dryRun: true,
        });
        expectFieldError(res, 'selection.filter.to', DATE_MESSAGE);
      }
    },
  );

  it('names the day that does not exist', async () => {
    const res = await call(t, w.admin, 'GET', '/api/mailboxes/sent?from=2025-02-29');
    expectFieldError(res, 'querystring.from', 'Taki dzień nie istnieje: 29 lutego 2025.');
  });

  it('ordinary dates, the last day of a leap February and the bounds of the range still work', async () => {
    for (const date of ['2024-02-29', '2026-03-01', '1900-01-01', '2999-12-31']) {
      expectStatus(await call(t, w.admin, 'GET', `/api/mailboxes/sent?from=${date}&to=${date}`), 200);
      expectStatus(await call(t, w.admin, 'GET', `/api/audit?from=${date}&to=${date}`), 200);
    }
    const res = await call(t, w.admin, 'POST', '/api/messages/cancel', {
      selection: { filter: { mailbox: 'drafts', from: '2026-01-01', to: '2999-12-31' } },
      dryRun: true,
    });
    expect(expectStatus(res, 200)).toMatchObject({ changed: 0 });
  });
});
