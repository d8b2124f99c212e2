import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import type { CurrentUser, SessionInfo } from '../../shared/auth.js';
import { ApiError, api, rememberSession } from '../api.js';

interface Session {
  user: CurrentUser;
  isAdmin: boolean;
  /** Forget the session (after logout or when the server says it ended). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

/** Whether the signed-in user is an administrator (false outside a signed-in page). */
export function useIsAdmin(): boolean {
  return useContext(SessionContext)?.isAdmin ?? false;
}

/** Who is signed in: `undefined` while asking, `null` when nobody. */
export function useSessionInfo() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const info = await api('GET /api/auth/me');
        rememberSession(info);
        return info;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          rememberSession(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function SessionProvider(props: { info: SessionInfo; children: ReactNode }) {
  const client = useQueryClient();
  const value: Session = {
    user: props.info.user,
    isAdmin: props.info.user.role === 'admin',
    refresh: async () => {
      await client.invalidateQueries({ queryKey: ['session'] });
    },
  };
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

/** Logs out: nobody is signed in, so the gate shows the login screen, and nothing of this user's data stays cached. */
export function useLogout() {
  const client = useQueryClient();
  return async () => {
    await api('POST /api/auth/logout').catch(() => {});
    rememberSession(null);
    // (client.clear() alone would leave the mounted session observer holding the old user.)
    client.setQueryData(['session'], null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    // The next person to sign in starts on the dashboard, not on the screen this user left (e.g. Ustawienia).
    window.history.replaceState(null, '', '/');
  };
}
