// Several files offered at once: each keeps its own link, and "download all" follows them one
// after another (a browser takes one download per click; a short pause keeps it from merging them).
export interface Downloadable {
  readonly name: string;
  readonly url: string;
}

const PAUSE_MS = 400;

export async function downloadAll(files: readonly Downloadable[]): Promise<void> {
  for (const [i, f] of files.entries()) {
    if (i > 0) await new Promise((ok) => setTimeout(ok, PAUSE_MS));
    const a = document.createElement('a');
    a.href = f.url;
    a.download = f.name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  }
}
