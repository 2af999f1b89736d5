/** Attribute values: `true` sets an empty attribute, `false`/`undefined` leave it out. */
export type Attributes = Record<string, string | number | boolean | undefined>;
/** What an element may contain. */
export type Child = Node | string | false | undefined;

/** `h(tag, attributes, ...children)`: creates elements of one document (the widget's). */
export type ElementFactory = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes?: Attributes,
  ...children: Child[]
) => HTMLElementTagNameMap[K];

/**
 * An element factory for `doc`. Text goes in as text nodes, never as HTML: a message body
 * cannot inject markup.
 */
export function elementFactory(doc: Document): ElementFactory {
  return (tag, attributes = {}, ...children) => {
    const el = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === true) el.setAttribute(name, '');
      else if (value !== false && value !== undefined) el.setAttribute(name, String(value));
    }
    for (const child of children) if (child !== false && child !== undefined) el.append(child);
    return el;
  };
}

let nextId = 0;
/** A document-unique id for ARIA references (several widgets may share a page). */
export const uniqueId = (name: string): string => `sbwc-${name}-${++nextId}`;

/** Shows or hides an element (the `hidden` attribute; the stylesheet makes it win over `display`). */
export const show = (el: HTMLElement, visible: boolean): void => {
  el.hidden = !visible;
};
