/**
 * A stand-in for XMLHttpRequest that records each request and answers as
 * `respond` says: a status (0 is a network error, as CORS blocking looks)
 * and response headers. Upload progress is reported once, at the end.
 */
export type XhrAnswer = {
  status: number;
  headers?: Record<string, string>;
  body?: string;
};

export type SentRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
};

export function installFakeXhr(respond: (request: SentRequest) => XhrAnswer) {
  const sent: SentRequest[] = [];
  const original = window.XMLHttpRequest;
  class FakeXhr {
    status = 0;
    statusText = '';
    responseText = '';
    upload: { onprogress?: (e: { loaded: number }) => void } = {};
    onload?: () => void;
    onerror?: () => void;
    onabort?: () => void;
    private request: SentRequest = {
      method: '',
      url: '',
      headers: {},
      body: undefined,
    };
    private answer?: XhrAnswer;
    open(method: string, url: string) {
      this.request = { method, url, headers: {}, body: undefined };
    }
    setRequestHeader(name: string, value: string) {
      this.request.headers[name] = value;
    }
    getResponseHeader(name: string) {
      return this.answer?.headers?.[name] ?? null;
    }
    abort() {
      this.onabort?.();
    }
    send(body: unknown) {
      this.request.body = body;
      sent.push(this.request);
      const answer = respond(this.request);
      this.answer = answer;
      setTimeout(() => {
        if (answer.status === 0) {
          this.onerror?.();
          return;
        }
        const size = body instanceof Blob ? body.size : 0;
        this.upload.onprogress?.({ loaded: size });
        this.status = answer.status;
        this.responseText = answer.body ?? '';
        this.onload?.();
      }, 0);
    }
  }
  window.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
  return {
    sent,
    restore: () => {
      window.XMLHttpRequest = original;
    },
  };
}
