// Where a decision came from, as the audit log records it (AuditEntry.source): one table. The
// stored text is a kind, with a detail after a colon for some: `cli`, `web`, `web:<rule>` (a
// person applying a rule's proposals in the web app), `excel:<file>`, `rule:<name>` (apply-
// proposals), `import:<file>: <why>` (a download that reset a decision), `undo:<event id>` (an
// undo restoring the decisions an event replaced). Scripts read the text, so it stays as it is.
export const AUDIT_SOURCES = {
  cli: { detail: 'never', words: () => 'the command line' },
  web: {
    detail: 'optional',
    words: (rule: string) =>
      rule === '' ? 'the web app' : `the web app (proposals of the rule "${rule}")`,
  },
  excel: { detail: 'always', words: (file: string) => `the workbook ${file}` },
  rule: { detail: 'always', words: (name: string) => `the rule "${name}"` },
  import: { detail: 'always', words: (what: string) => `the import of ${what}` },
  undo: { detail: 'always', words: (event: string) => `the undo of event ${event}` },
} as const satisfies Readonly<
  Record<
    string,
    { readonly detail: 'never' | 'optional' | 'always'; readonly words: (detail: string) => string }
  >
>;

export type AuditSourceKind = keyof typeof AUDIT_SOURCES;
export type AuditSource =
  'cli' | 'web' | `${'web' | 'excel' | 'rule' | 'import'}:${string}` | `undo:${number}`;

/** The stored text of a source. */
export const auditSource = {
  cli: 'cli',
  web: (rule?: string): AuditSource => (rule === undefined ? 'web' : `web:${rule}`),
  excel: (file: string): AuditSource => `excel:${file}`,
  rule: (name: string): AuditSource => `rule:${name}`,
  import: (file: string, why: string): AuditSource => `import:${file}: ${why}`,
  undo: (eventId: number): AuditSource => `undo:${eventId}`,
} as const satisfies Readonly<
  Record<AuditSourceKind, AuditSource | ((...a: never[]) => AuditSource)>
>;

/** A stored source split into its kind and detail; null for text of no known kind. */
export function parseAuditSource(text: string): { kind: AuditSourceKind; detail: string } | null {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  if (!Object.prototype.hasOwnProperty.call(AUDIT_SOURCES, kind)) return null;
  const k = kind as AuditSourceKind;
  const detail = AUDIT_SOURCES[k].detail;
  if ((detail === 'never' && colon >= 0) || (detail === 'always' && colon < 0)) return null;
  return { kind: k, detail: colon < 0 ? '' : text.slice(colon + 1) };
}

/** A decision set by a rule (apply-proposals), not by a person. */
export const isRuleSource = (text: string): boolean => parseAuditSource(text)?.kind === 'rule';

/** The source in words ("the rule \"exact\""); the text itself when it is of no known kind. */
export function describeAuditSource(text: string): string {
  const s = parseAuditSource(text);
  return s === null ? text : AUDIT_SOURCES[s.kind].words(s.detail);
}
