/**
 * Whether this process is stopping (D74): set first thing on SIGTERM/SIGINT, so readiness answers 503 while the
 * requests and sends in progress finish, and a load balancer sends no new work here.
 */
export interface Lifecycle {
  readonly stopping: boolean;
  beginStop(): void;
}

export function createLifecycle(): Lifecycle {
  let stopping = false;
  return {
    get stopping() {
      return stopping;
    },
    beginStop() {
      stopping = true;
    },
  };
}
