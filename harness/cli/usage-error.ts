// A problem with what the user asked for (flags, config, environment): one line, exit code 2.
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { compatible: 0, notCompatible: 1, usage: 2, internal: 3 } as const;
