import { needsSmtpUtf8 } from '../../../shared/email-address.js';
import type { SmtpUtf8Support } from '../../db/schema.js';

/**
 * Queue-time rule for internationalised addresses: a Punycode domain goes out as ASCII and needs nothing, but a
 * local part with non-ASCII letters (`józef@…`) can only be sent to a server that offers SMTPUTF8. The clerk must
 * learn that before anything is queued, not from a failed message later.
 */
export interface AccountForCheck {
  id: string;
  name: string;
  from_address: string;
  feedback_address: string;
  smtputf8: SmtpUtf8Support | null;
}

export interface SmtpUtf8Problem {
  account: AccountForCheck;
  /** The account's own addresses (sender, feedback) and the drafts' recipients that need SMTPUTF8. */
  addresses: string[];
}

/** Addresses listed in a refusal; the rest are counted. */
const LISTED = 5;

/** Per account whose server does not offer SMTPUTF8 (or is not known to): the addresses that need it. */
export function smtpUtf8Problems(
  accounts: ReadonlyMap<string, AccountForCheck>,
  drafts: readonly { account_id: string; to_address: string }[],
): SmtpUtf8Problem[] {
  const byAccount = new Map<string, Set<string>>();
  const add = (accountId: string, address: string) => {
    const set = byAccount.get(accountId) ?? new Set<string>();
    set.add(address);
    byAccount.set(accountId, set);
  };
  for (const draft of drafts) {
    const account = accounts.get(draft.account_id);
    if (!account || account.smtputf8 === 'offered') continue;
    for (const own of [account.from_address, account.feedback_address]) if (needsSmtpUtf8(own)) add(account.id, own);
    if (needsSmtpUtf8(draft.to_address)) add(account.id, draft.to_address);
  }
  return [...byAccount].map(([id, addresses]) => ({
    account: accounts.get(id) as AccountForCheck,
    addresses: [...addresses],
  }));
}

function listed(addresses: string[]): string {
  const shown = addresses.slice(0, LISTED).join(', ');
  const more = addresses.length - LISTED;
  return more > 0 ? `${shown} i jeszcze ${more}` : shown;
}

/** The Polish refusal: which account, which addresses, what to do (the caller adds what was not done). */
export function smtpUtf8Refusal(problems: SmtpUtf8Problem[]): string {
  const parts = problems.map(({ account, addresses }) =>
    account.smtputf8 === 'not_offered'
      ? `Serwer konta „${account.name}” nie przyjmuje adresów, które przed znakiem @ mają litery inne niż a–z ` +
        `(np. ą, ó, ł; serwer nie obsługuje SMTPUTF8): ${listed(addresses)}. ` +
        'Poproś adresata o adres bez takich liter przed @ albo wyślij z konta, którego serwer je przyjmuje.'
      : `Nie wiadomo jeszcze, czy serwer konta „${account.name}” przyjmuje adresy, które przed znakiem @ mają ` +
        `litery inne niż a–z (np. ą, ó, ł): ${listed(addresses)}. ` +
        'Administrator sprawdzi to przyciskiem „Sprawdź połączenie” przy tym koncie; potem zakolejkuj ponownie.',
  );
  return parts.join(' ');
}
