/** j-component (WXML templates → exparser components → DOM) and the exparser it runs on, for the browser. */
import type { Loose } from '../bridge';

declare const require: (id: string) => Loose;
export const jComponent: Loose = require('j-component');
export const exparser: Loose = require('miniprogram-exparser');

/**
 * j-component's SelectorQuery answers no `node`; WeChat's gives the Canvas 2D node of a `<canvas type="2d">` for
 * `fields({ node: true })`. Each queued request's answer gets the host's HTML canvas (null for anything else) before
 * the page's callbacks see it.
 */
function answerCanvasNodes(): void {
  const SelectorQuery: Loose = require('j-component/src/tool/selectorquery');
  const exec = SelectorQuery.prototype.exec as (this: Loose, callback?: Loose) => unknown;
  const canvasOf = (node: Loose): HTMLCanvasElement | null =>
    (node?.$$ as HTMLElement | undefined)?.querySelector(':scope > canvas') ?? null;
  SelectorQuery.prototype.exec = function (this: Loose, callback?: Loose) {
    const queue = [...this._queue];
    this._queueCallback = this._queueCallback.map(
      (cb: Loose, i: number) =>
        function (this: Loose, res: Loose) {
          const item = queue[i];
          if (item?.fields?.node && item.exparserNode && res) {
            const root = item.exparserNode.shadowRoot;
            const nodes = [
              ...(item.isSelectSingle ? [root.querySelector(item.selector)] : root.querySelectorAll(item.selector)),
            ].filter(Boolean);
            const answers = item.isSelectSingle ? [res] : res;
            nodes.forEach((n: Loose, j: number) => {
              if (answers[j]) answers[j].node = canvasOf(n);
            });
          }
          if (typeof cb === 'function') cb.call(this, res);
        },
    );
    return exec.call(this, callback);
  };
}
answerCanvasNodes();

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
