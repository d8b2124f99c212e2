import type { Command } from 'commander';
import { ApiKeyInput } from '../../shared/api-keys.js';
import { loadConfig } from '../config.js';
import { DomainError, ValidationError } from '../lib/errors.js';
import { systemActor } from '../modules/auth/auth.js';
import { openContainer } from '../runtime.js';

/** A year from today (office date), the default expiry of a key made from the console. */
function inAYear(): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** `listonosz key create`: an administrator's local command; prints the key once. */
export function registerKeyCommands(program: Command) {
  const key = program.command('key').description('Manage API keys from the console');
  key
    .command('create')
    .description('Create an API key for a position (or the whole installation); the key is printed once')
    .requiredOption('--name <name>', 'name shown in the audit log, e.g. "Czynsze SM"')
    .option('--position <id>', 'position id; without it the key acts for the whole installation')
    .requiredOption('--scopes <list>', 'comma-separated, e.g. documents:write,batches:write,batches:read')
    .option('--expires <yyyy-mm-dd>', 'last day the key works (default: a year from today)')
    .action(async (opts: { name: string; position?: string; scopes: string; expires?: string }) => {
      const input = ApiKeyInput.safeParse({
        name: opts.name,
        positionId: opts.position ?? null,
        scopes: opts.scopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        expiresOn: opts.expires ?? inAYear(),
      });
      if (!input.success) {
        for (const issue of input.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
        process.exitCode = 2;
        return;
      }
      const container = await openContainer(loadConfig());
      try {
        const created = await container.services.apiKeys.create(systemActor('cli'), input.data);
        console.log(
          `Utworzono klucz API „${created.apiKey.name}” (${created.apiKey.id}), ważny do ${input.data.expiresOn}.`,
        );
        console.log('Klucz (pokazany tylko teraz — zapisz go w systemie czynszowym):');
        console.log(created.secret);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const fields = err instanceof ValidationError ? err.fields : [];
        for (const f of fields.length > 0 ? fields : [{ path: '', message: err.message }]) {
          console.error(f.path ? `${f.path}: ${f.message}` : f.message);
        }
        process.exitCode = 2;
      } finally {
        await container.destroy();
      }
    });
}
