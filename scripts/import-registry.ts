/**
 * `npm run import-registry -- <units|unions|workers|migrants|hardship> <file.xlsx> [--node <gridId>] [--cloud]`:
 * import a registry workbook from the command line through the SAME code the mini-program's import runs —
 * the workbook is uploaded to cloud storage, an import job is created in the database and advanced slice by
 * slice (`domain/registry/import/job.ts`) over wx-server-sdk, exactly as the `registry` function does; only
 * the caller differs (the command line acts with the city's scope, or a node's with `--node`).
 *
 *   default   the running local cloud (`CLOUD_ADMIN_URL`, else http://127.0.0.1:$PORT/admin; env `CLOUD_ENV_ID`),
 *             field keys from the environment or `<CLOUD_DATA_DIR>/dev-keys.json`
 *   --cloud   the CloudBase environment `CLOUDBASE_ENV_ID` with `TENCENTCLOUD_SECRETID` / `TENCENTCLOUD_SECRETKEY`,
 *             field keys only from `UNION_DATA_KEY` / `UNION_INDEX_KEY` (the functions' keys)
 *
 * Prints progress and the counts; writes the result workbook beside the file (`<name>-结果.xlsx`) and prints
 * the first refused rows by line and column (never their values).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { IMPORT_KINDS, type ImportKind } from '../typings/registry';
import type { HandlerContext } from '../domain/runtime/context';
import type { Database } from '../domain/runtime/db';
import { createLogger } from '../domain/runtime/log';
import { loadDevKeys } from '../local/cloud/dev-keys';
import { buildGrid } from '../domain/grid/data';
import { advanceImport, CLI_ACTOR, createImportJob, toJobView, type ImportActor } from '../domain/registry/import/job';

const USAGE = `usage: npm run import-registry -- <${IMPORT_KINDS.join('|')}> <file.xlsx> [--node <gridId>] [--cloud]`;

/** The settings `--cloud` needs that are missing. */
export function missingCloudSettings(env: NodeJS.ProcessEnv): string[] {
  return [
    'CLOUDBASE_ENV_ID',
    'TENCENTCLOUD_SECRETID',
    'TENCENTCLOUD_SECRETKEY',
    'UNION_DATA_KEY',
    'UNION_INDEX_KEY',
  ].filter((n) => !env[n]?.trim());
}

/** A wx-server-sdk instance for the target, with the field keys put where the domain code reads them. */
function connect(args: readonly string[], env: NodeJS.ProcessEnv): { cloud: HandlerContext['cloud']; name: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as { createNewInstance(config: object): HandlerContext['cloud'] };
  if (args.includes('--cloud')) {
    const missing = missingCloudSettings(env);
    if (missing.length) throw new Error(`--cloud needs ${missing.join(', ')} (nothing was written)`);
    const cloud = sdk.createNewInstance({
      env: env.CLOUDBASE_ENV_ID,
      secretId: env.TENCENTCLOUD_SECRETID,
      secretKey: env.TENCENTCLOUD_SECRETKEY,
      ...(env.TENCENTCLOUD_SESSIONTOKEN ? { sessionToken: env.TENCENTCLOUD_SESSIONTOKEN } : {}),
    });
    return { cloud, name: env.CLOUDBASE_ENV_ID as string };
  }
  process.env.TENCENTCLOUD ??= 'true';
  process.env.SILENCE ??= 'true';
  const dataDir = path.resolve(env.CLOUD_DATA_DIR ?? path.join(__dirname, '..', '.cloud'));
  if (!env.UNION_DATA_KEY || !env.UNION_INDEX_KEY) {
    const keys = loadDevKeys(dataDir);
    process.env.UNION_DATA_KEY = keys.dataKey;
    process.env.UNION_INDEX_KEY = keys.indexKey;
  }
  const serviceUrl = env.CLOUD_ADMIN_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}/admin`;
  const cloud = sdk.createNewInstance({
    env: env.CLOUD_ENV_ID ?? 'local-dev',
    serviceUrl,
    secretId: 'local',
    secretKey: 'local',
    timeout: 60_000,
  });
  return { cloud, name: 'local' };
}

/** The command line's scope: the city, or the node named by `--node`. */
function actorFor(args: readonly string[]): ImportActor {
  const i = args.indexOf('--node');
  if (i < 0) return CLI_ACTOR;
  const node = buildGrid().find((n) => n._id === args[i + 1]);
  if (!node) throw new Error(`--node: no grid node "${args[i + 1] ?? ''}"`);
  return { ...CLI_ACTOR, gridNodeId: node._id, gridPath: node.path, name: `命令行导入（${node.name}）` };
}

/** Run one import; returns the lines to print (throws on a usage or connection problem). */
export async function runRegistryImport(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const args = argv.filter((a) => a !== '--');
  const nodeAt = args.indexOf('--node');
  const [kind, file] = args.filter((a, i) => !a.startsWith('--') && (nodeAt < 0 || i !== nodeAt + 1));
  if (!kind || !file || !(IMPORT_KINDS as readonly string[]).includes(kind)) throw new Error(USAGE);
  const actor = actorFor(args);
  const { cloud, name } = connect(args, env);
  const content = fs.readFileSync(file);
  const ctx: HandlerContext = {
    cloud,
    db: cloud.database() as unknown as Database,
    identity: { openid: '', appid: '', unionid: '', clientIp: '', source: 'cli', timer: false },
    functionName: 'registry',
    now: () => new Date(),
    log: createLogger('import-registry'),
  };
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', '');
  const uploaded = (await ctx.cloud.uploadFile({
    cloudPath: `registry-imports/cli/${month}/${randomBytes(12).toString('hex')}.xlsx`,
    fileContent: content,
  })) as { fileID: string };
  const job = await createImportJob(ctx, { kind: kind as ImportKind, fileID: uploaded.fileID }, actor);
  const started = Date.now();
  let current = job;
  let lastProgress = -1;
  while (current.active) {
    current = (await advanceImport(ctx, job._id, 20_000)) ?? current;
    const view = toJobView(current);
    if (view.progress !== lastProgress) {
      process.stderr.write(`  ${view.statusLabel} ${view.progress}%\n`);
      lastProgress = view.progress;
    }
  }
  const view = toJobView(current);
  const lines = [`${view.kindLabel}导入（${name}，${((Date.now() - started) / 1000).toFixed(1)} s）：${view.summary}`];
  if (current.resultFileID) {
    const out = path.join(path.dirname(file), `${path.basename(file, path.extname(file))}-结果.xlsx`);
    const res = (await ctx.cloud.downloadFile({ fileID: current.resultFileID })) as { fileContent: Buffer };
    fs.writeFileSync(out, res.fileContent);
    lines.push(`结果表：${out}`);
    if (view.counts.refused) lines.push(...(await refusedLines(res.fileContent)));
  }
  if (view.status !== 'done') process.exitCode = 1;
  return lines;
}

/** The first refused rows of a result workbook (line, column and reason; no cell values). */
async function refusedLines(workbook: Buffer, max = 20): Promise<string[]> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(workbook as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  const out: string[] = [];
  sheet.eachRow((row, line) => {
    if (line === 1 || out.length >= max) return;
    if (row.getCell(width - 1).text === '未导入') out.push(`  第 ${line} 行：${row.getCell(width).text}`);
  });
  return out;
}

if (require.main === module) {
  runRegistryImport(process.argv.slice(2), process.env).then(
    (lines) => lines.forEach((l) => console.log(l)),
    (error: unknown) => {
      console.error('import failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
