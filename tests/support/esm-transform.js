/**
 * A Jest transform for the few dependencies published as ES modules that the mini-program imports (uCharts'
 * `u-charts.js` ends in `export default`): esbuild turns them into CommonJS, as WeChat DevTools' "build npm" step
 * and `npm run build` do for the device.
 */
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: 'js',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
    });
    return { code, map };
  },
};
