/**
 * The phone's web view: registers the built-in components, installs `wx` and the mini-program globals, turns
 * clicks into WeChat `tap` events, loads the app and opens its first page (or `?url=` of this page's address).
 */
import type { Loose, RuntimeApi } from '../bridge';
import { registerBuiltins, setTapTarget } from './builtins';
import { exparser, nodeOfDom } from './jc';
import { installGlobals, launch, router } from './router';
import { shell } from './shell';
import { wx } from './wx';

/** A click is WeChat's tap: dispatch it through exparser from the element clicked (bubbling, composed). */
function installTap(): void {
  document.addEventListener(
    'click',
    (e) => {
      const target = e.target as Element | null;
      if (!target || target.closest('.wx-privacy-popup, .wx-file-sheet')) return;
      // A disabled button swallows taps on it and on what is inside it.
      if (target.closest('wx-button[disabled]')) return;
      const node = nodeOfDom(target);
      if (!node) return;
      setTapTarget(target);
      try {
        const point = { x: e.pageX, y: e.pageY };
        const touch = { identifier: 0, pageX: e.pageX, pageY: e.pageY, clientX: e.clientX, clientY: e.clientY };
        exparser.Event.dispatchEvent(
          node,
          exparser.Event.create('tap', point, {
            originalEvent: e,
            bubbles: true,
            capturePhase: true,
            composed: true,
            extraFields: { touches: [], changedTouches: [touch] },
          }),
        );
      } finally {
        setTapTarget(null);
      }
    },
    true,
  );
  document.addEventListener('contextmenu', (e) => {
    const node = nodeOfDom(e.target as Element);
    if (!node) return;
    e.preventDefault();
    for (const name of ['longpress', 'longtap']) {
      exparser.Event.dispatchEvent(
        node,
        exparser.Event.create(
          name,
          { x: e.pageX, y: e.pageY },
          { originalEvent: e, bubbles: true, capturePhase: true, composed: true },
        ),
      );
    }
  });
}

async function main(): Promise<void> {
  const w = window as Loose;
  w.wx = wx;
  installGlobals();
  registerBuiltins();
  installTap();
  const api: RuntimeApi = {
    navigateBack: () => void router.navigateBack(1).catch((err) => shell().log('warn', String(err.message ?? err))),
    switchTab: (p) =>
      void router
        .switchTab(`/${p.replace(/^\//, '')}`)
        .catch((err) => shell().log('error', String(err.message ?? err))),
    reLaunch: (url) => void router.reLaunch(url).catch((err) => shell().log('error', String(err.message ?? err))),
    pullDownRefresh: () => router.pullDownRefresh(),
    route: () => router.current()?.route ?? '',
    stack: () => router.stack().map((e) => e.route),
  };
  w.__previewRuntime = api;
  const initial = new URLSearchParams(location.search).get('url') ?? undefined;
  try {
    await launch(initial);
    document.documentElement.dataset.ready = 'true';
  } catch (err) {
    const pre = document.createElement('pre');
    pre.className = 'wx-launch-error';
    pre.textContent = `The mini-program could not start:\n${(err as Error).stack ?? String(err)}`;
    document.body.appendChild(pre);
    document.documentElement.dataset.ready = 'error';
    shell().log('error', `launch: ${(err as Error).message}`);
  }
  shell().runtimeReady(api);
}

void main();
