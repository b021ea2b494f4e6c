// The environment variable a suggested provider block reads its key from: the user's own env_key
// when there is one, else `<PROVIDER>_API_KEY`, a name that says what it holds.

export function suggestedEnvKey(providerId: string, existing?: string): string {
  if (existing) return existing;
  const stem = providerId.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${/^[A-Z]/.test(stem) ? stem : `RELAY_${stem}`.replace(/_+$/, '')}_API_KEY`;
}
