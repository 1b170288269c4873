// A small JSON Schema checker for the zoo manifests: the subset zoo/manifest.schema.json uses
// (type, required, properties, additionalProperties, items, enum, const, pattern, minimum,
// maximum, minItems, anyOf, $ref to #/definitions/…). Returns a list of problems ('' = none).

const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const isType = (v, t) => t === typeOf(v) || (t === 'number' && typeof v === 'number');

/**
 * Problems of `value` against `schema`, each as 'path: what is wrong'.
 * @example validateManifest(JSON.parse(text), schema) // [] when the manifest is valid
 */
export function validateManifest(value, schema, root = schema, path = '$') {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    return validateManifest(value, root.definitions[name], root, path);
  }
  const errs = [];
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => isType(value, t))) return [`${path}: must be ${types.join(' or ')}, is ${typeOf(value)}`];
  }
  if (schema.const !== undefined && value !== schema.const) errs.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errs.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, is ${JSON.stringify(value)}`);
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value)) errs.push(`${path}: must match /${schema.pattern}/`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errs.push(`${path}: must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errs.push(`${path}: must be ≤ ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errs.push(`${path}: must have at least ${schema.minItems} item(s)`);
    if (schema.items) value.forEach((v, i) => errs.push(...validateManifest(v, schema.items, root, `${path}[${i}]`)));
  }
  if (value && typeOf(value) === 'object') {
    for (const k of schema.required ?? []) if (!(k in value)) errs.push(`${path}: is missing '${k}'`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties?.[k]) errs.push(...validateManifest(v, schema.properties[k], root, `${path}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${path}: has unknown property '${k}'`);
      else if (typeof schema.additionalProperties === 'object') errs.push(...validateManifest(v, schema.additionalProperties, root, `${path}.${k}`));
    }
  }
  if (schema.anyOf) {
    const each = schema.anyOf.map((s) => validateManifest(value, s, root, path));
    if (!each.some((e) => e.length === 0)) errs.push(`${path}: matches none of the allowed forms (${each.map((e) => e[0]).join('; ')})`);
  }
  return errs;
}
