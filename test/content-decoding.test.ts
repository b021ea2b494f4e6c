// Compressed streams, read the way the modelled Codex release reads them: decoded as they arrive
// (0.171.0) or taken as raw bytes (0.169.0), with idle gaps and buffering judged on decoded events,
// and the decoded size bounded. Against real loopback servers.
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { decompress } from 'fzstd';
import { DecodedTooLargeError, codingToDecode, decodeBody } from '../harness/http/content-decoding.ts';
import { ZSTD_FRAME_HEADER, ZSTD_MAX_BLOCK, compressEachChunk, negotiateCoding, zstdFrame } from '../harness/relays/compress-body.ts';
import { codexProfile, type CodexProfile } from '../harness/codex/codex-profile.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { runConformance } from '../harness/run/runner.ts';
import type { CaseResult } from '../harness/report/model.ts';
import type { Suite } from '../harness/run/suite.ts';
import { turnsSuite } from '../suites/turns.ts';
import { chatSuite } from '../suites/chat.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { startHttpRelay } from '../harness/relays/loopback-servers.ts';
import { serializeSse, validTurn } from '../harness/relays/hostile/valid-stream.ts';

const V171 = codexProfile('0.171.0')!;
const V169 = codexProfile('0.169.0')!;
const plainTurn: Suite = { ...turnsSuite, cases: [turnsSuite.cases[0]!] };
const VALID = serializeSse(validTurn());

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function plainCase(baseUrl: string, codex: CodexProfile, idleTimeoutMs = 2_000): Promise<CaseResult> {
  const report = await runConformance({ target: { baseUrl }, suites: [plainTurn], limits: { deadlineMs: 10_000, idleTimeoutMs }, codex });
  return report.cases[0]!;
}
const failing = (c: CaseResult) => c.checks.filter((k) => k.status === 'fail').map((k) => k.id);
const check = (c: CaseResult, id: string) => c.checks.find((k) => k.id === id)!;

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}
async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

describe('which coding is decoded', () => {
  it('decodes exactly one coding the release decodes, and reads anything else raw', () => {
    expect(codingToDecode('gzip', V171.decodes)).toBe('gzip');
    expect(codingToDecode(' ZSTD ', V171.decodes)).toBe('zstd');
    expect(codingToDecode('br', V171.decodes)).toBeUndefined();
    expect(codingToDecode('gzip, zstd', V171.decodes)).toBeUndefined();
    expect(codingToDecode(undefined, V171.decodes)).toBeUndefined();
    expect(codingToDecode('gzip', V169.decodes)).toBeUndefined();
  });

  it('negotiates as a compressing server does: its own order among what the client accepts', () => {
    expect(negotiateCoding('zstd,gzip', ['zstd', 'gzip'])).toBe('zstd');
    expect(negotiateCoding('gzip', ['zstd', 'gzip'])).toBe('gzip');
    expect(negotiateCoding('zstd;q=0, gzip', ['zstd', 'gzip'])).toBe('gzip');
    expect(negotiateCoding(null, ['zstd', 'gzip'])).toBeUndefined();
  });
});

describe('decoding bodies', () => {
  it('decodes gzip and zstd (one frame, or flushed chunk by chunk) to the bytes that were sent', async () => {
    expect(await collect(decodeBody(once(zlib.gzipSync(VALID)), 'gzip', 1e6))).toBe(VALID);
    expect(await collect(decodeBody(once(zstdFrame(Buffer.from(VALID))), 'zstd', 1e6))).toBe(VALID);
    // The raw-block encoder writes frames a reference decoder reads too.
    expect(Buffer.from(decompress(zstdFrame(Buffer.from(VALID)))).toString('utf8')).toBe(VALID);
    for (const coding of ['gzip', 'zstd'] as const) {
      const source = new Blob([VALID.slice(0, 100), VALID.slice(100)]).stream();
      expect(await collect(decodeBody(compressEachChunk(source, coding) as unknown as AsyncIterable<Uint8Array>, coding, 1e6)), coding).toBe(VALID);
    }
  });

  it("decodes an agent's deflate (zlib format) and br, flushed event by event as they arrive", async () => {
    const [first, rest] = [VALID.slice(0, 100), VALID.slice(100)];
    const deflate = zlib.createDeflate();
    const brotli = zlib.createBrotliCompress();
    const flushed = async (stream: zlib.Deflate | zlib.BrotliCompress, flush: (done: () => void) => void) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.write(first);
      await new Promise<void>((resolve) => flush(resolve));
      const head = Buffer.concat(parts.splice(0));
      stream.end(rest);
      await new Promise((resolve) => stream.on('end', resolve));
      return [head, Buffer.concat(parts)];
    };
    const deflated = await flushed(deflate, (done) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, done));
    const brotlied = await flushed(brotli, (done) => brotli.flush(zlib.constants.BROTLI_OPERATION_FLUSH, done));
    for (const [coding, chunks] of [['deflate', deflated], ['br', brotlied]] as const) {
      // The first event decodes from the first chunk alone: nothing is held until the body ends.
      const decoded = decodeBody(once(chunks[0]!), coding, 1e6)[Symbol.asyncIterator]();
      expect(Buffer.from((await decoded.next()).value as Uint8Array).toString('utf8'), coding).toBe(first);
      expect(await collect(decodeBody((async function* () { yield* chunks; })(), coding, 1e6)), coding).toBe(VALID);
    }
  });

  it('stops a zstd bomb at the decoded-size bound, inside the decoder', async () => {
    const block = (last: boolean) => {
      const header = (ZSTD_MAX_BLOCK << 3) | (1 << 1) | (last ? 1 : 0);
      return Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x0a]);
    };
    // 4 KB on the wire, 128 MiB decoded.
    const bomb = Buffer.concat([ZSTD_FRAME_HEADER, ...Array.from({ length: 1024 }, (_, i) => block(i === 1023))]);
    let decoded = 0;
    const read = async () => {
      for await (const chunk of decodeBody(once(bomb), 'zstd', 1024 * 1024)) decoded += chunk.byteLength;
    };
    await expect(read()).rejects.toThrow(DecodedTooLargeError);
    expect(decoded).toBeLessThanOrEqual(1024 * 1024);
  });

  it('fails on corrupt data rather than passing garbage on', async () => {
    const corrupt = Buffer.from(zlib.gzipSync(VALID));
    corrupt.fill(0x55, 20, 60);
    await expect(collect(decodeBody(once(corrupt), 'gzip', 1e6))).rejects.toThrow();
  });
});

describe('a compressed stream, as each release reads it', () => {
  it('a gzip stream nobody asked for completes on 0.171.0 and breaks the stream on 0.169.0', async () => {
    const server = await startHttpRelay((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(VALID));
    });
    open.push(server);
    const decoded = await plainCase(server.baseUrl, V171);
    expect(failing(decoded).filter((id) => id === CheckId.terminalEvent)).toEqual([]);
    const raw = await plainCase(server.baseUrl, V169);
    expect(failing(raw)).toContain(CheckId.terminalEvent);
  });

  it('judges idle gaps on decoded events: compressed keep-alive comments keep bytes flowing but reset nothing', async () => {
    const server = await startHttpRelay((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      const gzip = zlib.createGzip();
      gzip.pipe(res);
      let beats = 0;
      const beat = setInterval(() => {
        gzip.write(': keep-alive\n\n');
        gzip.flush(zlib.constants.Z_SYNC_FLUSH);
        if (++beats === 12) {
          clearInterval(beat);
          gzip.end(VALID);
        }
      }, 100);
      res.on('close', () => clearInterval(beat));
    });
    open.push(server);
    const result = await plainCase(server.baseUrl, V171, 600);
    expect(failing(result)).toContain(CheckId.idleGap);
    expect(check(result, CheckId.idleGap).message).toMatch(/comment keep-alive\(s\) do not reset Codex's timer/);
  });

  it('sends accept-encoding only for the release that asks, and decodes what comes back', async () => {
    const relay = await startRelay('compresses-zstd-when-asked');
    open.push(relay);
    const asked = await plainCase(relay.baseUrl, V171);
    expect(asked.transcript!.request.headers['accept-encoding']).toBe('zstd,gzip');
    expect(asked.transcript!.response!.headers['content-encoding']).toBe('zstd');
    expect(asked.status).toBe('pass');
    const plain = await plainCase(relay.baseUrl, V169);
    expect(plain.transcript!.request.headers).not.toHaveProperty('accept-encoding');
    expect(plain.transcript!.response!.headers).not.toHaveProperty('content-encoding');
    expect(plain.status).toBe('pass');
  });

  it("sends a chat case with the agent's accept-encoding (the openai SDK on Node fetch), and decodes what comes back", async () => {
    const upstream = await startRelay('chat-reference');
    open.push(upstream);
    // A gateway that compresses when asked, as nginx `gzip on` does for clients that ask.
    const gateway = await startHttpRelay((req, res, { headers, body }) => {
      void (async () => {
        const answer = await fetch(`${upstream.baseUrl}${req.url!.replace(/^\/v1/, '')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const coding = negotiateCoding(headers['accept-encoding'] ?? null, ['gzip']);
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/event-stream', ...(coding && { 'content-encoding': coding }) });
        res.end(coding ? zlib.gzipSync(Buffer.from(await answer.arrayBuffer())) : Buffer.from(await answer.arrayBuffer()));
      })();
    });
    open.push(gateway);
    const report = await runConformance({ target: { baseUrl: gateway.baseUrl }, suites: [{ ...chatSuite, cases: chatSuite.cases.filter((c) => c.id === 'chat.plain') }], limits: { deadlineMs: 10_000, idleTimeoutMs: 5_000 } });
    const chat = report.cases[0]!;
    expect(chat.transcript!.request.headers['accept-encoding']).toBe('gzip, deflate');
    expect(chat.transcript!.response!.headers['content-encoding']).toBe('gzip');
    expect(failing(chat)).toEqual([]);
    expect(chat.status).toBe('pass');
  });

  it('reports a proxy that holds the compressed stream until the end, for the release it compresses for', async () => {
    const relay = await startRelay('buffered-compression');
    open.push(relay);
    const held = await plainCase(relay.baseUrl, V171);
    expect(held.status).toBe('warn');
    expect(failing(held)).toEqual([CheckId.notBuffered]);
    expect(check(held, CheckId.notBuffered).message).toMatch(/^Codex shows nothing for \d+ ms after the response head, then all \d+ events within \d+ ms: .*zstd-compressed/);
    const streamed = await plainCase(relay.baseUrl, V169);
    expect(streamed.status).toBe('pass');
    expect(check(streamed, CheckId.notBuffered).status).toBe('pass');
  });

  it('on a slow upstream behind that proxy, the release that asks for compression sees only silence', async () => {
    const relay = await startRelay('buffered-compression-slow-upstream');
    open.push(relay);
    const silent = await plainCase(relay.baseUrl, V171, 1_000);
    expect(failing(silent)).toContain(CheckId.idleGap);
    const streamed = await plainCase(relay.baseUrl, V169, 1_000);
    expect(failing(streamed)).toEqual([]);
  });
});
