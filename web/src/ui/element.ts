// Builds DOM nodes from data without ever parsing it as HTML: catalog titles and tags are
// text from the outside world and must stay text.
import { clipped } from './format';

export interface ElementOptions {
  className?: string;
  text?: string;
  attributes?: Record<string, string>;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Array<Node | string | null> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attributes ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

/** Looks up an element the page cannot work without; a missing one is a bug in index.html. */
export function required<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`index.html has no <${type.name}> with id "${id}"`);
  return node;
}

/**
 * A title and its year as nodes: the title in its own <bdi>, so right-to-left text or a stray direction
 * mark in it cannot reorder the year or the words around it, and cut when it is absurdly long.
 */
export function titleNodes(movie: { displayTitle: string; year: number }): Array<Node | string> {
  const title = element('bdi', { text: clipped(movie.displayTitle) });
  return movie.year > 0 ? [title, ` (${movie.year})`] : [title];
}
