// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { MessageStatus } from '../../../shared/messages.js';
import { StatusBadge } from './StatusBadge.js';

afterEach(cleanup);

describe('StatusBadge', () => {
  it.each([
    ['draft', 'Robocza'],
    ['queued', 'Czeka na wysłanie'],
    ['sending', 'Wysyłanie'],
    ['retry_wait', 'Ponowna próba wkrótce'],
    ['held', 'Wstrzymana'],
    ['sent', 'Wysłana'],
    ['bounced', 'Zwrócona'],
    ['complained', 'Zgłoszona jako spam'],
    ['failed', 'Nie wysłano'],
    ['cancelled', 'Anulowana'],
  ] as const)('%s is shown as „%s”', (status, label) => {
    renderWeb(<StatusBadge status={status} />);
    expect(screen.getByText(label)).toBeTruthy();
  });

  it('every status has its own Polish label, never a raw key', () => {
    const labels = MessageStatus.options.map((s) => {
      const { container, unmount } = renderWeb(<StatusBadge status={s} />);
      const text = container.textContent ?? '';
      unmount();
      return text;
    });
    for (const label of labels) expect(label).not.toMatch(/status\.|_/);
    expect(new Set(labels).size).toBe(MessageStatus.options.length);
  });
});
