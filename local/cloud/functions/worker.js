/**
 * One function instance (a worker thread). Loads the built function's index.js when it starts (cold start; a
 * load error fails every invocation of this instance), posts `{type: 'ready'}`, then runs one
 * invocation at a time (its event arrives as JSON text): before each invocation it sets the per-invocation SCF variables (WX_OPENID, WX_API_TOKEN,
 * TCB_SOURCE, ...) on this thread's own process.env — the way SCF sets them per request — then calls main(event,
 * context) and posts back the JSON-serialised result. Plain JS so it runs without a TypeScript loader.
 */
'use strict';
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');

const { dir, perInvocationKeys, projectEnvPrefix } = workerData;
let mod;
let loadError;
try {
  mod = require(path.join(dir, 'index.js'));
  if (typeof mod.main !== 'function') loadError = new Error('index.js does not export a main function');
} catch (err) {
  loadError = err;
  console.error(err instanceof Error ? err.stack : err);
}
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', async (msg) => {
  const { id, env, eventJson, context } = msg;
  for (const key of perInvocationKeys) delete process.env[key];
  for (const key of Object.keys(process.env)) if (key.startsWith(projectEnvPrefix)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== null) process.env[key] = String(value);
  }
  try {
    if (loadError) throw loadError;
    const result = await mod.main(JSON.parse(eventJson), context);
    const json = result === undefined ? 'null' : JSON.stringify(result);
    parentPort.postMessage({ id, ok: true, json: json === undefined ? 'null' : json });
  } catch (err) {
    console.error(err instanceof Error ? err.stack : err); // SCF logs an uncaught exception of main
    const error =
      err instanceof Error
        ? { name: err.name, message: err.message, stack: err.stack }
        : { name: 'Error', message: safeJson(err) };
    parentPort.postMessage({ id, ok: false, error });
  }
});

function safeJson(value) {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return String(value);
  }
}
