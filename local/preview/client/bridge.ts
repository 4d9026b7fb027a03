/**
 * The contract between the shell (phone frame + developer panel, the top document) and the runtime (the pages,
 * inside the phone's iframe). The shell draws what WeChat draws natively — status bar, navigation bar, tab bar,
 * toasts, modals, pickers, action sheets — and knows who the selected person is; the runtime runs the pages.
 */

/** The j-component / exparser world is untyped JavaScript; this alias marks where the preview handles it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** A demo person from `GET /dev/people`. */
export interface Person {
  openid: string;
  name: string;
  role: string;
  gridNodeId?: string;
  label?: string;
  phone?: string;
}

export interface NavState {
  title: string;
  canGoBack: boolean;
  /** `navigationStyle: custom` hides the bar. */
  custom: boolean;
  frontColor: 'black' | 'white';
  backgroundColor: string;
  loading: boolean;
  pullDownRefresh: boolean;
}

export interface TabBarItem {
  pagePath: string;
  text: string;
  iconPath?: string;
  selectedIconPath?: string;
}

export interface TabBarState {
  list: TabBarItem[];
  color?: string;
  selectedColor?: string;
  backgroundColor?: string;
  /** Index of the shown tab page, or -1 when the current page is not a tab page (bar hidden). */
  selected: number;
  badges: Record<number, string>;
  hidden: boolean;
}

export interface ModalOptions {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  confirmText?: string;
  cancelColor?: string;
  confirmColor?: string;
  editable?: boolean;
  placeholderText?: string;
}

export interface PickerOptions {
  mode: 'selector' | 'multiSelector' | 'date' | 'time' | 'region';
  /** selector: the labels; multiSelector: one list per column. */
  range: string[] | string[][];
  value: unknown;
  start?: string;
  end?: string;
  fields?: 'year' | 'month' | 'day';
  headerText?: string;
}

/** What the shell offers the runtime (`window.parent.__previewShell`). */
export interface ShellApi {
  person(): Person | null;
  setNav(state: NavState): void;
  setTabBar(state: TabBarState): void;
  toast(opts: { title: string; icon?: string; image?: string; duration?: number; mask?: boolean }): void;
  hideToast(): void;
  loading(opts: { title: string; mask?: boolean }): void;
  hideLoading(): void;
  modal(opts: ModalOptions): Promise<{ confirm: boolean; cancel: boolean; content?: string }>;
  actionSheet(opts: { itemList: string[]; alertText?: string; itemColor?: string }): Promise<number | null>;
  picker(opts: PickerOptions): Promise<{ value: unknown } | null>;
  prompt(opts: { title: string; placeholder?: string; value?: string; confirmText?: string }): Promise<string | null>;
  previewImage(urls: string[], current?: string): void;
  /** A line for the developer panel's console (page errors, unsupported APIs, subscribe requests). */
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** The runtime is up (or has navigated): the shell refreshes what depends on it. */
  runtimeReady(api: RuntimeApi): void;
  /** The page on top changed: its route, the stack's routes, and its URL with the query (`/pages/x/index?id=1`). */
  routeChanged(route: string, stackRoutes: string[], url: string): void;
}

/** What the runtime offers the shell (`iframe.contentWindow.__previewRuntime`). */
export interface RuntimeApi {
  navigateBack(): void;
  switchTab(pagePath: string): void;
  reLaunch(url: string): void;
  pullDownRefresh(): void;
  route(): string;
  stack(): string[];
}
