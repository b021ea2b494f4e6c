// A problem with what the user asked for (flags, config, environment): one line, exit code 2.
export class UsageError extends Error {
  override name = 'UsageError';
}

/** 130 is the shell's code for a run ended by Ctrl-C (128 + SIGINT). */
export const EXIT = { compatible: 0, notCompatible: 1, usage: 2, internal: 3, interrupted: 130 } as const;
