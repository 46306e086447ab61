import http from 'node:http';
import https from 'node:https';

export interface PreflightResult {
  status: number;
  /** the response's access-control-* headers, names in lower case */
  headers: Record<string, string>;
}

/**
 * Sends a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method, and
 * Access-Control-Request-Headers when `headers` is given) the way a browser does: unsigned.
 * RGW answers 200 with the allow-* headers for a matching CORS rule and 403 otherwise.
 */
export function preflight(options: {
  url: string;
  origin: string;
  method: string;
  headers?: string[] | string;
  timeoutMs?: number;
}): Promise<PreflightResult> {
  const url = new URL(options.url);
  const requestHeaders: Record<string, string> = {
    Origin: options.origin,
    'Access-Control-Request-Method': options.method,
  };
  if (options.headers !== undefined) {
    requestHeaders['Access-Control-Request-Headers'] = Array.isArray(
      options.headers,
    )
      ? options.headers.join(', ')
      : options.headers;
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { method: 'OPTIONS', headers: requestHeaders },
      res => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (name.startsWith('access-control-') && value !== undefined) {
            headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
        }
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () =>
      req.destroy(new Error(`CORS preflight to ${options.url} timed out`)),
    );
    req.on('error', reject);
    req.end();
  });
}
