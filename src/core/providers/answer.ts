/**
 * A model's structured answer: the JSON in its text, checked against the task's schema. Shared by
 * every text provider so that "valid" means the same thing whichever model answered.
 */
import Ajv, { type ValidateFunction } from 'ajv';

export type Checked = { ok: true; value: unknown } | { ok: false; reason: string };

// One Ajv per schema object: schemas carry `$id`s, and one instance refuses a second schema with the same id.
const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    // strict: false — schemas under schemas/ may use annotation keywords Ajv does not know.
    validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** The JSON inside a model's text (tolerating a markdown fence around it), validated against `schema`. */
export function checkAnswer(text: string, schema: object): Checked {
  const json = unfence(text);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `it is not JSON (${(error as Error).message})` };
  }
  const validate = validatorFor(schema);
  if (validate(value)) return { ok: true, value };
  const errors = (validate.errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  return { ok: false, reason: `it does not satisfy the schema: ${errors.join('; ')}` };
}

/** Local models often wrap JSON in ```json fences or add a sentence around it. */
function unfence(text: string): string {
  const trimmed = text.trim();
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/i.exec(trimmed);
  if (fenced) return fenced[1].trim();
  return trimmed;
}

/**
 * Whether OpenAI's strict structured-output mode can take this schema: it requires every object
 * to list all its properties as required and forbid additional ones. Otherwise we send
 * `strict: false` and rely on our own validation.
 */
export function strictCompatible(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return true;
  if (Array.isArray(schema)) return schema.every(strictCompatible);
  const s = schema as Record<string, unknown>;
  if (s.properties && typeof s.properties === 'object') {
    const keys = Object.keys(s.properties);
    const required = Array.isArray(s.required) ? (s.required as unknown[]) : [];
    if (s.additionalProperties !== false || !keys.every((k) => required.includes(k))) return false;
  }
  if ('patternProperties' in s || 'if' in s || 'dependentSchemas' in s) return false;
  return Object.values(s).every((v) => (typeof v === 'object' ? strictCompatible(v) : true));
}
