import { Fragment, type ComponentChild } from 'preact';

/**
 * A message with elements in it (a link, a bold name): `{name}` placeholders left in the text (pass each one
 * its own placeholder as its value) are filled with the elements given, wherever the language puts them.
 */
export function withElements(message: string, elements: Record<string, ComponentChild>): ComponentChild[] {
  return message.split(/\{(\w+)\}/).map((piece, i) => <Fragment key={i}>{i % 2 ? (elements[piece] ?? `{${piece}}`) : piece}</Fragment>);
}
