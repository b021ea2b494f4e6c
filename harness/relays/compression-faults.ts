// Relays (or the reverse proxies in front of them) that compress the stream for a client that asks
// for it: Codex 0.171.0 sends `accept-encoding: zstd,gzip`, 0.169.0 sends none. Streaming
// compression is harmless to a client that decodes it; a proxy that holds the compressed body until
// the upstream ends (Caddy's `encode zstd gzip` on an SSE route) makes a slow answer look like
// silence. Measured on both releases by the agreement matrix (docs/codex-ground-truth.md).
import type { ContentCoding } from '../codex/codex-profile.ts';
import { compressEachChunk, compressWholeBody, negotiateCoding } from './compress-body.ts';
import type { ResponsesFault } from './reference-relay.ts';
import type { WireFrame } from './sse-body.ts';

/** Pacing of the upstream behind a buffering proxy: slow enough that holding it all is felt. */
export const SLOW_UPSTREAM_EVENT_MS = 350;
export const BRISK_UPSTREAM_EVENT_MS = 40;

/** Streams compressed with `coding` when the request accepts it, each event flushed as written. */
export function compressesWhenAsked(coding: ContentCoding): ResponsesFault {
  return {
    encode: (acceptEncoding) => (negotiateCoding(acceptEncoding, [coding]) ? { contentEncoding: coding, body: (sse) => compressEachChunk(sse, coding) } : undefined),
  };
}

/**
 * Caddy's `encode zstd gzip` in front of an upstream that paces its events `eventMs` apart: when the
 * request accepts zstd or gzip (zstd preferred, Caddy's order), the head goes out at once and the
 * compressed body only when the upstream has finished; otherwise the stream passes through as is.
 */
export function buffersCompressed(eventMs: number): ResponsesFault {
  return {
    frames: (frames) => paced(frames, eventMs),
    encode: (acceptEncoding) => {
      const coding = negotiateCoding(acceptEncoding, ['zstd', 'gzip']);
      return coding ? { contentEncoding: coding, body: (sse) => compressWholeBody(sse, coding) } : undefined;
    },
  };
}

function paced(frames: string[], ms: number): WireFrame[] {
  return frames.flatMap((frame, i): WireFrame[] => (i === 0 ? [frame] : [{ pauseMs: ms }, frame]));
}
