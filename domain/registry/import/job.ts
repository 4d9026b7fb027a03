/**
 * An import is a background job in the database (`import_jobs`: what was asked, by whom, its status and
 * counts), advanced in bounded slices through the one chunked-job mechanism (`domain/runtime/jobs.ts`: cursor,
 * lease and time budget in `jobs`). Each phase is a chunked job of its own — `import:<id>:read` (one item: the
 * workbook), `import:<id>:write` (the staged chunks of 1000 rows, three at a time), `import:<id>:finish` (one
 * item: the result workbook) — so two callers never work one phase at once, a slice stops taking work when
 * its budget is spent, and whoever comes next — the staff member's page polling `importStatus`, the registry
 * timer every minute, or the command line — continues from the saved cursor. A crashed or timed-out slice
 * leaves its lease to expire; a chunk it was writing is written again without duplicates (records carry the
 * job and line that wrote them) and reports what it did the first time.
 *
 *   queued → reading (the workbook is checked and staged, encrypted, in `import_chunks`; a malformed
 *   workbook is refused here, before anything is written) → writing (chunk by chunk) → finishing (the
 *   result workbook) → done.     cancelled / refused / failed end it; staged rows are deleted.
 */
import type { HandlerContext } from '../../runtime/context';
import { AppError, notFound } from '../../runtime/errors';
import {
  IMPORT_KIND_LABELS,
  IMPORT_STATUS_LABELS,
  type ImportCounts,
  type ImportJobView,
  type ImportKind,
  type ImportStatus,
} from '../../../typings/registry';
import type { StaffRole } from '../../../typings/people';
import { getActiveStaff, inScope, type StaffScope } from '../../people/actor';
import { newId } from '../../people/codes';
import { JOBS, runChunked, type ChunkedJob } from '../../runtime/jobs';
import { writeAudit } from '../../audit/audit';
import { decryptField, encryptField } from '../../security/crypto';
import { gridNodes } from '../scope';
import { applyChunk } from './apply';
import { townIndex, type RawCell } from './cells';
import { buildResultWorkbook, FULL_RESULT_ROWS, type RowResult } from './result';
import { checkHeader } from './rows';
import { readWorkbook, WorkbookRefused, type SheetRow } from './workbook';

export const IMPORT_JOBS = 'import_jobs';
export const IMPORT_CHUNKS = 'import_chunks';
/** Rows per staged chunk (and per write step). */
export const CHUNK_ROWS = 1000;
/** Unexpected failures of a job before it is marked failed. */
const MAX_FAILURES = 3;
/** Result workbooks are deleted from storage after this long. */
export const RESULT_TTL_MS = 7 * 86_400_000;

const ACTIVE: readonly ImportStatus[] = ['queued', 'reading', 'writing', 'finishing'];

/** Who started the import: their scope bounds every row. */
export interface ImportActor extends StaffScope {
  openid: string;
}

/** The command line's actor: the city's scope (it runs with the environment's own credentials). */
export const CLI_ACTOR: ImportActor = {
  openid: '',
  staffId: 'cli',
  role: 'city_admin' as StaffRole,
  gridNodeId: 'city',
  gridPath: ['city'],
  name: '命令行导入',
};

export interface ImportJobRecord {
  _id: string;
  kind: ImportKind;
  fileID: string;
  status: ImportStatus;
  /** Indexed: the job still has work. */
  active: boolean;
  refusal: string | null;
  by: ImportActor;
  header: string[];
  chunks: number;
  rows: number;
  /** Chunks written so far (the page's progress; the phase's own cursor is in `jobs`). */
  cursor: number;
  counts: ImportCounts;
  /** Unexpected failures of a phase so far (the phase is tried again until {@link MAX_FAILURES}). */
  failures: number;
  resultFileID: string | null;
  resultDeleteAfter: Date | null;
  /** Milliseconds spent in each phase, over all slices. */
  timings?: Partial<Record<'reading' | 'writing' | 'finishing', number>>;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

interface ChunkRecord {
  _id: string;
  jobId: string;
  n: number;
  /** Encrypted JSON of the chunk's rows (they hold ID and phone numbers). */
  rows: string;
  results: StoredResults | null;
}

const EMPTY_COUNTS: ImportCounts = { rows: 0, added: 0, updated: 0, unchanged: 0, refused: 0, warnings: 0 };

const chunkId = (jobId: string, n: number) => `${jobId}-${String(n).padStart(5, '0')}`;

const encodeRows = (rows: SheetRow[]): string =>
  encryptField(
    JSON.stringify(
      rows.map((r) => ({ l: r.line, c: r.cells.map((c) => (c instanceof Date ? { d: c.toISOString() } : c)) })),
    ),
  );

function decodeRows(text: string): SheetRow[] {
  const parsed = JSON.parse(decryptField(text)) as Array<{ l: number; c: Array<RawCell | { d: string }> }>;
  return parsed.map((r) => ({
    line: r.l,
    cells: r.c.map((c) => (c && typeof c === 'object' && 'd' in c ? new Date(c.d) : (c as RawCell))),
  }));
}

/** Decode a staged chunk (tests reproduce an interrupted slice with it). */
export const decodeRowsForTest = decodeRows;

function progressOf(job: ImportJobRecord): number {
  switch (job.status) {
    case 'queued':
      return 0;
    case 'reading':
      return 3;
    case 'writing':
      return job.chunks ? 5 + Math.floor((90 * job.cursor) / job.chunks) : 5;
    case 'finishing':
      return 96;
    default:
      return 100;
  }
}

function summaryOf(job: ImportJobRecord): string {
  const c = job.counts;
  if (job.status === 'refused') return job.refusal ?? '表格不能导入';
  if (job.status === 'failed') return '导入出错，已写入的数据保留；请稍后重新导入（没有变化的行不会重复写入）';
  const imported = c.added + c.updated;
  const line = `共 ${job.rows || c.rows} 行：导入 ${imported} 条（新增 ${c.added}、更新 ${c.updated}），无变化 ${c.unchanged} 条，未导入 ${c.refused} 条`;
  if (job.status === 'cancelled')
    return `已取消。取消前已处理 ${c.rows} 行：导入 ${imported} 条，未导入 ${c.refused} 条`;
  if (job.status === 'done') return line;
  if (job.status === 'writing') return `已处理 ${c.rows} / ${job.rows} 行`;
  return IMPORT_STATUS_LABELS[job.status];
}

export function toJobView(job: ImportJobRecord): ImportJobView {
  return {
    jobId: job._id,
    kind: job.kind,
    kindLabel: IMPORT_KIND_LABELS[job.kind],
    status: job.status,
    statusLabel: IMPORT_STATUS_LABELS[job.status],
    progress: progressOf(job),
    counts: job.counts,
    summary: summaryOf(job),
    refusal: job.refusal,
    resultReady: Boolean(job.resultFileID),
    cancellable: ACTIVE.includes(job.status) && job.status !== 'finishing',
    createdAt: new Date(job.createdAt).toISOString(),
    finishedAt: job.finishedAt ? new Date(job.finishedAt).toISOString() : null,
  };
}

export async function getJob(ctx: Pick<HandlerContext, 'db'>, jobId: string): Promise<ImportJobRecord | null> {
  const { data } = await ctx.db.collection<ImportJobRecord>(IMPORT_JOBS).where({ _id: jobId }).limit(1).get();
  return data[0] ?? null;
}

/** A job the caller may see: their own, or one started inside their scope. */
export function jobVisibleTo(job: ImportJobRecord, openid: string, staff: StaffScope | null): boolean {
  if (job.by.openid && job.by.openid === openid) return true;
  return Boolean(staff && inScope(staff, job.by.gridPath));
}

/** Create a queued job for an uploaded workbook. */
export async function createImportJob(
  ctx: HandlerContext,
  input: { kind: ImportKind; fileID: string },
  by: ImportActor,
): Promise<ImportJobRecord> {
  const now = ctx.now();
  const job: ImportJobRecord = {
    _id: newId(),
    kind: input.kind,
    fileID: input.fileID,
    status: 'queued',
    active: true,
    refusal: null,
    by,
    header: [],
    chunks: 0,
    rows: 0,
    cursor: 0,
    counts: { ...EMPTY_COUNTS },
    failures: 0,
    resultFileID: null,
    resultDeleteAfter: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  await ctx.db.collection(IMPORT_JOBS).add({ data: job });
  return job;
}

/** Delete a job's staged rows (they hold personal data). */
export async function dropChunks(ctx: Pick<HandlerContext, 'db'>, jobId: string): Promise<void> {
  await ctx.db.collection(IMPORT_CHUNKS).where({ jobId }).remove();
}

/** Update the job only while it is in `from` (phases run one after the other; the phase's lease is in `jobs`). */
async function moved(
  ctx: HandlerContext,
  job: ImportJobRecord,
  from: ImportStatus,
  patch: Partial<ImportJobRecord>,
): Promise<boolean> {
  const res = await ctx.db
    .collection(IMPORT_JOBS)
    .where({ _id: job._id, status: from })
    .update({ data: { ...patch, updatedAt: ctx.now() } });
  if (res.stats.updated === 1) Object.assign(job, patch);
  return res.stats.updated === 1;
}

async function finishAs(
  ctx: HandlerContext,
  job: ImportJobRecord,
  from: ImportStatus,
  status: ImportStatus,
  patch: Partial<ImportJobRecord> = {},
) {
  const done = await moved(ctx, job, from, { ...patch, status, active: false, finishedAt: ctx.now() });
  if (done) await dropChunks(ctx, job._id);
  return done;
}

/** reading: download, check and stage the workbook (refusing a malformed one, writing nothing else). */
async function readStep(ctx: HandlerContext, job: ImportJobRecord): Promise<void> {
  if (job.status === 'queued' && !(await moved(ctx, job, 'queued', { status: 'reading' }))) return;
  if (job.status !== 'reading') return;
  const file = (await ctx.cloud.downloadFile({ fileID: job.fileID })) as { fileContent?: Buffer };
  if (!file.fileContent) throw new Error('the uploaded workbook could not be downloaded');
  let n = 0;
  try {
    const read = await readWorkbook(
      file.fileContent,
      job.kind,
      async (rows) => {
        const doc: Omit<ChunkRecord, '_id'> = { jobId: job._id, n, rows: encodeRows(rows), results: null };
        await ctx.db.collection(IMPORT_CHUNKS).doc(chunkId(job._id, n)).set({ data: doc });
        n += 1;
      },
      CHUNK_ROWS,
    );
    await moved(ctx, job, 'reading', { status: 'writing', header: read.header, chunks: n, rows: read.rows, cursor: 0 });
  } catch (error) {
    if (!(error instanceof WorkbookRefused)) throw error;
    await finishAs(ctx, job, 'reading', 'refused', { refusal: error.message });
  }
}

/** Chunks written at once in a slice: their database writes overlap with each other's checking and encryption. */
export const PARALLEL_CHUNKS = 3;

/**
 * Results as stored on a chunk: outcomes as one letter per row, and `[row index, issues, warnings]` for the
 * rows that have any (an array: an update would drop an empty object).
 */
interface StoredResults {
  o: string;
  x: Array<[number, RowResult['issues'], RowResult['warnings']]>;
}
const OUTCOME_CODE = { added: 'a', updated: 'u', unchanged: 'n', refused: 'r' } as const;
const CODE_OUTCOME: Record<string, RowResult['outcome']> = { a: 'added', u: 'updated', n: 'unchanged', r: 'refused' };

function storeResults(results: readonly RowResult[]): StoredResults {
  const x: StoredResults['x'] = [];
  results.forEach((r, k) => {
    if (r.issues.length || r.warnings.length) x.push([k, r.issues, r.warnings]);
  });
  return { o: results.map((r) => OUTCOME_CODE[r.outcome]).join(''), x };
}

function loadResults(stored: StoredResults, rows: readonly SheetRow[]): RowResult[] {
  const extra = new Map(stored.x.map(([k, issues, warnings]) => [k, { issues, warnings }]));
  return rows.map((row, k) => ({
    line: row.line,
    outcome: CODE_OUTCOME[stored.o[k]],
    issues: extra.get(k)?.issues ?? [],
    warnings: extra.get(k)?.warnings ?? [],
  }));
}

async function loadChunk(ctx: HandlerContext, job: ImportJobRecord, n: number): Promise<ChunkRecord> {
  const { data } = await ctx.db
    .collection<ChunkRecord>(IMPORT_CHUNKS)
    .where({ _id: chunkId(job._id, n) })
    .limit(1)
    .get();
  if (!data[0]) throw new Error(`staged chunk ${n} is missing`);
  return data[0];
}

/** Write one chunk (or reuse its results when a slice that died had written and recorded it). */
async function writeChunk(ctx: HandlerContext, job: ImportJobRecord, n: number): Promise<RowResult[]> {
  const chunk = await loadChunk(ctx, job, n);
  const rows = decodeRows(chunk.rows);
  if (chunk.results) return loadResults(chunk.results, rows);
  const checked = checkHeader(job.kind, job.header);
  if (!checked.ok) throw new Error('stored header no longer matches the kind');
  const grid = await gridNodes(ctx);
  const results = await applyChunk(job.kind, rows, {
    ctx,
    jobId: job._id,
    actor: job.by,
    grid,
    townsByName: townIndex(grid),
    positions: checked.positions,
  });
  await ctx.db
    .collection(IMPORT_CHUNKS)
    .doc(chunk._id)
    .update({ data: { results: storeResults(results) } });
  return results;
}

/**
 * Every staged row with its result, in sheet order; with `onlyProblems`, a chunk whose rows all went through
 * without a refusal or warning is not decrypted (the result workbook of a large import lists problem rows only).
 */
async function* resultRows(
  ctx: HandlerContext,
  job: ImportJobRecord,
  onlyProblems: boolean,
): AsyncGenerator<{ cells: RawCell[]; result: RowResult }> {
  for (let n = 0; n < job.chunks; n += 1) {
    const chunk = await loadChunk(ctx, job, n);
    if (!chunk.results) throw new Error(`results of chunk ${n} are missing`);
    if (onlyProblems && chunk.results.x.length === 0) continue;
    const rows = decodeRows(chunk.rows);
    const results = loadResults(chunk.results, rows);
    for (let i = 0; i < rows.length; i += 1) yield { cells: rows[i].cells, result: results[i] };
  }
}

/** Add a chunk's stored results to `counts` (read from the outcome letters; the rows are not decrypted). */
function countStored(counts: ImportCounts, stored: StoredResults): void {
  for (const code of stored.o) {
    counts.rows += 1;
    counts[CODE_OUTCOME[code]] += 1;
  }
  counts.warnings += stored.x.filter(([, , warnings]) => warnings.length > 0).length;
}

/** The counts of every row's stored result (authoritative: a chunk written twice counts once). */
async function countResults(ctx: HandlerContext, job: ImportJobRecord): Promise<ImportCounts> {
  const counts = { ...EMPTY_COUNTS };
  for (let n = 0; n < job.chunks; n += 1) {
    const chunk = await loadChunk(ctx, job, n);
    // A chunk whose write failed in the writing pass is written now.
    countStored(counts, chunk.results ?? storeResults(await writeChunk(ctx, job, n)));
  }
  return counts;
}

/** finishing: every chunk's results counted, the result workbook into storage, then done (staged rows deleted). */
async function finishStep(ctx: HandlerContext, job: ImportJobRecord): Promise<void> {
  if (job.status !== 'finishing') return;
  const counts = await countResults(ctx, job);
  const onlyProblems = counts.rows > FULL_RESULT_ROWS;
  const content = await buildResultWorkbook(job.kind, job.header, resultRows(ctx, job, onlyProblems), counts);
  const uploaded = (await ctx.cloud.uploadFile({
    cloudPath: `registry-imports/${job._id}/result.xlsx`,
    fileContent: content,
  })) as { fileID: string };
  const now = ctx.now();
  const finished = await finishAs(ctx, job, 'finishing', 'done', {
    counts,
    resultFileID: uploaded.fileID,
    resultDeleteAfter: new Date(now.getTime() + RESULT_TTL_MS),
  });
  if (finished) {
    await writeAudit(ctx, {
      action: 'registry.import',
      targetType: 'import_job',
      targetId: job._id,
      detail: {
        kind: job.kind,
        rows: counts.rows,
        added: counts.added,
        updated: counts.updated,
        refused: counts.refused,
        by: job.by.staffId,
      },
    });
  }
}

/** The chunked-job key of one phase of an import. */
export const phaseKey = (jobId: string, phase: 'read' | 'write' | 'finish') => `import:${jobId}:${phase}`;

/** A phase that is one piece of work (reading the workbook, making the result workbook) as a chunked job. */
function oneStep(key: string, step: () => Promise<void>): ChunkedJob<string> {
  return {
    key,
    page: async (cursor) => (cursor ? { items: [], cursor: null } : { items: ['step'], cursor: null }),
    work: step,
    chunkSize: 1,
    concurrency: 1,
  };
}

/**
 * The writing phase: the staged chunks from the saved cursor, {@link PARALLEL_CHUNKS} at a time. A cancelled
 * import pages nothing more. Counts shown while writing are added up as chunks finish (the finishing step
 * recounts them from the stored results).
 */
function writeJob(ctx: HandlerContext, job: ImportJobRecord): ChunkedJob<number> {
  return {
    key: phaseKey(job._id, 'write'),
    page: async (cursor, limit) => {
      const current = await getJob(ctx, job._id);
      if (current?.status !== 'writing') return { items: [], cursor: null };
      const from = cursor ? Number(cursor) : 0;
      const to = Math.min(job.chunks, from + limit);
      const items = Array.from({ length: to - from }, (_, k) => from + k);
      return { items, cursor: to >= job.chunks ? null : String(to) };
    },
    work: async (n) => {
      const results = await writeChunk(ctx, job, n);
      const inc = ctx.db.command.inc;
      const warnings = results.filter((r) => r.warnings.length).length;
      const by = (o: RowResult['outcome']) => results.filter((r) => r.outcome === o).length;
      await ctx.db
        .collection(IMPORT_JOBS)
        .doc(job._id)
        .update({
          data: {
            'counts.rows': inc(results.length),
            'counts.added': inc(by('added')),
            'counts.updated': inc(by('updated')),
            'counts.unchanged': inc(by('unchanged')),
            'counts.refused': inc(by('refused')),
            'counts.warnings': inc(warnings),
            cursor: inc(1),
          },
        });
    },
    chunkSize: PARALLEL_CHUNKS,
    concurrency: PARALLEL_CHUNKS,
  };
}

/** The starter's role was revoked meanwhile: the job stops. */
async function starterGone(ctx: HandlerContext, job: ImportJobRecord): Promise<boolean> {
  if (job.by.staffId === CLI_ACTOR.staffId) return false;
  const staff = await getActiveStaff(ctx, job.by.openid);
  return !staff || staff._id !== job.by.staffId;
}

/** Record a phase that ended without moving on (its work threw): tried again on the next run, failed after 3. */
async function phaseFailed(ctx: HandlerContext, job: ImportJobRecord, key: string): Promise<void> {
  const failures = job.failures + 1;
  ctx.log.warn('import phase did not complete', { jobId: job._id, phase: job.status, failures });
  if (failures >= MAX_FAILURES) {
    await finishAs(ctx, job, job.status, 'failed', { failures });
    return;
  }
  await moved(ctx, job, job.status, { failures });
  await ctx.db
    .collection(JOBS)
    .doc(key)
    .remove()
    .catch(() => undefined);
}

/**
 * Advance an import by one slice of at most about `budgetMs` (a step already started finishes: a chunk takes
 * well under a second, reading a workbook of 185,560 rows a few seconds). Returns the job as it stands.
 */
export async function advanceImport(
  ctx: HandlerContext,
  jobId: string,
  budgetMs: number,
): Promise<ImportJobRecord | null> {
  const started = Date.now();
  const left = () => Math.max(1, budgetMs - (Date.now() - started));
  let job = await getJob(ctx, jobId);
  if (!job?.active) return job;
  if (await starterGone(ctx, job)) {
    await finishAs(ctx, job, job.status, 'cancelled', { refusal: '发起导入的工作人员角色已撤销，导入已停止' });
    return getJob(ctx, jobId);
  }
  const timed = async (phase: string, run: () => Promise<unknown>) => {
    const at = Date.now();
    const result = await run();
    await ctx.db
      .collection(IMPORT_JOBS)
      .doc(jobId)
      .update({ data: { [`timings.${phase}`]: ctx.db.command.inc(Date.now() - at) } });
    return result;
  };
  if (job.status === 'queued' || job.status === 'reading') {
    const current = job;
    const key = phaseKey(jobId, 'read');
    const run = (await timed('reading', () =>
      runChunked(
        ctx,
        oneStep(key, () => readStep(ctx, current)),
        left(),
      ),
    )) as Awaited<ReturnType<typeof runChunked>>;
    job = await getJob(ctx, jobId);
    if (run.stoppedBy === 'done' && job?.active && (job.status === 'queued' || job.status === 'reading'))
      await phaseFailed(ctx, job, key);
    if (run.stoppedBy === 'busy') return job;
  }
  if (job?.active && job.status === 'writing' && Date.now() - started < budgetMs) {
    const current = job;
    const run = (await timed('writing', () => runChunked(ctx, writeJob(ctx, current), left()))) as Awaited<
      ReturnType<typeof runChunked>
    >;
    job = await getJob(ctx, jobId);
    if (run.stoppedBy === 'done' && job) await moved(ctx, job, 'writing', { status: 'finishing' });
    if (run.stoppedBy === 'busy') return job;
  }
  if (job?.active && job.status === 'finishing' && Date.now() - started < budgetMs) {
    const current = job;
    const key = phaseKey(jobId, 'finish');
    const run = (await timed('finishing', () =>
      runChunked(
        ctx,
        oneStep(key, () => finishStep(ctx, current)),
        left(),
      ),
    )) as Awaited<ReturnType<typeof runChunked>>;
    job = await getJob(ctx, jobId);
    if (run.stoppedBy === 'done' && job?.active && job.status === 'finishing') await phaseFailed(ctx, job, key);
  }
  return getJob(ctx, jobId);
}

/** Cancel a job that has not finished: rows written so far stay; staged rows are deleted. */
export async function cancelJob(ctx: HandlerContext, job: ImportJobRecord): Promise<ImportJobRecord> {
  if (!ACTIVE.includes(job.status) || job.status === 'finishing')
    throw new AppError('PRECONDITION_FAILED', job.status === 'finishing' ? '导入即将完成，不能再取消' : '该导入已结束');
  const res = await ctx.db
    .collection(IMPORT_JOBS)
    .where({ _id: job._id, status: ctx.db.command.in(['queued', 'reading', 'writing']) })
    .update({ data: { status: 'cancelled', active: false, finishedAt: ctx.now(), updatedAt: ctx.now() } });
  if (res.stats.updated !== 1) {
    const now = await getJob(ctx, job._id);
    if (!now) throw notFound('导入任务不存在');
    return now;
  }
  await dropChunks(ctx, job._id);
  return (await getJob(ctx, job._id)) as ImportJobRecord;
}

/** Timer: advance every unfinished import (one held by another run answers at once), within `budgetMs` in all. */
export async function advanceDueImports(ctx: HandlerContext, budgetMs: number): Promise<number> {
  const started = Date.now();
  const { data } = await ctx.db
    .collection<ImportJobRecord>(IMPORT_JOBS)
    .where({ active: true })
    .orderBy('createdAt', 'asc')
    .limit(10)
    .get();
  let advanced = 0;
  for (const job of data) {
    const left = budgetMs - (Date.now() - started);
    if (left < 2000) break;
    await advanceImport(ctx, job._id, left);
    advanced += 1;
  }
  return advanced;
}

/** Timer: delete result workbooks past their time, and staged rows of jobs that ended. */
export async function cleanUpImports(ctx: HandlerContext): Promise<number> {
  const _ = ctx.db.command;
  const { data } = await ctx.db
    .collection<ImportJobRecord>(IMPORT_JOBS)
    .where({ resultDeleteAfter: _.lt(ctx.now()) })
    .limit(100)
    .get();
  for (const job of data) {
    if (job.resultFileID)
      await Promise.resolve(ctx.cloud.deleteFile({ fileList: [job.resultFileID] })).catch(() => undefined);
    await ctx.db
      .collection(IMPORT_JOBS)
      .doc(job._id)
      .update({ data: { resultFileID: null, resultDeleteAfter: null } });
  }
  const { data: ended } = await ctx.db
    .collection<ImportJobRecord>(IMPORT_JOBS)
    .where({ active: false, finishedAt: _.lt(new Date(ctx.now().getTime() - 3600_000)) })
    .orderBy('finishedAt', 'desc')
    .limit(20)
    .get();
  for (const job of ended) {
    await dropChunks(ctx, job._id);
    await ctx.db
      .collection(JOBS)
      .where({ _id: ctx.db.command.in((['read', 'write', 'finish'] as const).map((p) => phaseKey(job._id, p))) })
      .remove();
  }
  return data.length;
}
