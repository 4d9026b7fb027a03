/**
 * The app: initialises cloud access once and routes the privacy-agreement prompt to whichever
 * page is showing a `<privacy-popup>`. Pages never call `wx.cloud` themselves (see services/api.ts).
 */
import { config } from './config';
import { installPrivacyHandler } from './services/privacy';

App<IAppOption>({
  globalData: {},
  onLaunch() {
    if (wx.cloud) {
      wx.cloud.init({ env: config.cloudEnv, traceUser: true });
    }
    installPrivacyHandler();
  },
});
