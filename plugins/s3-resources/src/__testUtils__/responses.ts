import { ResponseError } from '@backstage/errors';

/** A ResponseError as the client throws it for an error answer of the backend. */
export async function responseError(
  status: number,
  name: string,
  message: string,
  headers: Record<string, string> = {},
): Promise<ResponseError> {
  const body = { error: { name, message }, response: { statusCode: status } };
  const response = new Response(JSON.stringify(body), {
    status,
    statusText: name,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
  return ResponseError.fromResponse(response);
}
