/**
 * The templates of the strings catalogue: text with `{{path.to.value}}` placeholders read
 * from a context. A tiny renderer of our own: no eval, no `new Function`, own properties
 * only (`{{constructor}}` reads nothing), missing values render empty.
 */
import type { TemplateContext } from '@switchboard/plugin';

const PLACEHOLDER = /\{\{\s*([\w$-]+(?:\.[\w$-]+)*)\s*\}\}/g;

/** The value at `path` (`a.b.0.c`) in `context`, reading own properties only. */
export function readPath(context: unknown, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** How a value shows in a template: text, numbers and booleans as such, anything else empty. */
const shown = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
      ? String(value)
      : value instanceof Date
        ? value.toISOString()
        : '';

/**
 * Renders `template` with `context`: each `{{a.b}}` is replaced by the value at `a.b`;
 * missing, null, object and function values render as the empty string.
 *
 * @example
 * renderTemplate('Chat with {{task.customerName}}', { task }); // 'Chat with Ada'
 */
export function renderTemplate(template: string, context: TemplateContext = {}): string {
  if (!template.includes('{{')) return template;
  return template.replace(PLACEHOLDER, (_, path: string) => shown(readPath(context, path)));
}
