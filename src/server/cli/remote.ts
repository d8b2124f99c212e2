import { randomUUID } from 'node:crypto';
import { type Command, Option } from 'commander';
import type { Batch } from '../../shared/batches.js';
import type { MessageSummary } from '../../shared/messages.js';
import { createRemoteClient, RemoteError, type RemoteTarget } from './remote-client.js';

/** What `remote batch` prints: the batch, its progress and where its messages are. */
export function describeBatch(b: Batch): string[] {
  const m = b.messages;
  return [
    `Wysyłka: ${b.name} (${b.id})`,
    `Status: ${b.status}  przetworzono ${b.done}/${b.total}`,
    `E-mail: ${b.emailCount}  papier: ${b.paperCount}`,
    `Wiadomości: robocze ${m.drafts}, w kolejce ${m.queued}, wstrzymane ${m.held}, wysłane ${m.sent}, błędy ${m.failed}, anulowane ${m.cancelled}`,
    ...(b.error ? [`Błąd: ${b.error}`] : []),
  ];
}

/** What `remote failures` prints: one line per failed message still needing someone. */
export function describeFailures(items: MessageSummary[]): string[] {
  if (items.length === 0) return ['Brak nierozwiązanych błędów wysyłki.'];
  return items.map((m) => `${m.id}  ${m.toAddress}  ${m.subject}  —  ${m.errorHint ?? m.lastError ?? 'bez opisu'}`);
}

function targetOf(opts: { url?: string; key?: string }): RemoteTarget {
  const url = opts.url ?? process.env.LISTONOSZ_URL;
  const key = opts.key ?? process.env.LISTONOSZ_API_KEY;
  if (!url) throw new RemoteError(0, 'Podaj adres serwera: --url albo LISTONOSZ_URL.', null);
  if (!key) throw new RemoteError(0, 'Podaj klucz API: --key albo LISTONOSZ_API_KEY.', null);
  return { url, key };
}

/** Runs one remote command: prints its lines, or the server's refusal (exit code 2; 3 when unreachable). */
async function run(opts: { url?: string; key?: string }, work: (target: RemoteTarget) => Promise<string[]>) {
  try {
    for (const line of await work(targetOf(opts))) console.log(line);
  } catch (err) {
    if (err instanceof RemoteError) {
      console.error(err.status ? `Serwer odmówił (HTTP ${err.status}): ${err.message}` : err.message);
      process.exitCode = 2;
      return;
    }
    console.error(`Nie udało się połączyć z serwerem: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 3;
  }
}

const withTarget = (cmd: Command) =>
  cmd
    .addOption(new Option('--url <url>', 'server address, e.g. https://listonosz.example.pl').env('LISTONOSZ_URL'))
    .addOption(new Option('--key <key>', 'API key (lst_…)').env('LISTONOSZ_API_KEY'));

/** `listonosz remote …`: commands for integrators that talk to a running server over HTTP with an API key. */
export function registerRemoteCommands(program: Command) {
  const remote = program.command('remote').description('Talk to a running Listonosz server with an API key');

  withTarget(remote.command('send <file>'))
    .description('Send a printout PDF, a ZIP or a data file: import → batch → queue, as the position decides')
    .requiredOption('--type <type>', 'document type, e.g. fee_notice')
    .requiredOption('--position <id>', 'position id')
    .requiredOption('--period <yyyy-mm>', 'period, e.g. 2026-05')
    .option('--idempotency-key <key>', 'repeat a send safely: the same key never makes a second batch')
    .action(
      async (
        file: string,
        opts: { url?: string; key?: string; type: string; position: string; period: string; idempotencyKey?: string },
      ) =>
        run(opts, async (target) => {
          const idempotencyKey = opts.idempotencyKey ?? randomUUID();
          const answer = await createRemoteClient(target).send({
            file,
            type: opts.type,
            positionId: opts.position,
            period: opts.period,
            idempotencyKey,
          });
          return [
            `Przyjęto: wysyłka ${answer.batchId}`,
            `Stan: ${new URL(answer.statusUrl, target.url).href}`,
            `Idempotency-Key: ${idempotencyKey}`,
          ];
        }),
    );

  withTarget(remote.command('batch <id>'))
    .description('Show a batch: progress and where its messages are')
    .action(async (id: string, opts: { url?: string; key?: string }) =>
      run(opts, async (target) => describeBatch(await createRemoteClient(target).batch(id))),
    );

  withTarget(remote.command('failures'))
    .description('List failed messages that still need someone (Błędy)')
    .option('--limit <n>', 'how many, at most 200', '50')
    .action(async (opts: { url?: string; key?: string; limit: string }) =>
      run(opts, async (target) => describeFailures(await createRemoteClient(target).failures(Number(opts.limit)))),
    );
}
