import type { MessageEventInput } from '../events/message-events.js';
import type { Decision } from './outcome.js';

/** The event a written outcome makes (D60): sent, retrying, held or failed. */
export function outcomeEvent(id: string, to: string, d: Decision, response: string | null): MessageEventInput[] {
  switch (d.status) {
    case 'sent':
      return [{ messageId: id, to, type: 'sent', data: { smtpResponse: response?.slice(0, 300) ?? null } }];
    case 'retry_wait':
      return [
        {
          messageId: id,
          to,
          type: 'retrying',
          data: { error: d.lastError?.slice(0, 300) ?? null, nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null },
        },
      ];
    case 'held':
      return [{ messageId: id, to, type: 'held', data: { reason: d.heldReason } }];
    case 'failed':
      return [{ messageId: id, to, type: 'failed', data: { error: d.lastError?.slice(0, 300) ?? null } }];
    default:
      return [];
  }
}
