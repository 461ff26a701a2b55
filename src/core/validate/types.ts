// What a compiled schema is and what it says about an output (index.ts compiles with ajv; output.ts uses them).
export interface SchemaError {
  /** JSON pointer into the output ("" for the whole document). */
  path: string;
  message: string;
}

export interface SchemaVerdict {
  ok: boolean;
  errors: SchemaError[];
}

export interface Validator {
  readonly draft: '2020-12' | '07';
  check(value: unknown): SchemaVerdict;
}
