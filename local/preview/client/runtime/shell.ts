/** The shell's API as seen from the runtime (the parent document), with a bare fallback when opened alone. */
import type { Person, ShellApi } from '../bridge';

function fallback(): ShellApi {
  const noop = (): void => undefined;
  return {
    person: (): Person | null => null,
    setNav: (s) => {
      document.title = s.title;
    },
    setTabBar: noop,
    toast: (o) => console.info('[toast]', o.title),
    hideToast: noop,
    loading: noop,
    hideLoading: noop,
    modal: async (o) => {
      const confirm = window.confirm(`${o.title ?? ''}\n${o.content ?? ''}`);
      return { confirm, cancel: !confirm };
    },
    actionSheet: async (o) => {
      const v = window.prompt(o.itemList.map((x, i) => `${i}: ${x}`).join('\n'));
      return v === null ? null : Number(v);
    },
    picker: async () => null,
    prompt: async (o) => window.prompt(o.title, o.value ?? ''),
    previewImage: (urls) => window.open(urls[0]),
    log: (level, m) => console[level](m),
    runtimeReady: noop,
    routeChanged: noop,
  };
}

let cached: ShellApi | undefined;

/** The shell (phone frame) this web view runs in. */
export function shell(): ShellApi {
  if (cached) return cached;
  try {
    const parentShell = (window.parent as unknown as { __previewShell?: ShellApi }).__previewShell;
    cached = window.parent !== window && parentShell ? parentShell : fallback();
  } catch {
    cached = fallback();
  }
  return cached;
}
