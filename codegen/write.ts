/** Output conventions shared by every emitter. */
export const GENERATED_HEADER = "// generated from data/manage.json — do not edit";

export const GENERATED_README = `# generated/ — do not edit

Everything in this folder is written by \`npm run generate\` (codegen/index.ts) from
\`data/manage.json\`, \`data/manage.overlay.json\` and \`operations.yaml\`. It is gitignored and rebuilt before every
build and test run; change the generator or its inputs instead of these files.

| file | what |
| --- | --- |
| schema.d.ts | openapi-typescript types (\`paths\`, \`components\`, \`operations\`) for the typed client |
| endpoints.ts | operationId → { method, path, category, summary }, sorted |
| zod/<module>.js | zod schemas for request bodies and path/query parameters, one module per API area |
| zod/index.js | \`zodModules\`: loads one API module's schemas on demand |
| catalogue.db | SQLite catalogue (endpoints, parameters, bodies, responses, categories, FTS5 search) |
| operations.json | the named operations of operations.yaml, resolved against the spec, sorted by name |
| .inputs-hash | hash of the generator's inputs; generate skips work when it matches |
`;

/** Code-unit order, independent of locale: the same on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
