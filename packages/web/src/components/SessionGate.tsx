// On a multi-user server (gst-ims serve --multi-user) the app opens on a sign-in form until a
// session is open; on a single-user server (GET /api/session answers 404) it opens as before.
import type { FormEvent, ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { ApiError, errorText, getJson } from '../api.js';
import type { SessionInfo } from '../session.js';
import { setSession } from '../session.js';
import './session.css';

type Gate = 'checking' | 'single' | 'signedIn' | 'signIn';

export function SessionGate({ children }: { children: ReactNode }) {
  const [gate, setGate] = useState<Gate>('checking');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getJson<SessionInfo>('/api/session')
      .then((s) => {
        setSession(s);
        setGate('signedIn');
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setGate('signIn');
        else if (e instanceof ApiError && e.status === 404) setGate('single');
        else setError(errorText(e));
      });
  }, []);

  if (error !== null) return <div className="fatal">{error}</div>;
  if (gate === 'checking') return <div className="loading">Loading…</div>;
  if (gate === 'signIn')
    return (
      <LoginPage
        onSignedIn={(s) => {
          setSession(s);
          setGate('signedIn');
        }}
      />
    );
  return <>{children}</>;
}

function LoginPage({ onSignedIn }: { onSignedIn: (s: SessionInfo) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Sign-in sends no CSRF token: there is no session yet (the server checks the origin).
      const res = await fetch('/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ name, password }),
      });
      const body = (await res.json()) as SessionInfo & { error?: string };
      if (!res.ok) setError(body.error ?? `${res.status} ${res.statusText}`);
      else onSignedIn(body);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="page page-login">
      <form className="login" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to gst-ims</h1>
        <label>
          Name
          <input
            name="name"
            autoComplete="username"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
