/** Types of the App instance (`getApp<IAppOption>()`). */
interface IAppOption {
  globalData: Record<string, never>;
}
