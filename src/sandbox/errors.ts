/**
 * ConnectWise's error bodies, as the real API sends them (research §5): `{code, message, errors?}`,
 * `errors[]` items `{code, message, resource, field}`; 429 uses `error` instead of `code`.
 */
export interface FieldError {
  code: string;
  message: string;
  resource: string;
  field: string;
}

export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? body.error ?? status));
  }
}

export const cwError = (status: number, code: string, message: string, errors?: FieldError[]) =>
  new SandboxHttpError(status, errors ? { code, message, errors } : { code, message });

export const notFound = (what: string) => cwError(404, "NotFound", what);

export const invalidObject = (resource: string, errors: FieldError[]) =>
  cwError(400, "InvalidObject", `${resource} object is invalid`, errors);

/** A body member the model does not have: ConnectWise's JSON deserialiser refuses it. */
export const unknownMember = (member: string, typeName: string, position: number) =>
  cwError(
    400,
    "ConnectWiseApi",
    `Could not find member '${member}' on object of type '${typeName}'. Path '${member}', line 1, position ${position}.` +
      "Check your accept header to make sure you are using the correct version.",
  );

/** A value of the wrong JSON type: ConnectWise answers 500 for these (research §4.2). */
export const conversionError = (value: unknown, typeName: string, path: string) =>
  cwError(500, "ConnectWiseApi", `Error converting value ${JSON.stringify(JSON.stringify(value) ?? "null")} to type '${typeName}'. Path '${path}', line 1, position 1.`);

export const tooManyRequests = (retryAfter: number) =>
  new SandboxHttpError(
    429,
    { error: "ConnectWiseAPI", message: `Too many requests. Please try again in ${retryAfter} seconds.` },
    { "Retry-After": String(retryAfter) },
  );
