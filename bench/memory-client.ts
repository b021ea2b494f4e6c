// An HttpClient whose every answer is a 200 stream of bytes already in memory: the validation path
// (exchange, SSE parser, every check) measured without the network in the way.
import { HttpClient, type OpenResult } from '../harness/http/http-client.ts';

export class MemoryClient extends HttpClient {
  constructor(private readonly body: readonly Uint8Array[]) {
    super();
  }

  override async open(): Promise<OpenResult> {
    const body = this.body;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (const chunk of body) yield chunk;
    }
    return {
      ok: true,
      response: { head: { status: 200, headers: { 'content-type': 'text/event-stream' }, url: 'bench://memory', headersMs: 0 }, chunks: chunks(), close: () => undefined },
    };
  }
}
