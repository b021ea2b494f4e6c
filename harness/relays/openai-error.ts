// OpenAI's error answer: `{error:{message,type,code,param}}` with all four keys present, because
// clients (and relaycheck's errors.envelope check) read them by name.
import { HttpResponse } from 'msw';

export interface OpenAiErrorFields {
  message: string;
  type?: string;
  code: string | null;
  param?: string | null;
}

export function openAiErrorBody(fields: OpenAiErrorFields) {
  return { error: { message: fields.message, type: fields.type ?? 'invalid_request_error', code: fields.code, param: fields.param ?? null } };
}

export function openAiErrorResponse(status: number, fields: OpenAiErrorFields, headers?: Record<string, string>): Response {
  return HttpResponse.json(openAiErrorBody(fields), { status, headers });
}
