/** j-component (WXML templates → exparser components → DOM) and the exparser it runs on, for the browser. */
import type { Loose } from '../bridge';

declare const require: (id: string) => Loose;
export const jComponent: Loose = require('j-component');
export const exparser: Loose = require('miniprogram-exparser');

/** The instance (`this` of a component's methods) behind an exparser node. */
export function callerOf(node: Loose): Loose {
  return node ? exparser.Element.getMethodCaller(node) : undefined;
}

/** The DOM element of a component instance (`this` inside a component). */
export function hostOf(self: Loose): HTMLElement {
  return self._exparserNode.$$ as HTMLElement;
}

/** The exparser node a DOM element belongs to (walking up to the nearest one that has one). */
export function nodeOfDom(el: Node | null): Loose {
  let cur: Loose = el;
  while (cur && !cur.__wxElement) cur = cur.parentNode;
  return cur ? cur.__wxElement : undefined;
}

/** The instance of the nearest built-in/custom component whose host is `el` (exactly). */
export function callerOfDom(el: Element): Loose {
  const node = (el as Loose).__wxElement;
  if (!node || node.$$ !== el) return undefined;
  return callerOf(node);
}

/** Call `fn` for `node` and every component below it, including shadow trees, parents first. */
export function walkComponents(node: Loose, fn: (n: Loose) => void): void {
  if (node instanceof exparser.Component) {
    fn(node);
    if (node.shadowRoot instanceof exparser.Element) walkComponents(node.shadowRoot, fn);
  }
  for (const child of node.childNodes ?? []) {
    if (child instanceof exparser.Element) walkComponents(child, fn);
  }
}
