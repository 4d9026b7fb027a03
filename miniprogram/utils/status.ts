/** The one status value every screen has (never a bundle of loading/error booleans). */
export type ScreenStatus = 'idle' | 'loading' | 'error' | 'empty' | 'ready';
