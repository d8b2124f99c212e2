import { MutationCache, QueryClient, type QueryClientConfig } from '@tanstack/react-query';
import { ApiError } from '../api.js';

/** A change refused with these says the screen shows something that is no longer so (deleted or changed meanwhile). */
const STALE = new Set([404, 409]);

/**
 * The app's query client. When a change is refused because what it changes is gone or was changed meanwhile (another
 * administrator deleted a webhook, another clerk queued the draft), every list and detail on screen is read again, so
 * the page stops offering what no longer exists; the refusal itself is shown where the change was asked for.
 */
export function createQueryClient(queries: NonNullable<QueryClientConfig['defaultOptions']>['queries']) {
  const client: QueryClient = new QueryClient({
    defaultOptions: { queries },
    mutationCache: new MutationCache({
      onError: (error) => {
        if (error instanceof ApiError && STALE.has(error.status)) void client.invalidateQueries();
      },
    }),
  });
  return client;
}
