import { type FormEvent, StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { SessionInfo } from '../shared/auth.js';
import { api, rememberSession } from './api.js';

/**
 * The first screen of the web app: first-run set-up (with the code from the console), login, and a summary of
 * the mailboxes. The full interface (mailboxes, batch wizard, settings) is built on the same API.
 */
const MAILBOX_LABELS: Record<string, string> = {
  drafts: 'Robocze',
  outbox: 'Nadawcze',
  sent: 'Wysłane',
  failed: 'Błędy',
  cancelled: 'Anulowane',
};

function useSession() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  useEffect(() => {
    api<SessionInfo>('GET', '/api/auth/me')
      .then((s) => {
        rememberSession(s);
        setSession(s);
      })
      .catch(() => setSession(null));
  }, []);
  const update = (s: SessionInfo | null) => {
    rememberSession(s);
    setSession(s);
  };
  return [session, update] as const;
}

function Field(props: { label: string; name: string; type?: string; autoComplete?: string }) {
  return (
    <label style={{ display: 'block', marginBottom: 12 }}>
      <span style={{ display: 'block', fontWeight: 600 }}>{props.label}</span>
      <input
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        required
        style={{ width: '100%', padding: 8, fontSize: 16 }}
      />
    </label>
  );
}

function SetupForm({ token, onDone }: { token: string; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api('POST', '/api/setup', {
        setupToken: token,
        login: f.get('login'),
        displayName: f.get('displayName'),
        email: f.get('email') || null,
        password: f.get('password'),
      });
      window.history.replaceState(null, '', '/');
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Pierwsze uruchomienie">
      <h2>Pierwsze uruchomienie: konto administratora</h2>
      <Field label="Login" name="login" autoComplete="username" />
      <Field label="Imię i nazwisko" name="displayName" />
      <Field label="E-mail (do wiadomości testowych)" name="email" type="email" />
      <Field label="Hasło (co najmniej 10 znaków)" name="password" type="password" autoComplete="new-password" />
      {error && (
        <p role="alert" style={{ color: '#b00020' }}>
          {error}
        </p>
      )}
      <button type="submit">Utwórz administratora</button>
    </form>
  );
}

function LoginForm({ onLogin }: { onLogin: (s: SessionInfo) => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      onLogin(
        await api<SessionInfo>('POST', '/api/auth/login', { login: f.get('login'), password: f.get('password') }),
      );
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Logowanie">
      <h2>Logowanie</h2>
      <Field label="Login" name="login" autoComplete="username" />
      <Field label="Hasło" name="password" type="password" autoComplete="current-password" />
      {error && (
        <p role="alert" style={{ color: '#b00020' }}>
          {error}
        </p>
      )}
      <button type="submit">Zaloguj</button>
    </form>
  );
}

function Summary({ session, onLogout }: { session: SessionInfo; onLogout: () => void }) {
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  useEffect(() => {
    api<Record<string, number>>('GET', '/api/mailboxes/counts')
      .then(setCounts)
      .catch(() => setCounts(null));
  }, []);
  return (
    <section>
      <p>
        Zalogowano: <strong>{session.user.displayName}</strong> (
        {session.user.role === 'admin' ? 'administrator' : 'pracownik'})
      </p>
      <h2>Skrzynki</h2>
      <ul>
        {Object.entries(MAILBOX_LABELS).map(([key, label]) => (
          <li key={key}>
            {label}: {counts ? (counts[key] ?? 0) : '…'}
          </li>
        ))}
      </ul>
      <p>
        Interfejs API z opisem: <a href="/api/docs">/api/docs</a>
      </p>
      <button type="button" onClick={() => api('POST', '/api/auth/logout').finally(onLogout)}>
        Wyloguj
      </button>
    </section>
  );
}

function App() {
  const [session, setSession] = useSession();
  const setupToken = new URLSearchParams(window.location.search).get('setup');
  const [needsSetup, setNeedsSetup] = useState(false);
  useEffect(() => {
    api<{ needsSetup: boolean }>('GET', '/api/setup').then((s) => setNeedsSetup(s.needsSetup));
  }, []);
  return (
    <main style={{ maxWidth: 560, margin: '40px auto', fontFamily: 'system-ui, sans-serif', lineHeight: 1.5 }}>
      <h1>Listonosz</h1>
      <p>Korespondencja elektroniczna zarządcy nieruchomości.</p>
      {session === undefined && <p>Ładowanie…</p>}
      {session === null && needsSetup && setupToken && (
        <SetupForm token={setupToken} onDone={() => setNeedsSetup(false)} />
      )}
      {session === null && needsSetup && !setupToken && (
        <p role="status">
          Brak konta administratora. Otwórz adres z kodem wypisany w konsoli serwera przy pierwszym uruchomieniu.
        </p>
      )}
      {session === null && !needsSetup && <LoginForm onLogin={setSession} />}
      {session && <Summary session={session} onLogout={() => setSession(null)} />}
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
