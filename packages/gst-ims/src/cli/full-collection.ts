// A full garbage collection on demand, for a command that does one large piece of work in phases
// and exits (reconcile): what one phase leaves behind is collected before the next one allocates,
// instead of both counting in the process's peak (decision 0055). V8 only offers it behind a
// flag; set here at first use, it exposes `gc` in a fresh context and not on the global object.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null | undefined;

export function fullCollection(): void {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collector = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      // Without it the command runs as before, with a higher peak.
      collector = null;
    }
  }
  collector?.();
}
