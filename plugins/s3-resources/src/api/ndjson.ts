/** Media type of streamed answers (connection tests, discovery, import): one JSON document per line. */
export const NDJSON = 'application/x-ndjson';

type ReadableBody = {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array }>;
    releaseLock?(): void;
  };
};

/**
 * Yields each JSON line of a response as soon as the line is complete, so a
 * caller can show streamed results before the response ends. Falls back to
 * reading the whole text where the body is not a stream.
 */
export async function* readNdjson(response: Response): AsyncGenerator<unknown> {
  const body = response.body as unknown as ReadableBody | null;
  if (!body || typeof body.getReader !== 'function') {
    for (const line of (await response.text()).split('\n')) {
      if (line.trim()) yield JSON.parse(line);
    }
    return;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) buffered += decoder.decode(value, { stream: !done });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) yield JSON.parse(line);
        newline = buffered.indexOf('\n');
      }
      if (done) break;
    }
    buffered += decoder.decode();
    if (buffered.trim()) yield JSON.parse(buffered);
  } finally {
    reader.releaseLock?.();
  }
}
