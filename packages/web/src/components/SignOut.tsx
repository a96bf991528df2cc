// The signed-in account in the top bar of a multi-user server, and its sign-out.
import { errorText, postJson } from '../api.js';
import { currentSession, setSession } from '../session.js';

export function SignOut() {
  const s = currentSession();
  if (s === null) return null;
  return (
    <button
      className="sign-out"
      title={`Signed in as ${s.user} (${s.role})`}
      onClick={() => {
        postJson('/api/logout', {})
          .catch((e: unknown) => console.error(errorText(e)))
          .finally(() => {
            setSession(null);
            location.reload();
          });
      }}
    >
      Sign out
    </button>
  );
}
