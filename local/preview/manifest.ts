/** What the preview's server-side build hands the browser runtime (`/preview/app/manifest.json`). */

/** One page or custom component, as the runtime registers it. */
export interface ManifestComponent {
  /** Path without extension relative to the mini-program root, e.g. `pages/grid/index`. */
  path: string;
  isPage: boolean;
  /** The class prefix its styles were compiled with. */
  prefix: string;
  json: Record<string, unknown>;
  wxml: string;
  css: string;
  /** app.wxss compiled with this component's prefix (pages, and components that share global styles). */
  appCss: string;
  /** URL of its compiled module (undefined when it has no `.ts`/`.js`). */
  js?: string;
}

/** What `/preview/app/manifest.json` answers. */
export interface Manifest {
  version: string;
  builtAt: string;
  app: { json: Record<string, unknown>; css: string; js?: string };
  /** Routes in app.json order (main package, then subpackages). */
  pages: string[];
  /** Pages listed in app.json whose files do not exist (yet). */
  missing: string[];
  components: Record<string, ManifestComponent>;
  notes: { file: string; message: string }[];
  error?: string;
}
