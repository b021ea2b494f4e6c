// What Codex is asked, per kind of turn, in the agreement matrix and the fixture recordings. The
// simulated relays' model (reply-policy.ts) answers each: "hello", an exec_command call running
// `echo hi-from-tool`, or a freeform apply_patch adding hello.txt.
import type { ExpectedReply } from '../checks/check.ts';

export const CODEX_PROMPTS: Record<ExpectedReply, string> = {
  message: 'say hello',
  function_call: 'Run `echo hi-from-tool` with the exec_command tool and tell me what it printed.',
  custom_tool_call: 'Use apply_patch to create hello.txt containing the word hello.',
};

/** What the tool turns must leave behind: the command's output, the patched file. */
export const TOOL_COMMAND_OUTPUT = 'hi-from-tool';
export const PATCHED_FILE = { path: 'hello.txt', content: 'hello\n' };

/** Codex compacts once the context holds this many tokens: the simulated relays count a request's
 * characters / 4, so every request after the first turn crosses it (measured on 0.169.0 and 0.171.0:
 * Codex compacts after the tool call, mid-turn, then resumes). */
export const COMPACT_EARLY = 'model_auto_compact_token_limit=2000';

/** What Codex is asked with an image attached (`-i img.png`); the simulated model answers "hello". */
export const IMAGE_PROMPT = 'say hello';
/** A 4×4 red PNG: the smallest image that decodes, so the recorded data: URL stays short. */
export const TEST_IMAGE_PNG: Uint8Array = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==', 'base64');
