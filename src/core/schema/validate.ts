/**
 * Validates an artifact's frontmatter against the JSON Schema of its kind (schemas/*.schema.json)
 * and says what is wrong in a filmmaker's words, at the line of the offending key. Unknown keys
 * are allowed; a known key with the wrong type is an error.
 */
import type AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import agentSchema from '../../../schemas/agent.schema.json';
import characterSchema from '../../../schemas/character.schema.json';
import costumeSchema from '../../../schemas/costume.schema.json';
import defsSchema from '../../../schemas/defs.schema.json';
import locationSchema from '../../../schemas/location.schema.json';
import photographySchema from '../../../schemas/photography.schema.json';
import productionSchema from '../../../schemas/production.schema.json';
import propSchema from '../../../schemas/prop.schema.json';
import reviewSchema from '../../../schemas/review.schema.json';
import shotSchema from '../../../schemas/shot.schema.json';
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Artifact, ArtifactKind } from '../model/types';

export const SCHEMAS: Readonly<Record<ArtifactKind, object>> = {
  production: productionSchema,
  shot: shotSchema,
  character: characterSchema,
  costume: costumeSchema,
  location: locationSchema,
  prop: propSchema,
  agent: agentSchema,
  review: reviewSchema,
  photography: photographySchema,
};

export const ARTIFACT_KINDS = Object.keys(SCHEMAS) as ArtifactKind[];

export function isArtifactKind(kind: unknown): kind is ArtifactKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(SCHEMAS, kind);
}

let validators: Record<ArtifactKind, ValidateFunction> | undefined;

/** Compiled on first use, once per process: a warm `status` served from the cache never pays for it. */
function compiled(): Record<ArtifactKind, ValidateFunction> {
  if (validators) return validators;
  // Required here, not imported: a CLI start that never validates does not load ajv.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as { default: typeof AjvModule }).default;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  // `expected` is our annotation: how to say, in words, what a key must be.
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  ajv.addSchema(defsSchema);
  const out = {} as Record<ArtifactKind, ValidateFunction>;
  for (const kind of ARTIFACT_KINDS) out[kind] = ajv.compile(SCHEMAS[kind]);
  validators = out;
  return out;
}

/** `/options/2/image` → `options[2].image`, the keyLines path syntax. */
function keyPathOf(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part;
  }
  return out;
}

/** The line of `path` or, failing that, of its nearest ancestor that has one. */
function lineOf(artifact: Pick<Artifact, 'keyLines'>, path: string): number {
  for (let p = path; p; p = p.replace(/(\.[^.[\]]+|\[\d+\]|^[^.[\]]+)$/, '')) {
    const line = artifact.keyLines[p];
    if (line !== undefined) return line;
  }
  return 2;
}

function shown(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map of keys';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? s.slice(0, 57) + '…"' : s;
}

function expectedOf(schema: unknown): string | undefined {
  if (schema && typeof schema === 'object' && 'expected' in schema) {
    const e = (schema as { expected: unknown }).expected;
    return typeof e === 'string' ? e : undefined;
  }
  return undefined;
}

/** The schema reached by walking `path` from `root` through properties/items/$ref/allOf. */
function schemaAt(root: object, path: string[], defs: object): object | undefined {
  const deref = (s: unknown): Record<string, unknown> | undefined => {
    if (!s || typeof s !== 'object') return undefined;
    const ref = (s as { $ref?: string }).$ref;
    if (typeof ref === 'string') {
      const name = ref.split('/').pop()!;
      return deref((defs as { definitions: Record<string, unknown> }).definitions[name]);
    }
    return s as Record<string, unknown>;
  };
  let cur = deref(root);
  let own: unknown = root;
  for (const part of path) {
    if (!cur) return undefined;
    let next: unknown;
    if (/^\d+$/.test(part)) next = cur.items;
    else {
      const props = cur.properties as Record<string, unknown> | undefined;
      next = props?.[part];
      if (next === undefined && Array.isArray(cur.allOf)) {
        for (const sub of cur.allOf) {
          const d = deref(sub);
          const p = (d?.properties as Record<string, unknown> | undefined)?.[part];
          if (p !== undefined) next = p;
        }
      }
      if (next === undefined) {
        const extra = cur.additionalProperties;
        if (extra && typeof extra === 'object') next = extra;
      }
    }
    own = next;
    cur = deref(next);
  }
  // A key's own words win over those of the definition it refers to.
  return expectedOf(own) ? (own as object) : cur;
}

function messages(kind: ArtifactKind, errors: ErrorObject[], artifact: Pick<Artifact, 'path' | 'keyLines'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const parent = keyPathOf(e.instancePath);
      const key = parent ? `${parent}.${missing}` : missing;
      if (seen.has(key)) continue;
      seen.add(key);
      const what = expectedOf(schemaAt(SCHEMAS[kind], [...e.instancePath.split('/').slice(1), missing], defsSchema));
      const where = parent ? ` in \`${parent}\`` : '';
      out.push(
        diagnostic(artifact.path, parent ? lineOf(artifact, parent) : 2, 1, 'error', 'schema', `\`${missing}\` is missing${where}: add it${what ? ` (${what})` : ''}`),
      );
      continue;
    }
    const path = keyPathOf(e.instancePath);
    if (seen.has(path)) continue;
    seen.add(path);
    const parts = e.instancePath.split('/').slice(1);
    const expected = expectedOf(schemaAt(SCHEMAS[kind], parts, defsSchema)) ?? expectedOf(e.parentSchema) ?? e.message ?? 'valid';
    const label = path || 'the frontmatter';
    const line = lineOf(artifact, path);
    const got = e.keyword === 'const' && path === 'kind' ? `; this file is in ${artifact.path.split('/')[0]}/` : `, got ${shown(e.data)}`;
    out.push(diagnostic(artifact.path, line, 1, 'error', 'schema', `\`${label}\` must be ${expected}${got}`));
  }
  return out;
}

/** Schema diagnostics of one artifact, each at the line of the key it is about. */
export function validateArtifact(artifact: Pick<Artifact, 'path' | 'keyLines' | 'data'>): Diagnostic[] {
  const data = artifact.data as Record<string, unknown>;
  const kind = data.kind;
  if (kind === undefined) {
    return [diagnostic(artifact.path, 2, 1, 'error', 'schema', '`kind` is missing: add `kind: shot` (or production, character, costume, location, prop, agent, review)')];
  }
  if (!isArtifactKind(kind)) {
    return [
      diagnostic(
        artifact.path,
        lineOf(artifact, 'kind'),
        1,
        'error',
        'kind-unknown',
        `\`kind: ${shown(kind)}\` is not a filmcrew kind: use one of ${ARTIFACT_KINDS.join(', ')}`,
      ),
    ];
  }
  const validate = compiled()[kind];
  if (validate(data)) return [];
  return messages(kind, validate.errors ?? [], artifact);
}
