/**
 * The one saga mechanism (`domain/runtime/saga.ts`) against the local cloud: of fifty concurrent runs exactly one
 * claims and steps; a failing step is compensated and the refusal reaches the caller; a claim its runner abandoned
 * is settled by recovery from what the step left (done → finished, not done → released), and a fresh claim is
 * left alone; every registered saga (the aid payments and objections too) is recovered by one call.
 */
import type { HandlerContext, Database } from '../../domain/runtime/context';
import { createLogger } from '../../domain/runtime/log';
import { AppError } from '../../domain/runtime/errors';
import {
  CLAIM_STALE_MS,
  recoverClaims,
  recoverSagas,
  registerSaga,
  runClaimedStep,
  type ClaimedStep,
} from '../../domain/runtime/saga';
import '../../domain/aid/sagas';
import { startTestCloud, type TestCloud } from '../support/cloud';

jest.setTimeout(120_000);

const PROBES = 'saga_probes';

interface ProbeDoc {
  _id: string;
  status: 'open' | 'working' | 'done';
  pendingWhat?: string | null;
  claimedAt?: Date | null;
  result?: string;
}

/** The step's effect, outside the document (as a case's state is for a payment). */
const effects = new Map<string, string>();
let failNext = false;
let stepCalls = 0;

const probeSaga: ClaimedStep<ProbeDoc, { what: string }> = registerSaga({
  name: 'probes',
  collection: PROBES,
  from: 'open',
  claimed: 'working',
  intent: ({ what }) => ({ pendingWhat: what }),
  async step(_ctx, doc, { what }) {
    stepCalls += 1;
    await new Promise((r) => setTimeout(r, 20));
    if (failNext) {
      failNext = false;
      throw new AppError('PRECONDITION_FAILED', '该事项当前不能办理');
    }
    effects.set(doc._id, what);
  },
  finish: (_doc, { what }) => ({ status: 'done', result: what, pendingWhat: null }),
  compensate: () => ({ status: 'open', pendingWhat: null }),
  async recover(_ctx, doc) {
    return effects.get(doc._id) === doc.pendingWhat
      ? { status: 'done', result: doc.pendingWhat, pendingWhat: null }
      : { status: 'open', pendingWhat: null };
  },
});

describe('the saga mechanism', () => {
  let cloud: TestCloud;
  let clock = Date.now();
  const ctx = (): HandlerContext => {
    const wx = cloud.wxServer();
    return {
      cloud: wx,
      db: wx.database() as unknown as Database,
      identity: { openid: '', appid: '', unionid: '', clientIp: '', source: 'timer', timer: true },
      functionName: 'aid',
      requestId: `saga-${Math.random()}`,
      now: () => new Date(clock),
      log: createLogger('saga-test'),
    };
  };
  const probe = async (id: string) =>
    (await cloud.sdkApp().database().collection(PROBES).doc(id).get()).data[0] as ProbeDoc;
  const put = async (doc: ProbeDoc) => {
    await cloud.sdkApp().database().collection(PROBES).add(doc);
  };

  beforeAll(async () => {
    cloud = await startTestCloud();
    await cloud.sdkApp().database().createCollection(PROBES);
  });
  afterAll(async () => cloud?.close());
  beforeEach(() => {
    stepCalls = 0;
    failNext = false;
    clock = Date.now();
  });

  it('lets exactly one of fifty concurrent runs claim and step', async () => {
    await put({ _id: 'p-race', status: 'open' });
    const doc = await probe('p-race');
    const runs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => runClaimedStep(ctx(), probeSaga, doc, { what: `run-${i}` })),
    );
    const winners = runs.filter((r) => r.claimed);
    expect(winners).toHaveLength(1);
    expect(stepCalls).toBe(1);
    const after = await probe('p-race');
    expect(after.status).toBe('done');
    expect(after.result).toBe(effects.get('p-race'));
  });

  it('compensates a failing step and passes the refusal on; a retry then succeeds', async () => {
    await put({ _id: 'p-fail', status: 'open' });
    failNext = true;
    await expect(runClaimedStep(ctx(), probeSaga, await probe('p-fail'), { what: 'a' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: '该事项当前不能办理',
    });
    expect(await probe('p-fail')).toMatchObject({ status: 'open', pendingWhat: null });
    const again = await runClaimedStep(ctx(), probeSaga, await probe('p-fail'), { what: 'b' });
    expect(again.claimed).toBe(true);
    expect(await probe('p-fail')).toMatchObject({ status: 'done', result: 'b' });
  });

  it('recovers abandoned claims from what the step left, and leaves fresh claims alone', async () => {
    const old = new Date(clock - CLAIM_STALE_MS - 1000);
    // The runner died after the step took effect…
    effects.set('p-died-after', 'x');
    await put({ _id: 'p-died-after', status: 'working', pendingWhat: 'x', claimedAt: old });
    // …before it did…
    await put({ _id: 'p-died-before', status: 'working', pendingWhat: 'y', claimedAt: old });
    // …and one still being worked on right now.
    await put({ _id: 'p-fresh', status: 'working', pendingWhat: 'z', claimedAt: new Date(clock) });
    expect(await recoverClaims(ctx(), probeSaga)).toBe(2);
    expect(await probe('p-died-after')).toMatchObject({ status: 'done', result: 'x' });
    expect(await probe('p-died-before')).toMatchObject({ status: 'open', pendingWhat: null });
    expect((await probe('p-fresh')).status).toBe('working');
    // Nothing left to recover: a second run changes nothing.
    expect(await recoverClaims(ctx(), probeSaga)).toBe(0);
  });

  it('recovers every registered saga in one call (the aid payments and objections are among them)', async () => {
    await put({ _id: 'p-all', status: 'working', pendingWhat: 'q', claimedAt: new Date(clock - CLAIM_STALE_MS - 1) });
    const counts = await recoverSagas(ctx());
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(['payments', 'objections', 'probes']));
    expect(counts.probes).toBe(1);
    expect((await probe('p-all')).status).toBe('open');
  });
});
