import type { AttemptOutcome, MessageStatus } from '../db/schema.js';
import { type Classification, classifyFailure, type SmtpFailure } from './classify.js';
import { nextRetry, type RetryPolicy } from './retry-policy.js';

/** What one SMTP attempt produced. */
export type SendResult =
  | {
      ok: true;
      response: string /** What the connection's EHLO said about SMTPUTF8, when known. */;
      smtpUtf8?: boolean;
    }
  | {
      ok: false;
      failure: SmtpFailure /** the reply never came: the message may or may not have been taken */;
      ambiguous?: boolean;
    };

export interface AttemptContext {
  /** Attempts made in this series, including this one. */
  attempts: number;
  firstAttemptAt: Date;
  now: Date;
  random: number;
}

export interface Decision {
  outcome: AttemptOutcome;
  status: MessageStatus;
  nextAttemptAt: Date | null;
  /** For `held`: the attempt is given back, so an account problem never uses up a message's attempts. */
  refundAttempt: boolean;
  heldReason: 'account' | null;
  lastError: string | null;
  hint: string | null;
  classification: Classification | null;
  /** Account-level failure: open the account's circuit. */
  openCircuit: boolean;
  /** The account's problem in a few words, for the account's alarm. */
  accountProblem: string | null;
  /** Recipient-level failure: put the address on the suppression list. */
  suppress: boolean;
}

/**
 * The server's own id for the accepted message, as relays print it: "queued as 4F2A91C0D3" (Postfix),
 * "id=1pX2…" (Exim), or a trailing token that looks like an id ("250 2.0.0 OK  1700000000 d2e1a72f…-v6.12 - gsmtp").
 */
export function queueIdOf(response: string): string | null {
  const named = response.match(/queued as\s+([\w.-]+)/i) ?? response.match(/\bid[=:]\s*([\w.<>@-]+)/i);
  if (named) return named[1] ?? null;
  const tokens = response
    .replace(/^250[\s-]+(\d\.\d\.\d\s+)?/, '')
    .split(/\s+/)
    .filter((t) => t.length >= 8 && /\d/.test(t) && /[a-z]/i.test(t) && !/^(ok|accepted|queued)$/i.test(t));
  return tokens[0] ?? null;
}

/** The technical line kept with the attempt: the reply as the server wrote it, its code once ("550 5.1.1 …"). */
export function describe(failure: SmtpFailure): string {
  const text = (failure.response ?? failure.message ?? failure.code ?? '').trim();
  const code = failure.responseCode;
  const prefixed = code === undefined || text.startsWith(String(code)) ? text : `${code} ${text}`;
  return prefixed.trim().slice(0, 1000);
}

const GAVE_UP = {
  attempts: (n: number) =>
    `Nie udało się wysłać wiadomości mimo ${n} prób. Sprawdź szczegóły prób i wyślij ponownie później.`,
  lifetime:
    'Nie udało się wysłać wiadomości w ciągu doby od pierwszej próby. Sprawdź szczegóły prób i wyślij ponownie.',
};

/** Decides a message's next state from one attempt's result (docs/architecture.md §4). Pure. */
export function decide(result: SendResult, ctx: AttemptContext, policy: RetryPolicy): Decision {
  const base = {
    refundAttempt: false,
    heldReason: null,
    openCircuit: false,
    suppress: false,
    accountProblem: null,
  } as const;
  if (result.ok) {
    return {
      ...base,
      outcome: 'sent',
      status: 'sent',
      nextAttemptAt: null,
      lastError: null,
      hint: null,
      classification: null,
    };
  }
  const classification = classifyFailure(result.failure);
  const lastError = describe(result.failure);
  const common = { ...base, classification, lastError, hint: classification.hint };
  switch (classification.class) {
    case 'account':
      return {
        ...common,
        outcome: 'account',
        status: 'held',
        nextAttemptAt: null,
        refundAttempt: true,
        heldReason: 'account',
        openCircuit: true,
        accountProblem: classification.accountProblem,
      };
    case 'recipient':
      return { ...common, outcome: 'recipient', status: 'failed', nextAttemptAt: null, suppress: true };
    case 'message':
      return { ...common, outcome: 'message', status: 'failed', nextAttemptAt: null };
    default: {
      const outcome: AttemptOutcome = result.ambiguous ? 'unknown' : 'transient';
      const next = nextRetry(
        policy,
        ctx.attempts,
        ctx.firstAttemptAt,
        ctx.now,
        ctx.random,
        classification.retryAfterMs,
      );
      if (!next.retry) {
        const hint = next.reason === 'attempts' ? GAVE_UP.attempts(ctx.attempts) : GAVE_UP.lifetime;
        return { ...common, outcome, status: 'failed', nextAttemptAt: null, hint };
      }
      return { ...common, outcome, status: 'retry_wait', nextAttemptAt: new Date(ctx.now.getTime() + next.delayMs) };
    }
  }
}
